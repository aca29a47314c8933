package dev.aigw.insight.job.emit.banyandb;

import dev.aigw.insight.schema.log.AccessLogField;
import dev.aigw.insight.schema.log.AccessLogStoreNames;
import dev.aigw.insight.sink.banyandb.BanyanDbEmitter;
import dev.aigw.insight.sink.banyandb.BanyanDbOutput;
import dev.aigw.insight.sink.banyandb.StreamElement;
import dev.aigw.insight.sink.banyandb.schema.StreamSpec;
import dev.aigw.insight.sink.banyandb.schema.TagFamilySpec;
import dev.aigw.insight.sink.banyandb.schema.TagSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The optional access-log stream (a BanyanDB-only deployment) and a generic emitter over a kept
 * record's attributes by their original dotted names plus the {@code KEY_*} entries below. Wire it
 * to the sampled-log record type by turning each record into such a map.
 */
public final class AccessLogStream {
  public static final String NAME = AccessLogStoreNames.STREAM;

  /** Map key of the record time, epoch milliseconds. */
  public static final String KEY_TIMESTAMP_MS = "timestamp_ms";

  /** Map key of the service ({@code service.name}). */
  public static final String KEY_SERVICE = "service.name";

  /** Map key of the instance ({@code service.instance.id}). */
  public static final String KEY_INSTANCE = "service.instance.id";

  /** Map key of the log body. */
  public static final String KEY_BODY = "body";

  /** Map key of the estimated cost in pico currency units. */
  public static final String KEY_COST_PICOS = "cost_picos";

  /**
   * The model as the decoder resolved it (the response model, else the request model), so that the
   * stream names a request's model exactly as the OpenSearch documents and the cells do.
   */
  public static final String KEY_MODEL = "aigw.model";

  private AccessLogStream() {}

  /** Searchable tags (what requests are found by) and the stored-only body and attributes. */
  public static StreamSpec stream(String group) {
    // the order of the tags is the stream's schema since 0.1.0 (an existing stream is compared)
    List<AccessLogField> searchable =
        List.of(
            AccessLogField.SERVICE,
            AccessLogField.INSTANCE,
            AccessLogField.PROVIDER,
            AccessLogField.MODEL,
            AccessLogField.STATUS_CODE,
            AccessLogField.REQUEST_ID,
            AccessLogField.DURATION_MS,
            AccessLogField.INPUT_TOKENS,
            AccessLogField.OUTPUT_TOKENS,
            AccessLogField.COST_PICOS);
    List<AccessLogField> storageOnly = List.of(AccessLogField.BODY, AccessLogField.ATTRIBUTES);
    return new StreamSpec(
        group,
        NAME,
        List.of(AccessLogField.SERVICE.storeName(), AccessLogField.INSTANCE.storeName()),
        List.of(
            TagFamilySpec.of(AccessLogStoreNames.SEARCHABLE_FAMILY, tags(searchable)),
            TagFamilySpec.of(AccessLogStoreNames.STORAGE_ONLY_FAMILY, tags(storageOnly))),
        // what requests are found by, besides service, instance and time
        List.of(
            AccessLogField.PROVIDER.storeName(),
            AccessLogField.MODEL.storeName(),
            AccessLogField.STATUS_CODE.storeName(),
            AccessLogField.REQUEST_ID.storeName()));
  }

  private static TagSpec[] tags(List<AccessLogField> fields) {
    return fields.stream()
        .map(
            f ->
                f.tagType() == AccessLogField.TagType.INTEGER
                    ? TagSpec.integer(f.storeName())
                    : TagSpec.string(f.storeName()))
        .toArray(TagSpec[]::new);
  }

  /** Emits one stream element per attribute map; the element id is {@code x-request-id}. */
  public static final class Emitter implements BanyanDbEmitter<Map<String, String>> {
    private static final long serialVersionUID = 1L;

    private final String group;

    public Emitter(String group) {
      this.group = group;
    }

    @Override
    public void emit(Map<String, String> record, BanyanDbOutput output) {
      long timestamp = number(record.get(KEY_TIMESTAMP_MS), 0L);
      String requestId = text(record.get("x-request-id"));
      String service = text(record.get(KEY_SERVICE));
      output.stream(
          StreamElement.builder(
                  group,
                  NAME,
                  requestId.isEmpty() ? service + "@" + timestamp : requestId,
                  timestamp)
              .tag(AccessLogField.SERVICE.storeName(), service)
              .tag(AccessLogField.INSTANCE.storeName(), text(record.get(KEY_INSTANCE)))
              .tag(AccessLogField.PROVIDER.storeName(), text(record.get("gen_ai.provider.name")))
              .tag(AccessLogField.MODEL.storeName(), text(model(record)))
              .tag(
                  AccessLogField.STATUS_CODE.storeName(), number(record.get("response_code"), null))
              .tag(AccessLogField.REQUEST_ID.storeName(), requestId)
              .tag(AccessLogField.DURATION_MS.storeName(), number(record.get("duration"), null))
              .tag(
                  AccessLogField.INPUT_TOKENS.storeName(),
                  number(record.get("gen_ai.usage.input_tokens"), null))
              .tag(
                  AccessLogField.OUTPUT_TOKENS.storeName(),
                  number(record.get("gen_ai.usage.output_tokens"), null))
              .tag(AccessLogField.COST_PICOS.storeName(), number(record.get(KEY_COST_PICOS), null))
              .tag(AccessLogField.BODY.storeName(), record.get(KEY_BODY))
              .tag(AccessLogField.ATTRIBUTES.storeName(), new TreeMap<>(record).toString())
              .build());
    }

    /** The decoder's model when given, else the raw response model, else the request model. */
    private static String model(Map<String, String> record) {
      String resolved = record.get(KEY_MODEL);
      if (resolved != null) {
        return resolved;
      }
      String response = text(record.get("gen_ai.response.model"));
      return response.isEmpty() ? record.get("gen_ai.request.model") : response;
    }

    /** The gateway writes "-" for a missing attribute. */
    private static String text(String value) {
      return value == null || value.equals("-") ? "" : value;
    }

    private static Long number(String value, Long fallback) {
      try {
        return value == null ? fallback : Long.valueOf(value.trim());
      } catch (NumberFormatException e) {
        return fallback;
      }
    }
  }
}
