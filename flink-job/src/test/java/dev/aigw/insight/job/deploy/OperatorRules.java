package dev.aigw.insight.job.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Flink Kubernetes Operator's own validation rules that a CRD schema cannot express; a manifest
 * that breaks one is accepted by the API server and then rejected by the operator.
 */
final class OperatorRules {

  /** The operator derives Service and ConfigMap names from it; longer names are rejected. */
  static final int MAX_NAME_LENGTH = 45;

  private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final List<String> CHECKPOINT_DIR_KEYS =
      List.of("execution.checkpointing.dir", "state.checkpoints.dir");
  private static final List<String> SAVEPOINT_DIR_KEYS =
      List.of("execution.checkpointing.savepoint-dir", "state.savepoints.dir");

  private OperatorRules() {}

  /**
   * Violations of {@code manifest} (a FlinkDeployment or FlinkSessionJob).
   *
   * @param sessionCluster for a FlinkSessionJob, the FlinkDeployment it runs on, if known; its
   *     configuration counts for the session job's upgrade needs
   */
  static List<String> violations(JsonNode manifest, Optional<JsonNode> sessionCluster) {
    List<String> violations = new ArrayList<>();
    String kind = manifest.path("kind").asText();
    String name = manifest.path("metadata").path("name").asText();
    if (name.length() > MAX_NAME_LENGTH) {
      violations.add(
          "metadata.name '" + name + "' is longer than " + MAX_NAME_LENGTH + " characters");
    }
    if (!DNS_1035_LABEL.matcher(name).matches()) {
      violations.add("metadata.name '" + name + "' is not a DNS-1035 label");
    }
    JsonNode spec = manifest.path("spec");
    if ("FlinkDeployment".equals(kind) && spec.path("flinkVersion").asText().isEmpty()) {
      violations.add("spec.flinkVersion is not set");
    }
    if ("FlinkSessionJob".equals(kind) && spec.path("deploymentName").asText().isEmpty()) {
      violations.add("spec.deploymentName is not set");
    }
    JsonNode job = spec.path("job");
    if (job.isMissingNode()) {
      return violations;
    }
    String jarUri = job.path("jarURI").asText();
    if (!hasScheme(jarUri)) {
      violations.add(
          "spec.job.jarURI '" + jarUri + "' has no scheme (local://, https://, s3://, …)");
    }
    String upgradeMode = job.path("upgradeMode").asText("stateless");
    if (upgradeMode.equals("savepoint") || upgradeMode.equals("last-state")) {
      JsonNode clusterConfig =
          sessionCluster.map(c -> c.path("spec").path("flinkConfiguration")).orElse(null);
      JsonNode config = spec.path("flinkConfiguration");
      if (!hasAny(config, clusterConfig, CHECKPOINT_DIR_KEYS)) {
        violations.add(
            "upgradeMode " + upgradeMode + " needs a checkpoint directory " + CHECKPOINT_DIR_KEYS);
      }
      if (!hasAny(config, clusterConfig, SAVEPOINT_DIR_KEYS)) {
        violations.add(
            "upgradeMode " + upgradeMode + " needs a savepoint directory " + SAVEPOINT_DIR_KEYS);
      }
    }
    if (upgradeMode.equals("last-state")
        && "FlinkDeployment".equals(kind)
        && spec.path("flinkConfiguration")
            .path("high-availability.type")
            .asText("NONE")
            .equalsIgnoreCase("NONE")) {
      violations.add("upgradeMode last-state needs high-availability.type (e.g. kubernetes)");
    }
    return violations;
  }

  private static boolean hasScheme(String uri) {
    try {
      return !uri.isEmpty() && new URI(uri).getScheme() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static boolean hasAny(JsonNode config, JsonNode clusterConfig, List<String> keys) {
    for (String key : keys) {
      if (!config.path(key).asText().isEmpty()
          || (clusterConfig != null && !clusterConfig.path(key).asText().isEmpty())) {
        return true;
      }
    }
    return false;
  }
}
