package dev.aigw.insight.job.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's manifests ({@code k8s/dashboard.yaml}), validated like the job's: the pod
 * template against Kubernetes' Pod schema in strict mode (taken from the operator's CRD, which
 * embeds it), the Deployment and Service fit together, every credential comes from a mounted
 * Secret, nothing is exposed beyond a ClusterIP Service, and the container runs locked down.
 */
class K8sDashboardTest {

  /** The dashboard's manifest file in k8s/. */
  static final String MANIFEST = "dashboard.yaml";

  /** Options whose value is a file holding a credential. */
  private static final Set<String> CREDENTIAL_FILES =
      Set.of(
          "dashboard.bearer-tokens-file", "opensearch.username-file", "opensearch.password-file");

  /** Options whose value would be the credential itself. */
  private static final Set<String> INLINE_CREDENTIALS =
      Set.of("dashboard.bearer-token", "opensearch.username", "opensearch.password");

  private static final Map<String, JsonNode> BY_KIND = new LinkedHashMap<>();
  private static final Set<String> SECRETS = new TreeSet<>();
  private static JsonNode deployment;
  private static JsonNode pod;
  private static JsonNode container;

  @BeforeAll
  static void load() throws IOException {
    Path file = Manifests.repositoryRoot().resolve("k8s").resolve(MANIFEST);
    for (JsonNode manifest : Manifests.read(file)) {
      BY_KIND.put(manifest.path("kind").asText(), manifest);
    }
    for (Path other : Manifests.manifestFiles()) {
      for (JsonNode manifest : Manifests.read(other)) {
        if (manifest.path("kind").asText().equals("Secret")) {
          SECRETS.add(manifest.path("metadata").path("name").asText());
        }
      }
    }
    deployment = BY_KIND.get("Deployment");
    pod = deployment.path("spec").path("template");
    container = pod.path("spec").path("containers").get(0);
  }

  @Test
  void aDeploymentAServiceAndANetworkPolicyNamedAfterTheDashboard() {
    assertThat(BY_KIND).containsOnlyKeys("Deployment", "Service", "NetworkPolicy");
    for (JsonNode manifest : BY_KIND.values()) {
      assertThat(manifest.path("metadata").path("name").asText())
          .isEqualTo("aigw-insight-dashboard");
      assertThat(manifest.path("metadata").path("namespace").asText()).isEqualTo("aigw");
    }
    assertThat(deployment.path("apiVersion").asText()).isEqualTo("apps/v1");
  }

