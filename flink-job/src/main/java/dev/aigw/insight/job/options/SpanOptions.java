package dev.aigw.insight.job.options;

import dev.aigw.insight.options.OptionChecks;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;

/** Options of the application cells from trace spans (key prefix {@code analysis.spans.}). */
public final class SpanOptions {

  public static final ConfigOption<Boolean> ENABLED =
      ConfigOptions.key("analysis.spans.enabled")
          .booleanType()
          .defaultValue(true)
          .withDescription(
              "Derive per-application LLM-call cells from the LLM spans of OTLP traces (OTel GenAI"
                  + " and OpenInference conventions); when false, traces are accepted and ignored.");

  public static final ConfigOption<Duration> DEDUP_TTL =
      ConfigOptions.key("analysis.spans.dedup-ttl")
          .durationType()
          .defaultValue(Duration.ofHours(1))
          .withDescription(
              "How long a (trace id, span id) is remembered so that a re-sent span changes no"
                  + " cell: longer than the exporters' retry window and the allowed lateness.");

  public static final ConfigOption<MemorySize> DEDUP_FILTER_MEMORY =
      ConfigOptions.key("analysis.spans.dedup-filter-memory")
          .memoryType()
          .defaultValue(MemorySize.ofMebiBytes(48))
          .withDescription(
              "Heap per subtask of the in-memory filter in front of the deduplication state: it"
                  + " spares the state lookup of most new spans while the keys of one"
                  + " analysis.spans.dedup-ttl fit (about 10 bits per key: the default covers"
                  + " ~6 k new spans/s per subtask over 1 h, or 60 k/s over 6 min); 0 turns it off"
                  + " (every span reads the state). Exactness does not depend on it.");

  public static final ConfigOption<Integer> MAX_APPLICATIONS =
      ConfigOptions.key("analysis.spans.max-applications")
          .intType()
          .defaultValue(1000)
          .withDescription(
              "Distinct applications (service.name of the spans' resources) kept in the"
                  + " application cells; the calls of further applications are folded into"
                  + " 'other' (counted in genaiApplicationsFolded) until an application frees its"
                  + " slot after analysis.cardinality.ttl.");

  /** {@link #MAX_APPLICATIONS} of {@code conf}, checked: at least 1. */
  public static int maxApplications(ReadableConfig conf) {
    int value = conf.get(MAX_APPLICATIONS);
    OptionChecks.checkAtLeast(MAX_APPLICATIONS, value, 1);
    return value;
  }

  private SpanOptions() {}
}
