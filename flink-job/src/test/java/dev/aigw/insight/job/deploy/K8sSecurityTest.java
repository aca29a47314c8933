package dev.aigw.insight.job.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.configuration.GlobalConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The security rules of the manifests in k8s/: every credential comes from a Kubernetes Secret
 * (mounted file or secretKeyRef), none sits in a ConfigMap or in Flink's configuration, the
 * application-mode jobs refuse web submission and cancellation, and NetworkPolicies fence the OTLP
 * and REST ports.
 */
class K8sSecurityTest {

  /** Options that name a file holding a credential, and the pod that reads it. */
  private static final Map<String, String> CREDENTIAL_FILES =
      Map.of(
          "otlp.receiver.bearer-tokens-file", "taskManager",
          "otlp.receiver.tls.cert-chain-file", "taskManager",
          "otlp.receiver.tls.private-key-file", "taskManager",
          "logs.redaction.hmac-secret-file", "taskManager",
          "opensearch.username-file", "jobManager",
          "opensearch.password-file", "jobManager");

  /** Options that name an environment variable holding a credential, and the reading pod. */
  private static final Map<String, String> CREDENTIAL_ENVS =
      Map.of(
          "otlp.receiver.bearer-tokens-env", "taskManager",
          "logs.redaction.hmac-secret-env", "taskManager",
          "opensearch.username-env", "jobManager",
          "opensearch.password-env", "jobManager");

  /** Options whose value would be the credential itself. */
  private static final Set<String> INLINE_CREDENTIALS =
      Set.of(
          "otlp.receiver.bearer-token",
          "opensearch.username",
          "opensearch.password",
          "opensearch.tls.trust-store.password");

  private static final Map<String, JsonNode> BY_NAME = new LinkedHashMap<>();

  @BeforeAll
  static void load() throws IOException {
    for (Path file : Manifests.manifestFiles()) {
      if (file.getFileName().toString().equals(K8sDashboardTest.MANIFEST)) {
        continue; // its security rules are in K8sDashboardTest (its names repeat across kinds)
      }
      for (JsonNode manifest : Manifests.read(file)) {
        BY_NAME.put(manifest.path("metadata").path("name").asText(), manifest);
      }
    }
  }

