package dev.aigw.insight.job.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest in k8s/ is valid: FlinkDeployments and FlinkSessionJobs against the Flink
 * Kubernetes Operator's CRD schemas (read from the shared CRD folder, strict mode) and the
 * operator's own rules; the Services and the ConfigMap fit the FlinkDeployment they serve.
 */
class K8sManifestsTest {

  private static CrdSchemas schemas;

  /** The job's manifests by metadata.name, in file order (the dashboard's: K8sDashboardTest). */
  private static final Map<String, JsonNode> BY_NAME = new LinkedHashMap<>();

  /** "kind/name" of every manifest in k8s/ (a name may repeat across kinds, as in Kubernetes). */
  private static final List<String> ALL = new ArrayList<>();

  @BeforeAll
  static void load() throws IOException {
    schemas = CrdSchemas.load(Manifests.crdDir());
    for (Path file : Manifests.manifestFiles()) {
      for (JsonNode manifest : Manifests.read(file)) {
        String name = manifest.path("metadata").path("name").asText();
        String id = manifest.path("kind").asText() + "/" + name;
        assertThat(ALL).as("duplicate manifest %s in %s", id, file).doesNotContain(id);
        ALL.add(id);
        if (!file.getFileName().toString().equals(K8sDashboardTest.MANIFEST)) {
          JsonNode previous = BY_NAME.put(name, manifest);
          assertThat(previous).as("duplicate manifest name in %s", file).isNull();
        }
      }
    }
  }

  @Test
  void everyExpectedManifestIsThere() {
    assertThat(ALL)
        .containsExactlyInAnyOrder(
            "FlinkDeployment/aigw-insight",
            "FlinkDeployment/aigw-insight-kafka",
            "FlinkDeployment/aigw-session",
            "FlinkSessionJob/aigw-insight-session-job",
            "Service/aigw-insight-otlp",
            "Service/aigw-insight-otlp-lb",
            "ConfigMap/aigw-insight-prices",
            "Secret/aigw-insight-otlp-tokens",
            "Secret/aigw-insight-opensearch",
            "Secret/aigw-insight-redaction",
            "Secret/aigw-insight-dashboard-tokens",
            "Secret/aigw-insight-dashboard-opensearch",
            "Certificate/aigw-insight-otlp-tls",
            "NetworkPolicy/aigw-insight-taskmanagers",
            "NetworkPolicy/aigw-insight-jobmanagers",
            "Deployment/aigw-insight-dashboard",
            "Service/aigw-insight-dashboard",
            "NetworkPolicy/aigw-insight-dashboard",
            "PodMonitor/aigw-insight-metrics");
  }

  @Test
  void flinkResourcesMatchTheStrictCrdSchemas() {
    List<String> checked = new ArrayList<>();
    for (JsonNode manifest : flinkResources()) {
      String name = manifest.path("metadata").path("name").asText();
      assertThat(messages(schemas.validateStrict(manifest))).as(name).isEmpty();
      checked.add(name);
    }
    assertThat(checked).hasSize(4);
  }

  @Test
  void flinkResourcesFollowTheOperatorsRules() {
    for (JsonNode manifest : flinkResources()) {
      assertThat(OperatorRules.violations(manifest, sessionClusterOf(manifest)))
          .as(manifest.path("metadata").path("name").asText())
          .isEmpty();
    }
  }

