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
          .defaultValue(Duration.ofMinutes(10))
          .withDescription(
              "How long a (trace id, span id) is remembered so that a re-sent span changes no"
                  + " cell: longer than the exporters' retry window (the Collector retries for 5"
                  + " min by default) and the allowed lateness.");

  public static final ConfigOption<MemorySize> DEDUP_MEMORY =
      ConfigOptions.key("analysis.spans.dedup-memory")
          .memoryType()
          .defaultValue(MemorySize.ofMebiBytes(256))
          .withDescription(
              "Heap per deduplication subtask for the spans it remembers (12 bytes per span in"
                  + " tables at most three quarters full: the default holds 12 to 16 million"
                  + " spans, about 20 k new spans/s per subtask over the default 10 min TTL)."
                  + " Beyond it the oldest spans are forgotten before their TTL, counted in"
                  + " genaiSpansDedupForgottenEarly; at least 4 mb.");

  public static final ConfigOption<Integer> MAX_APPLICATIONS =
      ConfigOptions.key("analysis.spans.max-applications")
          .intType()
          .defaultValue(1000)
          .withDescription(
              "Distinct applications (service.name of the spans' resources) kept in the"
                  + " application cells; the calls of further applications are folded into"
                  + " 'other' (counted in genaiApplicationsFolded) until an application frees its"
                  + " slot after analysis.cardinality.ttl.");

  /** {@link #DEDUP_MEMORY} of {@code conf} in bytes, checked: at least 4 MiB. */
  public static long dedupMemoryBytes(ReadableConfig conf) {
    long bytes = conf.get(DEDUP_MEMORY).getBytes();
    OptionChecks.checkAtLeast(DEDUP_MEMORY, bytes, MemorySize.ofMebiBytes(4).getBytes());
    return bytes;
  }

  /** {@link #MAX_APPLICATIONS} of {@code conf}, checked: at least 1. */
  public static int maxApplications(ReadableConfig conf) {
    int value = conf.get(MAX_APPLICATIONS);
    OptionChecks.checkAtLeast(MAX_APPLICATIONS, value, 1);
    return value;
  }

  private SpanOptions() {}
}
