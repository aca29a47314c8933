package dev.aigw.insight.schema.log;

import java.util.ArrayList;
import java.util.List;

/**
 * The stored fields of a kept access log: the OpenSearch document's top-level fields (with their
 * mapping types) and the BanyanDB stream's tags. The job's writers and the dashboard's readers
 * spell field names only through this enum, so a field is renamed or added in one place.
 *
 * <p>The two stores differ a little: OpenSearch keeps the cost as {@code estimated_cost} (currency
 * units) and the attributes as an object; the BanyanDB stream keeps {@code cost_picos} and the
 * attributes as one string. A field one store does not hold has no type there ({@code null}).
 */
public enum AccessLogField {
  TIMESTAMP("timestamp", OpenSearchType.DATE, null),
  SERVICE("service", OpenSearchType.KEYWORD, TagType.STRING),
  INSTANCE("instance", OpenSearchType.KEYWORD, TagType.STRING),
  PROVIDER("provider", OpenSearchType.KEYWORD, TagType.STRING),
  MODEL("model", OpenSearchType.KEYWORD, TagType.STRING),
  REQUEST_MODEL("request_model", OpenSearchType.KEYWORD, null),
  RESPONSE_MODEL("response_model", OpenSearchType.KEYWORD, null),
  REQUEST_ID("request_id", OpenSearchType.KEYWORD, TagType.STRING),
  UPSTREAM_FAILURE("upstream_failure", OpenSearchType.KEYWORD, null),
  KEEP_REASON("keep_reason", OpenSearchType.KEYWORD, null),
  STATUS_CODE("status_code", OpenSearchType.LONG, TagType.INTEGER),
  INPUT_TOKENS("input_tokens", OpenSearchType.LONG, TagType.INTEGER),
  OUTPUT_TOKENS("output_tokens", OpenSearchType.LONG, TagType.INTEGER),
  REASONING_TOKENS("reasoning_tokens", OpenSearchType.LONG, null),
  DURATION_MS("duration_ms", OpenSearchType.LONG, TagType.INTEGER),
  ESTIMATED_COST("estimated_cost", OpenSearchType.DOUBLE, null),
  COST_PICOS("cost_picos", null, TagType.INTEGER),
  BODY("body", OpenSearchType.TEXT, TagType.STRING),
  ATTRIBUTES("attributes", OpenSearchType.OBJECT, TagType.STRING);

  /** How OpenSearch maps a field (the index template's {@code type}). */
  public enum OpenSearchType {
    DATE("date"),
    KEYWORD("keyword"),
    LONG("long"),
    DOUBLE("double"),
    TEXT("text"),
    OBJECT("object");

    private final String mapping;

    OpenSearchType(String mapping) {
      this.mapping = mapping;
    }

    /** The mapping type's name in an index template. */
    public String mapping() {
      return mapping;
    }
  }

  /** The type of a BanyanDB stream tag. */
  public enum TagType {
    STRING,
    INTEGER
  }

  private final String storeName;
  private final OpenSearchType openSearchType;
  private final TagType tagType;

  AccessLogField(String storeName, OpenSearchType openSearchType, TagType tagType) {
    this.storeName = storeName;
    this.openSearchType = openSearchType;
    this.tagType = tagType;
  }

  /** The field's name in both stores. */
  public String storeName() {
    return storeName;
  }

  /** The OpenSearch mapping type, or null when OpenSearch documents do not hold the field. */
  public OpenSearchType openSearchType() {
    return openSearchType;
  }

  /** The BanyanDB tag type, or null when the stream does not hold the field. */
  public TagType tagType() {
    return tagType;
  }

  /** The OpenSearch fields of a mapping type, in schema order. */
  public static List<AccessLogField> ofOpenSearchType(OpenSearchType type) {
    List<AccessLogField> fields = new ArrayList<>();
    for (AccessLogField f : values()) {
      if (f.openSearchType == type) {
        fields.add(f);
      }
    }
    return fields;
  }
}
