package dev.aigw.insight.job.options;

import dev.aigw.insight.options.OptionChecks;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
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
