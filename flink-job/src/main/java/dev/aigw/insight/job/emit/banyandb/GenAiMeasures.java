package dev.aigw.insight.job.emit.banyandb;

import dev.aigw.insight.job.model.Dimension;
import dev.aigw.insight.job.model.Scope;
import dev.aigw.insight.sink.banyandb.schema.BanyanDbSchema;
import dev.aigw.insight.sink.banyandb.schema.FieldSpec;
import dev.aigw.insight.sink.banyandb.schema.GroupSpec;
import dev.aigw.insight.sink.banyandb.schema.MeasureSpec;
import dev.aigw.insight.sink.banyandb.schema.TagFamilySpec;
import dev.aigw.insight.sink.banyandb.schema.TagSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/**
 * The GenAI measures in BanyanDB: one per scope × dimension, named {@code genai_<scope>[_<dim>]
 * _minute}, with entity tags service / instance / provider / model as the cell has them and one
 * field per value of {@link dev.aigw.insight.job.model.MinuteCell} (units in docs/storage.md).
 */
public final class GenAiMeasures {
  /** The tag family every GenAI measure uses. */
  public static final String TAG_FAMILY = "default";

  public static final String SERVICE = "service";
  public static final String INSTANCE = "instance";
  public static final String PROVIDER = "provider";
  public static final String MODEL = "model";

  /** Field names, in schema order: counts and tokens are INT, times (ms) and costs FLOAT. */
  public static final List<FieldSpec> FIELDS =
      List.of(
          FieldSpec.integer("requests"),
          FieldSpec.integer("errors"),
          FieldSpec.floating("latency_avg_ms"),
          FieldSpec.floating("latency_p50_ms"),
          FieldSpec.floating("latency_p75_ms"),
          FieldSpec.floating("latency_p90_ms"),
          FieldSpec.floating("latency_p95_ms"),
          FieldSpec.floating("latency_p99_ms"),
          FieldSpec.integer("ttft_count"),
          FieldSpec.floating("ttft_avg_ms"),
          FieldSpec.floating("ttft_p50_ms"),
          FieldSpec.floating("ttft_p75_ms"),
          FieldSpec.floating("ttft_p90_ms"),
          FieldSpec.floating("ttft_p95_ms"),
          FieldSpec.floating("ttft_p99_ms"),
          FieldSpec.integer("tpot_count"),
          FieldSpec.floating("tpot_avg_ms"),
          FieldSpec.floating("tpot_p50_ms"),
          FieldSpec.floating("tpot_p75_ms"),
          FieldSpec.floating("tpot_p90_ms"),
          FieldSpec.floating("tpot_p95_ms"),
          FieldSpec.floating("tpot_p99_ms"),
          FieldSpec.integer("input_tokens"),
          FieldSpec.integer("output_tokens"),
          FieldSpec.integer("cached_input_tokens"),
          FieldSpec.integer("cache_creation_input_tokens"),
          FieldSpec.integer("reasoning_tokens"),
          FieldSpec.integer("cost_picos"),
          FieldSpec.floating("estimated_cost"),
          FieldSpec.integer("cache_savings_picos"),
          FieldSpec.floating("cache_savings"),
          FieldSpec.integer("unpriced_tokens"));

  private GenAiMeasures() {}

  /** The measure name of a scope and dimension, e.g. {@code genai_service_model_minute}. */
  public static String measureName(Scope scope, Dimension dimension) {
    String dim =
        switch (dimension) {
          case ALL -> "";
          case PROVIDER -> "_provider";
          case MODEL -> "_model";
        };
    return "genai_" + scope.name().toLowerCase(java.util.Locale.ROOT) + dim + "_minute";
  }

  /** The entity tags of a scope and dimension, in schema order. */
  public static List<String> entityTags(Scope scope, Dimension dimension) {
    List<String> tags = new ArrayList<>();
    tags.add(SERVICE);
    if (scope == Scope.INSTANCE) {
      tags.add(INSTANCE);
    }
    if (dimension != Dimension.ALL) {
      tags.add(PROVIDER);
    }
    if (dimension == Dimension.MODEL) {
      tags.add(MODEL);
    }
    return tags;
  }

  /** The measure of a scope and dimension in the given group. */
  public static MeasureSpec measure(String group, Scope scope, Dimension dimension) {
    List<String> entity = entityTags(scope, dimension);
    return new MeasureSpec(
        group,
        measureName(scope, dimension),
        entity,
        List.of(new TagFamilySpec(TAG_FAMILY, entity.stream().map(TagSpec::string).toList())),
        FIELDS,
        Duration.ofMinutes(1));
  }

  /** The minute group and its six measures (plus the access-log stream when enabled). */
  public static BanyanDbSchema schema(Configuration conf) {
    String group = conf.get(GenAiStorageOptions.MINUTE_GROUP);
    BanyanDbSchema.Builder builder =
        BanyanDbSchema.builder()
            .group(
                GroupSpec.measures(
                    group,
                    conf.get(GenAiStorageOptions.MINUTE_SHARDS),
                    conf.get(GenAiStorageOptions.MINUTE_SEGMENT),
                    conf.get(GenAiStorageOptions.MINUTE_TTL)));
    for (Scope scope : Scope.values()) {
      for (Dimension dimension : Dimension.values()) {
        builder.measure(measure(group, scope, dimension));
      }
    }
    if (conf.get(GenAiStorageOptions.LOGS_ENABLED)) {
      String logs = conf.get(GenAiStorageOptions.LOGS_GROUP);
      builder
          .group(
              GroupSpec.streams(
                  logs,
                  conf.get(GenAiStorageOptions.LOGS_SHARDS),
                  conf.get(GenAiStorageOptions.LOGS_SEGMENT),
                  conf.get(GenAiStorageOptions.LOGS_TTL)))
          .stream(AccessLogStream.stream(logs));
    }
    return builder.build();
  }
}