  @Test
  void jobsUseFlink22SavepointUpgradesAndRocksDb() {
    for (String name : List.of("aigw-insight", "aigw-insight-kafka")) {
      JsonNode spec = BY_NAME.get(name).path("spec");
      assertThat(spec.path("flinkVersion").asText()).isEqualTo("v2_2");
      assertThat(spec.path("job").path("upgradeMode").asText()).isEqualTo("savepoint");
      assertThat(spec.path("job").path("jarURI").asText())
          .isEqualTo("local:///opt/flink/usrlib/aigw-insight-job.jar");
      JsonNode config = spec.path("flinkConfiguration");
      assertThat(config.path("state.backend.type").asText()).isEqualTo("rocksdb");
      assertThat(config.path("execution.checkpointing.incremental").asText()).isEqualTo("true");
      assertThat(config.path("high-availability.type").asText()).isEqualTo("kubernetes");
      assertThat(config.path("pipeline.max-parallelism").asText()).isEqualTo("128");
    }
    assertThat(BY_NAME.get("aigw-insight-session-job").path("spec").path("job").path("upgradeMode"))
        .hasToString("\"savepoint\"");
  }

  @Test
  void grpcReceiverRunsOneSlotPerTaskManager() {
    JsonNode spec = BY_NAME.get("aigw-insight").path("spec");
    assertThat(spec.path("flinkConfiguration").path("taskmanager.numberOfTaskSlots").asText())
        .isEqualTo("1");
    assertThat(args(spec)).containsSequence("--otlp.receiver.port", "4317");
    JsonNode container =
        spec.path("taskManager").path("podTemplate").path("spec").path("containers").get(0);
    assertThat(container.path("name").asText()).isEqualTo("flink-main-container");
    assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(4317);
    assertThat(container.path("ports").get(0).path("name").asText()).isEqualTo("otlp-grpc");
  }

  @Test
  void httpReceiverIsExposedNextToGrpc() {
    JsonNode spec = BY_NAME.get("aigw-insight").path("spec");
    assertThat(args(spec)).containsSequence("--otlp.http.port", "4318");
    JsonNode container =
        spec.path("taskManager").path("podTemplate").path("spec").path("containers").get(0);
    assertThat(container.path("ports").get(1).path("containerPort").asInt()).isEqualTo(4318);
    assertThat(container.path("ports").get(1).path("name").asText()).isEqualTo("otlp-http");
    for (String service : List.of("aigw-insight-otlp", "aigw-insight-otlp-lb")) {
      JsonNode port = BY_NAME.get(service).path("spec").path("ports").get(1);
      assertThat(port.path("port").asInt()).as(service).isEqualTo(4318);
      assertThat(port.path("targetPort").asText()).as(service).isEqualTo("otlp-http");
    }
    JsonNode otlp = BY_NAME.get("aigw-insight-taskmanagers").path("spec").path("ingress").get(0);
    assertThat(otlp.path("ports").get(1).path("port").asInt()).isEqualTo(4318);
  }

  @Test
  void kafkaVariantsReadTheOtlpTopics() {
    for (String name : List.of("aigw-insight-kafka", "aigw-insight-session-job")) {
      List<String> args = args(BY_NAME.get(name).path("spec"));
      assertThat(args)
          .as(name)
          .containsSequence("--ingest.kafka.enabled", "true")
          .containsSequence("--ingest.otlp-grpc.enabled", "false")
          .containsSequence("--kafka.topic.metrics", "otlp_metrics")
          .containsSequence("--kafka.topic.logs", "otlp_logs")
          .doesNotContain("--otlp.receiver.port");
    }
  }

  @Test
  void headlessServiceSelectsTheReceiverTaskManagers() {
    JsonNode spec = BY_NAME.get("aigw-insight-otlp").path("spec");
    assertThat(spec.path("clusterIP").asText()).isEqualTo("None");
    // The operator labels TaskManager pods with app=<FlinkDeployment name>, component=taskmanager.
    assertThat(spec.path("selector").path("app").asText()).isEqualTo("aigw-insight");
    assertThat(spec.path("selector").path("component").asText()).isEqualTo("taskmanager");
    JsonNode port = spec.path("ports").get(0);
    assertThat(port.path("port").asInt()).isEqualTo(4317);
    assertThat(port.path("targetPort").asText()).isEqualTo("otlp-grpc");
    assertThat(port.path("appProtocol").asText()).isEqualTo("grpc");
    JsonNode balanced = BY_NAME.get("aigw-insight-otlp-lb").path("spec");
    assertThat(balanced.path("selector")).isEqualTo(spec.path("selector"));
    assertThat(balanced.path("type").asText()).isEqualTo("ClusterIP");
  }

