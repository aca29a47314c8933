package dev.aigw.insight.job.options;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

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

  private SpanOptions() {}
}