  @Test
  void thePodTemplateMatchesKubernetesPodSchemaStrictly() throws IOException {
    Schema podSchema = CrdSchemas.strictPodSchema(Manifests.crdDir());
    assertThat(podSchema.validate(pod)).extracting(Object::toString).isEmpty();

    // the strict schema does catch a misspelt key
    JsonNode typo = pod.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) typo.path("spec").path("containers").get(0))
        .put("imagePullPolicyy", "Always");
    assertThat(podSchema.validate(typo)).isNotEmpty();
  }

  @Test
  void theSelectorPicksThePodAndTheServiceReachesItsPort() {
    JsonNode selector = deployment.path("spec").path("selector").path("matchLabels");
    JsonNode labels = pod.path("metadata").path("labels");
    selector
        .fields()
        .forEachRemaining(e -> assertThat(labels.path(e.getKey())).isEqualTo(e.getValue()));
    JsonNode service = BY_KIND.get("Service").path("spec");
    assertThat(service.path("selector")).isEqualTo(selector);
    JsonNode port = service.path("ports").get(0);
    assertThat(port.path("targetPort").asText())
        .isEqualTo(container.path("ports").get(0).path("name").asText());
    assertThat(container.path("ports").get(0).path("containerPort").asInt())
        .isEqualTo(Integer.parseInt(args().get("dashboard.port")));
    // the probes use the health path, which needs no token
    assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/api/health");
    assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/api/health");
  }

  @Test
  void nothingIsExposedBeyondAClusterIpService() throws IOException {
    assertThat(BY_KIND.get("Service").path("spec").path("type").asText()).isEqualTo("ClusterIP");
    for (JsonNode port : BY_KIND.get("Service").path("spec").path("ports")) {
      assertThat(port.has("nodePort")).isFalse();
    }
    assertThat(container.toString()).doesNotContain("hostPort");
    assertThat(pod.path("spec").path("hostNetwork").asBoolean(false)).isFalse();
    for (Path file : Manifests.manifestFiles()) {
      assertThat(Files.readString(file)).as(file.toString()).doesNotContain("kind: Ingress");
    }
    JsonNode policy = BY_KIND.get("NetworkPolicy").path("spec");
    assertThat(policy.path("podSelector").path("matchLabels"))
        .isEqualTo(deployment.path("spec").path("selector").path("matchLabels"));
    JsonNode rule = policy.path("ingress").get(0);
    assertThat(policy.path("ingress").size()).isEqualTo(1);
    assertThat(rule.path("ports").get(0).path("port").asInt()).isEqualTo(8080);
    assertThat(rule.path("from").get(0).path("namespaceSelector").path("matchLabels").toString())
        .isEqualTo("{\"aigw.dev/dashboard-client\":\"true\"}");
  }

  @Test
  void everyCredentialIsAFileOfAMountedSecret() {
    Map<String, String> args = args();
    List<String> checked = new ArrayList<>();
    for (Map.Entry<String, String> option : args.entrySet()) {
      assertThat(INLINE_CREDENTIALS).doesNotContain(option.getKey());
      if (CREDENTIAL_FILES.contains(option.getKey())) {
        String secret = secretMountedAt(option.getValue());
        assertThat(secret).as("%s=%s", option.getKey(), option.getValue()).isNotNull();
        assertThat(SECRETS).as("Secret of %s", option.getKey()).contains(secret);
        checked.add(option.getKey());
      }
    }
    assertThat(checked).containsExactlyInAnyOrderElementsOf(CREDENTIAL_FILES);
    // the dashboard reads with its own (read-only) OpenSearch user, not the job's writer
    assertThat(secretMountedAt(args.get("opensearch.password-file")))
        .isEqualTo("aigw-insight-dashboard-opensearch");
    assertThat(container.has("env")).isFalse();
  }

  @Test
  void theContainerRunsLockedDown() {
    assertThat(pod.path("spec").path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.path("spec").path("automountServiceAccountToken").asBoolean(true)).isFalse();
    JsonNode security = container.path("securityContext");
    assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(security.path("capabilities").path("drop").toString()).isEqualTo("[\"ALL\"]");
    for (JsonNode mount : container.path("volumeMounts")) {
      if (!mount.path("mountPath").asText().equals("/tmp")) {
        assertThat(mount.path("readOnly").asBoolean()).as(mount.toString()).isTrue();
      }
    }
  }

  @Test
  void itReadsTheStoresTheJobWrites() throws IOException {
    Map<String, String> args = args();
    JsonNode job = null;
    for (JsonNode manifest :
        Manifests.read(Manifests.repositoryRoot().resolve("k8s/aigw-insight.yaml"))) {
      job = manifest;
    }
    List<String> jobArgs = new ArrayList<>();
    job.path("spec").path("job").path("args").forEach(a -> jobArgs.add(a.asText()));
    for (String option : List.of("banyandb.targets", "opensearch.hosts")) {
      assertThat(jobArgs).containsSequence("--" + option, args.get(option));
    }
  }

  /** The container's {@code --key value} arguments. */
  private static Map<String, String> args() {
    Map<String, String> options = new LinkedHashMap<>();
    JsonNode args = container.path("args");
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i).asText();
      if (arg.startsWith("--")) {
        options.put(arg.substring(2), i + 1 < args.size() ? args.get(i + 1).asText() : "true");
      }
    }
    return options;
  }

  /** The Secret whose volume is mounted at a directory holding {@code path}. */
  private static String secretMountedAt(String path) {
    for (JsonNode mount : container.path("volumeMounts")) {
      if (path.startsWith(mount.path("mountPath").asText() + "/")) {
        for (JsonNode volume : pod.path("spec").path("volumes")) {
          if (volume.path("name").asText().equals(mount.path("name").asText())) {
            return volume.path("secret").path("secretName").asText(null);
          }
        }
      }
    }
    return null;
  }
}