  @Test
  void priceTableConfigMapIsMountedWhereTheJobReadsIt() {
    JsonNode prices =
        Manifests.parse(
            BY_NAME.get("aigw-insight-prices").path("data").path("gen-ai-config.yml").asText());
    assertThat(prices.path("providers")).hasSize(2);
    assertThat(prices.path("providers").get(0).path("models").get(0).path("name").asText())
        .isEqualTo("gpt-4o");
    for (String name : List.of("aigw-insight", "aigw-insight-kafka")) {
      JsonNode spec = BY_NAME.get(name).path("spec");
      JsonNode pod = spec.path("taskManager").path("podTemplate").path("spec");
      assertThat(pod.path("volumes").get(0).path("configMap").path("name").asText())
          .as(name)
          .isEqualTo("aigw-insight-prices");
      String mountPath =
          pod.path("containers").get(0).path("volumeMounts").get(0).path("mountPath").asText();
      assertThat(args(spec))
          .as(name)
          .containsSequence("--analysis.price-table.path", mountPath + "/gen-ai-config.yml");
    }
  }

  /**
   * Every Flink cluster reports its metrics through Flink's Prometheus reporter on the port its
   * JobManager and TaskManager containers name "metrics", and the PodMonitor scrapes that port on
   * exactly those pods.
   */
  @Test
  void everyFlinkClusterReportsToPrometheusAndThePodMonitorScrapesIt() {
    List<String> clusters = List.of("aigw-insight", "aigw-insight-kafka", "aigw-session");
    for (String name : clusters) {
      JsonNode spec = BY_NAME.get(name).path("spec");
      JsonNode config = spec.path("flinkConfiguration");
      assertThat(config.path("metrics.reporter.prom.factory.class").asText())
          .as(name)
          .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
      assertThat(config.path("metrics.reporter.prom.port").asText()).as(name).isEqualTo("9249");
      for (String pod : List.of("jobManager", "taskManager")) {
        JsonNode container =
            spec.path(pod).path("podTemplate").path("spec").path("containers").get(0);
        assertThat(container.path("name").asText()).isEqualTo("flink-main-container");
        List<String> ports = new ArrayList<>();
        container
            .path("ports")
            .forEach(p -> ports.add(p.path("name").asText() + ":" + p.path("containerPort")));
        assertThat(ports).as("%s %s container ports", name, pod).contains("metrics:9249");
      }
    }
    JsonNode monitor = BY_NAME.get("aigw-insight-metrics");
    assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.path("kind").asText()).isEqualTo("PodMonitor");
    assertThat(monitor.path("metadata").path("namespace").asText()).isEqualTo("aigw");
    Map<String, List<String>> selector = new LinkedHashMap<>();
    for (JsonNode expression : monitor.path("spec").path("selector").path("matchExpressions")) {
      assertThat(expression.path("operator").asText()).isEqualTo("In");
      List<String> values = new ArrayList<>();
      expression.path("values").forEach(v -> values.add(v.asText()));
      selector.put(expression.path("key").asText(), values);
    }
    // the operator labels the pods app=<FlinkDeployment name>, component=jobmanager|taskmanager
    assertThat(selector)
        .containsOnlyKeys("app", "component")
        .containsEntry("component", List.of("jobmanager", "taskmanager"));
    assertThat(selector.get("app")).containsExactlyInAnyOrderElementsOf(clusters);
    JsonNode endpoint = monitor.path("spec").path("podMetricsEndpoints").get(0);
    assertThat(endpoint.path("port").asText()).isEqualTo("metrics");
    assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
  }

  /**
   * The Kafka variant is sized by the operator's autoscaler, within bounds that keep the keyed
   * stages even and no source subtask idle (reasons in docs/operations.md, "Scaling").
   */
  @Test
  void kafkaVariantIsAutoscaledWithinThePartitionsAndKeyGroups() {
    JsonNode spec = BY_NAME.get("aigw-insight-kafka").path("spec");
    JsonNode config = spec.path("flinkConfiguration");
    assertThat(config.path("job.autoscaler.enabled").asText()).isEqualTo("true");
    double target = Double.parseDouble(config.path("job.autoscaler.target.utilization").asText());
    double boundary =
        Double.parseDouble(config.path("job.autoscaler.target.utilization.boundary").asText());
    assertThat(target).isBetween(0.5, 0.8);
    assertThat(boundary).isPositive().isLessThan(Math.min(target, 1 - target));
    Duration window =
        TimeUtils.parseDuration(config.path("job.autoscaler.metrics.window").asText());
    Duration stabilization =
        TimeUtils.parseDuration(config.path("job.autoscaler.stabilization.interval").asText());
    Duration restart = TimeUtils.parseDuration(config.path("job.autoscaler.restart.time").asText());
    Duration catchUp =
        TimeUtils.parseDuration(config.path("job.autoscaler.catch-up.duration").asText());
    // several of the gateways' 60 s export intervals per decision
    assertThat(window).isGreaterThanOrEqualTo(Duration.ofMinutes(5));
    assertThat(stabilization).isGreaterThanOrEqualTo(window);
    assertThat(catchUp).isGreaterThan(restart);
    int maxParallelism = Integer.parseInt(config.path("pipeline.max-parallelism").asText());
    int vertexMax = Integer.parseInt(config.path("job.autoscaler.vertex.max-parallelism").asText());
    int vertexMin = Integer.parseInt(config.path("job.autoscaler.vertex.min-parallelism").asText());
    assertThat(maxParallelism % vertexMax).as("key groups split evenly").isZero();
    assertThat(spec.path("job").path("parallelism").asInt()).isBetween(vertexMin, vertexMax);
    // every rescale is an upgrade: it must keep the state
    assertThat(spec.path("job").path("upgradeMode").asText()).isEqualTo("savepoint");
    // the gRPC variant is not autoscaled: a rescale moves receivers (docs/operations.md)
    assertThat(
            BY_NAME
                .get("aigw-insight")
                .path("spec")
                .path("flinkConfiguration")
                .has("job.autoscaler.enabled"))
        .isFalse();
  }

  /** Why strict: Kubernetes' own (lenient) schema accepts a misspelt key and drops it. */
  @Test
  void typoInUpgradeModeFailsStrictValidationOnly() {
    JsonNode manifest =
        edited("aigw-insight", spec -> renameJobKey(spec, "upgradeMode", "upgradMode"));
    assertThat(messages(schemas.validateLenient(manifest))).isEmpty();
    assertThat(messages(schemas.validateStrict(manifest)))
        .anySatisfy(message -> assertThat(message).contains("upgradMode"));
  }

  @Test
  void misspeltKeysAnywhereAndWrongValuesFail() {
    JsonNode misspelt =
        edited("aigw-insight", spec -> ((ObjectNode) spec).put("flinkVersionn", "v2_2"));
    assertThat(messages(schemas.validateStrict(misspelt)))
        .anySatisfy(message -> assertThat(message).contains("flinkVersionn"));
    // Pod templates are typed down to the container: a misspelt volumeMounts is caught too.
    JsonNode podTypo =
        edited(
            "aigw-insight",
            spec -> {
              ObjectNode container =
                  (ObjectNode)
                      spec.path("taskManager")
                          .path("podTemplate")
                          .path("spec")
                          .path("containers")
                          .get(0);
              container.set("volumeMount", container.remove("volumeMounts"));
            });
    assertThat(messages(schemas.validateStrict(podTypo)))
        .anySatisfy(message -> assertThat(message).contains("volumeMount"));
    JsonNode tooNew =
        edited("aigw-insight", spec -> ((ObjectNode) spec).put("flinkVersion", "v2_3"));
    assertThat(messages(schemas.validateStrict(tooNew))).isNotEmpty();
    JsonNode noKind = BY_NAME.get("aigw-insight").deepCopy();
    ((ObjectNode) noKind).put("kind", "FlinkDeployment");
    ((ObjectNode) noKind).put("apiVersion", "flink.apache.org/v1");
    assertThat(messages(schemas.validateStrict(noKind)))
        .anySatisfy(message -> assertThat(message).contains("apiVersion"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleBreakers")
  void operatorRuleViolationsAreReported(String rule, Consumer<JsonNode> edit, String expected) {
    JsonNode manifest = BY_NAME.get("aigw-insight").deepCopy();
    edit.accept(manifest);
    assertThat(OperatorRules.violations(manifest, Optional.empty()))
        .anySatisfy(violation -> assertThat(violation).contains(expected));
  }

  static Stream<Arguments> ruleBreakers() {
    return Stream.of(
        Arguments.of(
            "flinkVersion missing",
            (Consumer<JsonNode>) m -> ((ObjectNode) m.path("spec")).remove("flinkVersion"),
            "spec.flinkVersion is not set"),
        Arguments.of(
            "savepoint upgrade without savepoint dir",
            (Consumer<JsonNode>)
                m ->
                    ((ObjectNode) m.path("spec").path("flinkConfiguration"))
                        .remove("execution.checkpointing.savepoint-dir"),
            "needs a savepoint directory"),
        Arguments.of(
            "savepoint upgrade without checkpoint dir",
            (Consumer<JsonNode>)
                m ->
                    ((ObjectNode) m.path("spec").path("flinkConfiguration"))
                        .remove("execution.checkpointing.dir"),
            "needs a checkpoint directory"),
        Arguments.of(
            "last-state upgrade without HA",
            (Consumer<JsonNode>)
                m -> {
                  ((ObjectNode) m.path("spec").path("job")).put("upgradeMode", "last-state");
                  ((ObjectNode) m.path("spec").path("flinkConfiguration"))
                      .remove("high-availability.type");
                },
            "needs high-availability.type"),
        Arguments.of(
            "name of 46 characters",
            (Consumer<JsonNode>) m -> ((ObjectNode) m.path("metadata")).put("name", "a".repeat(46)),
            "longer than 45 characters"),
        Arguments.of(
            "jarURI without scheme",
            (Consumer<JsonNode>)
                m ->
                    ((ObjectNode) m.path("spec").path("job"))
                        .put("jarURI", "/opt/flink/usrlib/aigw-insight-job.jar"),
            "has no scheme"));
  }

  private static List<JsonNode> flinkResources() {
    return BY_NAME.values().stream()
        .filter(m -> m.path("apiVersion").asText().startsWith("flink.apache.org/"))
        .toList();
  }

  private static Optional<JsonNode> sessionClusterOf(JsonNode manifest) {
    return Optional.ofNullable(BY_NAME.get(manifest.path("spec").path("deploymentName").asText()));
  }

  private static List<String> args(JsonNode spec) {
    List<String> args = new ArrayList<>();
    spec.path("job").path("args").forEach(arg -> args.add(arg.asText()));
    return args;
  }

  private static JsonNode edited(String name, Consumer<JsonNode> specEdit) {
    JsonNode copy = BY_NAME.get(name).deepCopy();
    specEdit.accept(copy.path("spec"));
    return copy;
  }

  private static void renameJobKey(JsonNode spec, String from, String to) {
    ObjectNode job = (ObjectNode) spec.path("job");
    job.set(to, job.remove(from));
  }

  private static List<String> messages(List<Error> errors) {
    return errors.stream().map(Error::toString).toList();
  }
}
