package dev.aigw.insight.local;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Options of the local run only (never read by the job on a cluster). */
final class LocalRunnerOptions {

  static final ConfigOption<Boolean> DEMO =
      ConfigOptions.key("demo")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Send simulated gateway traffic (normal, streaming and failing requests) to the"
                  + " local receiver.");

  static final ConfigOption<Duration> DEMO_INTERVAL =
      ConfigOptions.key("demo.interval")
          .durationType()
          .defaultValue(Duration.ofMillis(500))
          .withDescription("Time between two simulated requests.");

  static final ConfigOption<String> DATA_DIR =
      ConfigOptions.key("local.data-dir")
          .stringType()
          .defaultValue("local-data")
          .withDescription("Directory of the embedded OpenSearch data and the checkpoints.");

  static final ConfigOption<Integer> OPENSEARCH_PORT =
      ConfigOptions.key("local.opensearch.port")
          .intType()
          .defaultValue(9200)
          .withDescription("HTTP port of the embedded OpenSearch.");

  static final ConfigOption<Integer> DASHBOARD_PORT =
      ConfigOptions.key("dashboard.port")
          .intType()
          .defaultValue(8080)
          .withDescription(
              "HTTP port of the dashboard (the web page and its query API over the local store);"
                  + " 0 = any free port.");

  static final ConfigOption<Integer> METRICS_PORT =
      ConfigOptions.key("metrics.port")
          .intType()
          .defaultValue(9249)
          .withDescription(
              "HTTP port of the job's metrics in Prometheus' text format (/metrics), the same"
                  + " names a cluster's Prometheus reporter exposes.");

  static final ConfigOption<Boolean> EXPOSE =
      ConfigOptions.key("local.expose")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Open the OTLP receiver (gRPC and HTTP ports), the Flink Web UI, the dashboard and the embedded OpenSearch to"
                  + " other hosts"
                  + " (bind to 0.0.0.0 instead of 127.0.0.1). Prints a warning when the receiver"
                  + " then requires no token.");

  private LocalRunnerOptions() {}
}
