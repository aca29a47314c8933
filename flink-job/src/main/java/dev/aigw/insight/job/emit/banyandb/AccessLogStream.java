package dev.aigw.insight.job.emit.banyandb;

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
  public static final String NAME = "genai_access_log";

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
    return new StreamSpec(
        group,
        NAME,
        List.of("service", "instance"),
        List.of(
            TagFamilySpec.of(
                "searchable",
                TagSpec.string("service"),
                TagSpec.string("instance"),
                TagSpec.string("provider"),
                TagSpec.string("model"),
                TagSpec.integer("status_code"),
                TagSpec.string("request_id"),
                TagSpec.integer("duration_ms"),
                TagSpec.integer("input_tokens"),
                TagSpec.integer("output_tokens"),
                TagSpec.integer("cost_picos")),
            TagFamilySpec.of("storage-only", TagSpec.string("body"), TagSpec.string("attributes"))),
        // what requests are found by, besides service, instance and time
        List.of("provider", "model", "status_code", "request_id"));
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
              .tag("service", service)
              .tag("instance", text(record.get(KEY_INSTANCE)))
              .tag("provider", text(record.get("gen_ai.provider.name")))
              .tag("model", text(model(record)))
              .tag("status_code", number(record.get("response_code"), null))
              .tag("request_id", requestId)
              .tag("duration_ms", number(record.get("duration"), null))
              .tag("input_tokens", number(record.get("gen_ai.usage.input_tokens"), null))
              .tag("output_tokens", number(record.get("gen_ai.usage.output_tokens"), null))
              .tag("cost_picos", number(record.get(KEY_COST_PICOS), null))
              .tag("body", record.get(KEY_BODY))
              .tag("attributes", new TreeMap<>(record).toString())
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
