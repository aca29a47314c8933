package dev.aigw.insight.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.alert.AlertOptions;
import dev.aigw.insight.job.emit.banyandb.GenAiStorageOptions;
import dev.aigw.insight.job.options.AnalysisOptions;
import dev.aigw.insight.job.options.AttributionOptions;
import dev.aigw.insight.job.options.LogsOptions;
import dev.aigw.insight.job.options.RedactionOptions;
import dev.aigw.insight.job.options.RollUpOptions;
import dev.aigw.insight.job.options.SpanOptions;
import dev.aigw.insight.sink.banyandb.BanyanDbSinkOptions;
import dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions;
import dev.aigw.insight.source.otlp.OtlpReceiverOptions;
import dev.aigw.insight.source.otlp.kafka.OtlpKafkaOptions;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.Test;

/** Keeps docs/configuration.md true: every option the job reads is documented with its default. */
class ConfigurationDocsTest {

  private static final List<Class<?>> OPTION_CLASSES =
      List.of(
          JobOptions.class,
          OtlpReceiverOptions.class,
          OtlpKafkaOptions.class,
          AnalysisOptions.class,
          SpanOptions.class,
          LogsOptions.class,
          RedactionOptions.class,
          AttributionOptions.class,
          OpenSearchSinkOptions.class,
          BanyanDbSinkOptions.class,
          GenAiStorageOptions.class,
          RollUpOptions.class,
          AlertOptions.class);

  @Test
  void everyOptionIsDocumentedWithItsDefault() throws Exception {
    String docs = Files.readString(Path.of("..", "docs", "configuration.md"));
    List<ConfigOption<?>> options = options();
    assertThat(options).hasSizeGreaterThan(50);
    for (ConfigOption<?> option : options) {
      assertThat(docs)
          .as("docs/configuration.md documents %s with its default", option.key())
          .contains("| `" + option.key() + "` | `" + documentedDefault(option) + "` |");
    }
  }

  /**
   * The default as the table shows it: durations and sizes in Flink's own notation ({@code 30 s},
   * {@code 4 mb}), lists in brackets, maps as {@code key:value,key:value}, {@code (none)} when
   * there is no default.
   */
  static String documentedDefault(ConfigOption<?> option) {
    if (!option.hasDefaultValue()) {
      return "(none)";
    }
    Object value = option.defaultValue();
    if (value instanceof Duration) {
      return TimeUtils.formatWithHighestUnit((Duration) value);
    }
    if (value instanceof Map) {
      // Flink's own notation for a map option: key:value,key:value
      return ((Map<?, ?>) value)
          .entrySet().stream()
              .map(e -> e.getKey() + ":" + e.getValue())
              .collect(Collectors.joining(","));
    }
    return String.valueOf(value);
  }

  private static List<ConfigOption<?>> options() throws IllegalAccessException {
    List<ConfigOption<?>> options = new ArrayList<>();
    for (Class<?> type : OPTION_CLASSES) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
          field.setAccessible(true);
          options.add((ConfigOption<?>) field.get(null));
        }
      }
    }
    return options;
  }
}
