package dev.aigw.insight.job.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Finds the project's Kubernetes manifests and the operator's CRDs, and reads YAML as JSON trees.
 */
final class Manifests {

  /** System property that points at the Flink Kubernetes Operator CRD folder. */
  static final String CRD_DIR_PROPERTY = "aigw.k8sCrdDir";

  /** Environment variable that points at the Flink Kubernetes Operator CRD folder. */
  static final String CRD_DIR_ENV = "AIGW_K8S_CRD_DIR";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Manifests() {}

  /** The repository root: the nearest folder upwards from the working directory with k8s/. */
  static Path repositoryRoot() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("k8s")) && Files.isRegularFile(d.resolve("pom.xml"))) {
        return d;
      }
    }
    throw new IllegalStateException("No folder with k8s/ and pom.xml above " + dir);
  }

  /**
   * The CRD folder: {@code -Daigw.k8sCrdDir}, then {@code $AIGW_K8S_CRD_DIR}, then {@code
   * /work/shared/k8s-crds}, then {@code ../shared/k8s-crds} next to the repository. Fails (never
   * skips) when none holds the CRDs: a manifest test that silently passes proves nothing.
   */
  static Path crdDir() {
    List<Path> candidates = new ArrayList<>();
    String property = System.getProperty(CRD_DIR_PROPERTY);
    if (property != null && !property.isBlank()) {
      candidates.add(Path.of(property));
    }
    String env = System.getenv(CRD_DIR_ENV);
    if (env != null && !env.isBlank()) {
      candidates.add(Path.of(env));
    }
    candidates.add(Path.of("/work/shared/k8s-crds"));
    candidates.add(repositoryRoot().resolve("../shared/k8s-crds").normalize());
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate.resolve(CrdSchemas.FLINK_DEPLOYMENT_CRD))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "Flink Kubernetes Operator CRDs not found in "
            + candidates
            + "; point -D"
            + CRD_DIR_PROPERTY
            + " or "
            + CRD_DIR_ENV
            + " at a folder holding "
            + CrdSchemas.FLINK_DEPLOYMENT_CRD);
  }

  /** Every {@code *.yaml} file in the repository's k8s/ folder, sorted by name. */
  static List<Path> manifestFiles() throws IOException {
    try (Stream<Path> files = Files.list(repositoryRoot().resolve("k8s"))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
    }
  }

  /** All YAML documents of {@code file} as JSON trees. */
  static List<JsonNode> read(Path file) throws IOException {
    // SafeConstructor: plain data only, no custom tags.
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    List<JsonNode> documents = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (Object document : yaml.loadAll(reader)) {
        if (document != null) {
          documents.add(JSON.valueToTree(document));
        }
      }
    }
    return documents;
  }

  /** Parses a YAML string (e.g. a ConfigMap's data entry) as a JSON tree. */
  static JsonNode parse(String yamlText) {
    Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
    return JSON.valueToTree(document);
  }
}