  @Test
  void everyCredentialOfTheJobsIsAMountedSecretFile() {
    Set<String> secretNames = secretNames();
    Map<String, Set<String>> checked = new TreeMap<>();
    for (String job : List.of("aigw-insight", "aigw-insight-kafka", "aigw-insight-session-job")) {
      JsonNode manifest = BY_NAME.get(job);
      // a session job's pods are those of its session cluster
      JsonNode podsOwner =
          manifest.path("kind").asText().equals("FlinkSessionJob")
              ? BY_NAME.get(manifest.path("spec").path("deploymentName").asText())
              : manifest;
      Map<String, String> options = options(manifest);
      for (Map.Entry<String, String> option : options.entrySet()) {
        String key = option.getKey();
        assertThat(INLINE_CREDENTIALS).as("%s sets %s inline", job, key).doesNotContain(key);
        if (CREDENTIAL_FILES.containsKey(key)) {
          String pod = CREDENTIAL_FILES.get(key);
          String secret = secretMountedAt(podsOwner, pod, option.getValue());
          assertThat(secret)
              .as("%s: %s=%s is not in a Secret volume of the %s", job, key, option.getValue(), pod)
              .isNotNull();
          assertThat(secretNames).as("%s: Secret of %s", job, key).contains(secret);
          checked.computeIfAbsent(job, j -> new TreeSet<>()).add(key);
        } else if (CREDENTIAL_ENVS.containsKey(key)) {
          assertThat(envFromSecret(podsOwner, CREDENTIAL_ENVS.get(key), option.getValue()))
              .as("%s: %s names an env var not filled from a Secret", job, key)
              .isTrue();
          checked.computeIfAbsent(job, j -> new TreeSet<>()).add(key);
        } else {
          assertThat(GlobalConfiguration.isSensitive(key))
              .as("%s: %s looks like a secret but is not read from one", job, key)
              .isFalse();
        }
      }
    }
    Set<String> kafkaJob =
        Set.of(
            "logs.redaction.hmac-secret-file",
            "opensearch.username-file",
            "opensearch.password-file");
    Set<String> grpcJob = new TreeSet<>(kafkaJob);
    grpcJob.addAll(
        Set.of(
            "otlp.receiver.bearer-tokens-file",
            "otlp.receiver.tls.cert-chain-file",
            "otlp.receiver.tls.private-key-file"));
    assertThat(checked)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "aigw-insight", grpcJob,
                "aigw-insight-kafka", new TreeSet<>(kafkaJob),
                "aigw-insight-session-job", new TreeSet<>(kafkaJob)));
  }

  /** Flink prints its configuration at start; these keys' values must come out as ******. */
  @Test
  void inlineSecretKeysAreMaskedByFlink() {
    for (String key :
        List.of(
            "otlp.receiver.bearer-token",
            "opensearch.password",
            "opensearch.tls.trust-store.password")) {
      assertThat(GlobalConfiguration.isSensitive(key)).as(key).isTrue();
    }
    // the username is an identity, not a secret: Flink prints it, which is why the manifests
    // still take it from the Secret file
    assertThat(GlobalConfiguration.isSensitive("opensearch.username")).isFalse();
  }

  @Test
  void noConfigMapOrFlinkConfigurationHoldsASecretLookingKey() {
    List<String> keys = new ArrayList<>();
    for (JsonNode manifest : BY_NAME.values()) {
      String kind = manifest.path("kind").asText();
      if (kind.equals("ConfigMap")) {
        manifest
            .path("data")
            .fields()
            .forEachRemaining(
                e -> {
                  keys.add(e.getKey());
                  collectKeys(Manifests.parse(e.getValue().asText()), "", keys);
                });
      } else if (kind.startsWith("Flink")) {
        manifest.path("spec").path("flinkConfiguration").fieldNames().forEachRemaining(keys::add);
      }
    }
    assertThat(keys).contains("gen-ai-config.yml", "providers", "state.backend.type");
    assertThat(keys).noneMatch(GlobalConfiguration::isSensitive);
  }

  @Test
  void secretsHoldOnlyPlaceholders() {
    for (String name :
        List.of(
            "aigw-insight-otlp-tokens",
            "aigw-insight-opensearch",
            "aigw-insight-redaction",
            "aigw-insight-dashboard-tokens",
            "aigw-insight-dashboard-opensearch")) {
      JsonNode data = BY_NAME.get(name).path("stringData");
      assertThat(data.size()).as(name).isPositive();
      data.fields()
          .forEachRemaining(
              e -> {
                if (!e.getKey().equals("username")) {
                  assertThat(e.getValue().asText()).as(name).contains("REPLACE-WITH");
                }
              });
    }
    JsonNode certificate = BY_NAME.get("aigw-insight-otlp-tls").path("spec");
    assertThat(certificate.path("secretName").asText()).isEqualTo("aigw-insight-otlp-tls");
    assertThat(certificate.path("privateKey").path("encoding").asText()).isEqualTo("PKCS8");
    assertThat(certificate.path("dnsNames").toString())
        .contains("aigw-insight-otlp.aigw.svc.cluster.local");
  }

  @Test
  void applicationModeJobsRefuseWebSubmissionAndCancellation() {
    for (String name : List.of("aigw-insight", "aigw-insight-kafka")) {
      JsonNode config = BY_NAME.get(name).path("spec").path("flinkConfiguration");
      assertThat(config.path("web.submit.enable").asText()).as(name).isEqualTo("false");
      assertThat(config.path("web.cancel.enable").asText()).as(name).isEqualTo("false");
    }
  }

  @Test
  void networkPoliciesAdmitOtlpFromLabelledNamespacesAndRestFromTheOperator() {
    JsonNode tm = BY_NAME.get("aigw-insight-taskmanagers").path("spec");
    assertThat(tm.path("policyTypes").toString()).isEqualTo("[\"Ingress\"]");
    assertThat(tm.path("podSelector").toString()).contains("aigw-insight").contains("taskmanager");
    JsonNode otlp = tm.path("ingress").get(0);
    assertThat(otlp.path("ports").get(0).path("port").asInt()).isEqualTo(4317);
    assertThat(otlp.path("from").get(0).path("namespaceSelector").path("matchLabels").toString())
        .isEqualTo("{\"aigw.dev/otlp-sender\":\"true\"}");
    // the only other rules: the job's own pods, and the metrics port for Prometheus
    assertThat(tm.path("ingress")).hasSize(3);
    assertThat(tm.path("ingress").get(1).path("from").get(0).has("podSelector")).isTrue();
    assertThat(tm.path("ingress").get(1).path("from").get(0).has("namespaceSelector")).isFalse();
    assertMetricsOnlyFromMonitoring(tm.path("ingress").get(2));

    JsonNode jm = BY_NAME.get("aigw-insight-jobmanagers").path("spec");
    JsonNode rest = jm.path("ingress").get(0);
    assertThat(rest.path("ports").get(0).path("port").asInt()).isEqualTo(8081);
    assertThat(rest.path("from").get(0).path("namespaceSelector").path("matchLabels").toString())
        .isEqualTo("{\"kubernetes.io/metadata.name\":\"flink-operator\"}");
    assertThat(jm.path("ingress")).hasSize(3);
    assertThat(jm.path("ingress").get(1).path("from").get(0).has("namespaceSelector")).isFalse();
    assertMetricsOnlyFromMonitoring(jm.path("ingress").get(2));
    // the OTLP container port the policy opens is the one the receiver listens on
    JsonNode container =
        BY_NAME
            .get("aigw-insight")
            .path("spec")
            .path("taskManager")
            .path("podTemplate")
            .path("spec")
            .path("containers")
            .get(0);
    assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(4317);
  }

  /** The Prometheus rule: port 9249 alone, from Prometheus' namespace alone. */
  private static void assertMetricsOnlyFromMonitoring(JsonNode rule) {
    assertThat(rule.path("ports")).hasSize(1);
    assertThat(rule.path("ports").get(0).path("port").asInt()).isEqualTo(9249);
    assertThat(rule.path("from")).hasSize(1);
    assertThat(rule.path("from").get(0).path("namespaceSelector").path("matchLabels").toString())
        .isEqualTo("{\"kubernetes.io/metadata.name\":\"monitoring\"}");
    assertThat(rule.path("from").get(0).has("podSelector")).isFalse();
  }

  /** The job's options: {@code --key value} arguments and flinkConfiguration entries. */
  private static Map<String, String> options(JsonNode manifest) {
    Map<String, String> options = new LinkedHashMap<>();
    manifest
        .path("spec")
        .path("flinkConfiguration")
        .fields()
        .forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
    JsonNode args = manifest.path("spec").path("job").path("args");
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i).asText();
      if (arg.startsWith("--")) {
        options.put(arg.substring(2), i + 1 < args.size() ? args.get(i + 1).asText() : "true");
      }
    }
    return options;
  }

  /** The Secret whose volume is mounted in {@code pod} at a directory holding {@code path}. */
  private static String secretMountedAt(JsonNode deployment, String pod, String path) {
    JsonNode spec = deployment.path("spec").path(pod).path("podTemplate").path("spec");
    for (JsonNode mount : spec.path("containers").get(0).path("volumeMounts")) {
      String dir = mount.path("mountPath").asText();
      if (path.startsWith(dir + "/")) {
        for (JsonNode volume : spec.path("volumes")) {
          if (volume.path("name").asText().equals(mount.path("name").asText())) {
            return volume.path("secret").path("secretName").asText(null);
          }
        }
      }
    }
    return null;
  }

  private static boolean envFromSecret(JsonNode deployment, String pod, String variable) {
    JsonNode spec = deployment.path("spec").path(pod).path("podTemplate").path("spec");
    for (JsonNode env : spec.path("containers").get(0).path("env")) {
      if (env.path("name").asText().equals(variable)) {
        return env.path("valueFrom").has("secretKeyRef");
      }
    }
    return false;
  }

  /** Names of the Secrets defined here, and of those cert-manager writes. */
  private static Set<String> secretNames() {
    Set<String> names = new TreeSet<>();
    for (JsonNode manifest : BY_NAME.values()) {
      switch (manifest.path("kind").asText()) {
        case "Secret" -> names.add(manifest.path("metadata").path("name").asText());
        case "Certificate" -> names.add(manifest.path("spec").path("secretName").asText());
        default -> {}
      }
    }
    return names;
  }

  private static void collectKeys(JsonNode node, String prefix, List<String> keys) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e -> {
                keys.add(e.getKey());
                collectKeys(e.getValue(), prefix + e.getKey() + ".", keys);
              });
    } else if (node.isArray()) {
      node.forEach(item -> collectKeys(item, prefix, keys));
    }
  }
}
