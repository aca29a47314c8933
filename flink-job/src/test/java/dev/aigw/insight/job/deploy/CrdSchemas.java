package dev.aigw.insight.job.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON schemas for FlinkDeployment and FlinkSessionJob manifests, taken from the operator's CRDs.
 *
 * <p>Strict mode closes every object schema that lists its properties ({@code additionalProperties:
 * false}): the API server prunes unknown fields silently, so a typo such as {@code upgradMode}
 * would otherwise be dropped and the job would fall back to a stateless upgrade. Free-form parts
 * stay open: {@code flinkConfiguration} ({@code x-kubernetes-preserve-unknown-fields}) and maps
 * such as labels or resource limits (which declare their own {@code additionalProperties}).
 */
final class CrdSchemas {

  static final String FLINK_DEPLOYMENT_CRD = "flinkdeployments.flink.apache.org-v1.yml";
  static final String FLINK_SESSION_JOB_CRD = "flinksessionjobs.flink.apache.org-v1.yml";
  static final String API_VERSION = "flink.apache.org/v1beta1";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String PRESERVE_UNKNOWN = "x-kubernetes-preserve-unknown-fields";

  /** Draft 4 (what Kubernetes' structural schemas are) plus the Kubernetes annotations. */
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          Dialect.builder("https://aigw.dev/schemas/kubernetes-crd", Dialects.getDraft4())
              .keyword(new NonValidationKeyword(PRESERVE_UNKNOWN))
              .keyword(new NonValidationKeyword("x-kubernetes-int-or-string"))
              .build());

  private final Map<String, Schema> strictByKind;
  private final Map<String, Schema> lenientByKind;

  private CrdSchemas(Map<String, Schema> strictByKind, Map<String, Schema> lenientByKind) {
    this.strictByKind = strictByKind;
    this.lenientByKind = lenientByKind;
  }

  /** Loads both CRDs from {@code crdDir}. */
  static CrdSchemas load(Path crdDir) throws IOException {
    JsonNode deployment = openApiSchema(crdDir.resolve(FLINK_DEPLOYMENT_CRD), "FlinkDeployment");
    JsonNode sessionJob = openApiSchema(crdDir.resolve(FLINK_SESSION_JOB_CRD), "FlinkSessionJob");
    return new CrdSchemas(
        Map.of(
            "FlinkDeployment", REGISTRY.getSchema(strict(deployment)),
            "FlinkSessionJob", REGISTRY.getSchema(strict(sessionJob))),
        Map.of(
            "FlinkDeployment", REGISTRY.getSchema(deployment),
            "FlinkSessionJob", REGISTRY.getSchema(sessionJob)));
  }

  /**
   * The strict schema of a pod: the FlinkDeployment CRD's {@code podTemplate} is Kubernetes' own
   * Pod schema, so the plain Deployments here (the dashboard) validate their pod template against
   * it and a misspelt key fails instead of being pruned.
   */
  static Schema strictPodSchema(Path crdDir) throws IOException {
    JsonNode pod =
        openApiSchema(crdDir.resolve(FLINK_DEPLOYMENT_CRD), "FlinkDeployment")
            .path("properties")
            .path("spec")
            .path("properties")
            .path("podTemplate");
    if (pod.isMissingNode()) {
      throw new IllegalStateException("The FlinkDeployment CRD has no spec.podTemplate schema");
    }
    return REGISTRY.getSchema(strict(pod));
  }

  /** Violations of the strict schema for the manifest's kind. */
  List<Error> validateStrict(JsonNode manifest) {
    return schema(strictByKind, manifest).validate(manifest);
  }

  /** Violations of the CRD schema as the API server applies it (unknown fields allowed). */
  List<Error> validateLenient(JsonNode manifest) {
    return schema(lenientByKind, manifest).validate(manifest);
  }

  private static Schema schema(Map<String, Schema> schemas, JsonNode manifest) {
    String kind = manifest.path("kind").asText();
    Schema schema = schemas.get(kind);
    if (schema == null) {
      throw new IllegalArgumentException("No CRD for kind '" + kind + "'");
    }
    return schema;
  }

  /**
   * The CRD's {@code v1beta1} schema with what it leaves to the API server added: {@code
   * apiVersion}, {@code kind} and {@code metadata}.
   */
  private static JsonNode openApiSchema(Path crd, String kind) throws IOException {
    JsonNode definition = Manifests.read(crd).get(0);
    JsonNode version = null;
    for (JsonNode v : definition.path("spec").path("versions")) {
      if ("v1beta1".equals(v.path("name").asText())) {
        version = v;
      }
    }
    if (version == null) {
      throw new IllegalStateException(crd + " has no v1beta1 version");
    }
    ObjectNode schema = version.path("schema").path("openAPIV3Schema").deepCopy();
    ObjectNode properties = (ObjectNode) schema.path("properties");
    properties.set("apiVersion", enumOf(API_VERSION));
    properties.set("kind", enumOf(kind));
    ObjectNode stringMap = NODES.objectNode().put("type", "object");
    stringMap.set("additionalProperties", NODES.objectNode().put("type", "string"));
    ObjectNode metadata = NODES.objectNode().put("type", "object");
    ObjectNode metadataProperties = metadata.putObject("properties");
    metadataProperties.set("name", NODES.objectNode().put("type", "string"));
    metadataProperties.set("namespace", NODES.objectNode().put("type", "string"));
    metadataProperties.set("labels", stringMap);
    metadataProperties.set("annotations", stringMap.deepCopy());
    metadata.putArray("required").add("name");
    properties.set("metadata", metadata);
    ArrayNode required = schema.putArray("required");
    required.add("apiVersion").add("kind").add("metadata").add("spec");
    return schema;
  }

  private static ObjectNode enumOf(String value) {
    ObjectNode node = NODES.objectNode().put("type", "string");
    node.putArray("enum").add(value);
    return node;
  }

  /** A copy of {@code schema} where every object schema with listed properties is closed. */
  static JsonNode strict(JsonNode schema) {
    JsonNode copy = schema.deepCopy();
    close(copy);
    return copy;
  }

  private static void close(JsonNode schema) {
    if (!(schema instanceof ObjectNode node)) {
      return;
    }
    JsonNode properties = node.get("properties");
    if (properties != null) {
      for (Iterator<JsonNode> it = properties.elements(); it.hasNext(); ) {
        close(it.next());
      }
      if (!node.has("additionalProperties") && !node.path(PRESERVE_UNKNOWN).asBoolean(false)) {
        node.put("additionalProperties", false);
      }
    }
    close(node.get("items"));
    close(node.get("additionalProperties"));
    for (String combinator : List.of("anyOf", "allOf", "oneOf")) {
      JsonNode alternatives = node.get(combinator);
      if (alternatives != null) {
        alternatives.forEach(CrdSchemas::close);
      }
    }
  }
}
