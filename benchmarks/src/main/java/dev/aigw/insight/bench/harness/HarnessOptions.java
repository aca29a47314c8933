package dev.aigw.insight.bench.harness;

import dev.aigw.insight.bench.load.GatewayShape;
import dev.aigw.insight.bench.load.SpanShape;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The options of one whole-job run, parsed from {@code --name value} pairs; unknown names and bad
 * values fail with the option's name.
 *
 * @param parallelism job parallelism (1 or 2 on this machine); one receiver port per subtask
 * @param warmup load sent before the measurement starts (JIT compilation)
 * @param duration how long the measured phase lasts
 * @param rate offered points per second (0: flat out, limited by the receiver's backpressure)
 * @param shape the simulated fleet
 * @param port first receiver port (subtask i listens on port + i)
 * @param checkpointInterval checkpoint interval (RocksDB, full checkpoints)
 * @param outOfOrderness watermark out-of-orderness of the analysis
 * @param idleTimeout watermark idle timeout of the analysis
 * @param bareParseSeconds length of the bare-parse probe run before the job (0: none)
 * @param profile where to write a JFR recording of the measured phase (null: none)
 * @param workDir checkpoints and RocksDB files
 * @param loadInFlight requests in flight in the load process
 * @param timeOffset shift of the generated timestamps from now (the smoke test sends the past)
 * @param flushAtEnd skip the watermark clock ahead after the load so that the last minute is
 *     emitted and the totals can be checked at once
 * @param transport how the load reaches the receiver: {@code grpc} (ports from {@code port}) or
 *     {@code http} (OTLP/HTTP protobuf, ports from {@code port + 100})
 * @param flinkOptions extra Flink options ({@code --flink "k1=v1;k2=v2"}) to try a tuning
 * @param spans the LLM-span load ({@code --signal spans}: trace exports through the application
 *     cells, see {@link SpanHarness}); null for the gateway's metrics
 * @param attributionValues distinct values of the load's {@code team.id} attribute (0: none)
 * @param attribution whether the job aggregates by {@code team.id} (attribution dimensions)
 * @param alertBench the roll-ups, alert rules and provider outage of the issue 19 benchmark
 */
public record HarnessOptions(
    int parallelism,
    Duration warmup,
    Duration duration,
    double rate,
    GatewayShape shape,
    int port,
    Duration checkpointInterval,
    Duration outOfOrderness,
    Duration idleTimeout,
    double bareParseSeconds,
    Path profile,
    Path workDir,
    int loadInFlight,
    Duration timeOffset,
    boolean flushAtEnd,
    String transport,
    Map<String, String> flinkOptions,
    SpanShape spans,
    int attributionValues,
    boolean attribution,
    AlertBenchOptions alertBench) {

  /** Distance of the OTLP/HTTP ports from the gRPC ports. */
  public static final int HTTP_PORT_OFFSET = 100;

  private static final Set<String> NAMES =
      Set.of(
          "parallelism",
          "duration-s",
          "rate",
          "gateways",
          "pods",
          "providers",
          "models",
          "port",
          "checkpoint-interval-s",
          "out-of-orderness-s",
          "idle-timeout-s",
          "bare-parse-s",
          "profile",
          "work-dir",
          "in-flight",
          "time-offset-s",
          "flush-at-end",
          "flink",
          "transport",
          "signal",
          "applications",
          "spans-per-request",
          "warmup-s",
          "attribution-values",
          "attribution");

  /** The options without the issue 19 benchmark's roll-ups and alerts. */
  public HarnessOptions(
      int parallelism,
      Duration warmup,
      Duration duration,
      double rate,
      GatewayShape shape,
      int port,
      Duration checkpointInterval,
      Duration outOfOrderness,
      Duration idleTimeout,
      double bareParseSeconds,
      Path profile,
      Path workDir,
      int loadInFlight,
      Duration timeOffset,
      boolean flushAtEnd,
      String transport,
      Map<String, String> flinkOptions,
      SpanShape spans,
      int attributionValues,
      boolean attribution) {
    this(
        parallelism,
        warmup,
        duration,
        rate,
        shape,
        port,
        checkpointInterval,
        outOfOrderness,
        idleTimeout,
        bareParseSeconds,
        profile,
        workDir,
        loadInFlight,
        timeOffset,
        flushAtEnd,
        transport,
        flinkOptions,
        spans,
        attributionValues,
        attribution,
        AlertBenchOptions.OFF);
  }

  public HarnessOptions {
    if (alertBench == null) {
      alertBench = AlertBenchOptions.OFF;
    }
    if (parallelism < 1 || parallelism > 8) {
      throw new IllegalArgumentException(
          "Option 'parallelism' must be in [1, 8] but was " + parallelism);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(
          "Option 'duration-s' must be positive but was " + duration);
    }
    if (rate < 0) {
      throw new IllegalArgumentException(
          "Option 'rate' must be 0 (flat out) or more but was " + rate);
    }
    flinkOptions = Map.copyOf(flinkOptions);
    if (warmup.isNegative()) {
      throw new IllegalArgumentException(
          "Option 'warmup-s' must not be negative but was " + warmup);
    }
    if (!transport.equals("grpc") && !transport.equals("http")) {
      throw new IllegalArgumentException(
          "Option 'transport' must be grpc or http but was " + transport);
    }
    if (port < 1024 || port + HTTP_PORT_OFFSET + parallelism > 65535) {
      throw new IllegalArgumentException("Option 'port' must be in [1024, 65535) but was " + port);
    }
  }

  /** The first port the load sends to: gRPC's, or the HTTP server's. */
  public int loadPort() {
    return transport.equals("http") ? port + HTTP_PORT_OFFSET : port;
  }

  /** Parses {@code --name value} pairs over the defaults. */
  public static HarnessOptions parse(String[] args) {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      String key = args[i].startsWith("--") ? args[i].substring(2) : args[i];
      if (!(NAMES.contains(key) || AlertBenchOptions.NAMES.contains(key)) || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "Unknown option or missing value: " + args[i] + "; known options: " + NAMES);
      }
      o.put(key, args[i + 1]);
    }
    String signal = o.getOrDefault("signal", "metrics");
    if (!signal.equals("metrics") && !signal.equals("spans")) {
      throw new IllegalArgumentException(
          "Option 'signal' must be metrics or spans but was " + signal);
    }
    boolean spans = signal.equals("spans");
    return new HarnessOptions(
        Integer.parseInt(o.getOrDefault("parallelism", "1")),
        seconds(o.getOrDefault("warmup-s", "30")),
        seconds(o.getOrDefault("duration-s", "150")),
        Double.parseDouble(o.getOrDefault("rate", "0")),
        spans ? GatewayShape.ISSUE_8 : gatewayShape(o),
        Integer.parseInt(o.getOrDefault("port", "24317")),
        seconds(o.getOrDefault("checkpoint-interval-s", "10")),
        seconds(o.getOrDefault("out-of-orderness-s", "5")),
        seconds(o.getOrDefault("idle-timeout-s", "5")),
        Double.parseDouble(o.getOrDefault("bare-parse-s", "5")),
        o.containsKey("profile") ? Path.of(o.get("profile")) : null,
        Path.of(o.getOrDefault("work-dir", "/tmp/aigw-bench")),
        Integer.parseInt(o.getOrDefault("in-flight", "8")),
        seconds(o.getOrDefault("time-offset-s", "0")),
        Boolean.parseBoolean(o.getOrDefault("flush-at-end", "true")),
        o.getOrDefault("transport", "grpc"),
        flinkOptions(o.getOrDefault("flink", "")),
        spans ? spanShape(o) : null,
        Integer.parseInt(o.getOrDefault("attribution-values", "0")),
        Boolean.parseBoolean(o.getOrDefault("attribution", "false")),
        AlertBenchOptions.parse(o));
  }

  private static GatewayShape gatewayShape(Map<String, String> o) {
    return new GatewayShape(
        Integer.parseInt(o.getOrDefault("gateways", "10")),
        Integer.parseInt(o.getOrDefault("pods", "10")),
        Integer.parseInt(o.getOrDefault("providers", "3")),
        Integer.parseInt(o.getOrDefault("models", "4")));
  }

  private static SpanShape spanShape(Map<String, String> o) {
    SpanShape d = SpanShape.DEFAULT;
    return new SpanShape(
        Integer.parseInt(o.getOrDefault("applications", Integer.toString(d.applications()))),
        Integer.parseInt(o.getOrDefault("providers", Integer.toString(d.providers()))),
        Integer.parseInt(o.getOrDefault("models", Integer.toString(d.modelsPerProvider()))),
        Integer.parseInt(
            o.getOrDefault("spans-per-request", Integer.toString(d.spansPerRequest()))));
  }

  private static Map<String, String> flinkOptions(String value) {
    Map<String, String> options = new java.util.LinkedHashMap<>();
    for (String pair : value.split(";")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "Option 'flink' takes key=value pairs separated by ';' but got " + pair);
      }
      options.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return Map.copyOf(options);
  }

  private static Duration seconds(String value) {
    return Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
  }
}
