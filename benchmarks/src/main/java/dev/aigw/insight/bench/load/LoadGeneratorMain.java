package dev.aigw.insight.bench.load;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The load process: builds the fleet's requests once, then sends them over OTLP/gRPC (or OTLP/HTTP
 * with {@code --transport http}) and prints a {@code LOAD-RESULT} line. Runs in its own JVM so that
 * its CPU is not counted as the job's.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.aigw.insight.bench.load.LoadGeneratorMain \
 *     --target 127.0.0.1:4317 --rate 100000 --duration-s 60
 * </pre>
 */
public final class LoadGeneratorMain {

  /** Printed once the requests are built, just before sending starts. */
  public static final String START_LINE = "LOAD-START";

  private static final Set<String> OPTIONS =
      Set.of(
          "signal",
          "transport",
          "target",
          "rate",
          "duration-s",
          "max-requests",
          "gateways",
          "pods",
          "providers",
          "models",
          "variants",
          "in-flight",
          "timeout-ms",
          "records-per-request",
          "applications",
          "spans-per-request",
          "kept-fraction",
          "time-offset-s",
          "attribution-values",
          "fail-provider",
          "fail-after-s");

  private LoadGeneratorMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    OtlpSignal signal = OtlpSignal.valueOf(options.getOrDefault("signal", "metrics").toUpperCase());
    RequestSource fleet;
    if (signal == OtlpSignal.TRACES) {
      SpanShape spans =
          new SpanShape(
              integer(options, "applications", SpanShape.DEFAULT.applications()),
              integer(options, "providers", SpanShape.DEFAULT.providers()),
              integer(options, "models", SpanShape.DEFAULT.modelsPerProvider()),
              integer(options, "spans-per-request", SpanShape.DEFAULT.spansPerRequest()));
      SpanFleet spanFleet = new SpanFleet(spans);
      System.err.printf(
          "Load: %s, %s, %.0f bytes per request%n", signal, spans, spanFleet.meanRequestBytes());
      fleet = spanFleet;
    } else {
      GatewayShape shape =
          new GatewayShape(
              integer(options, "gateways", 10),
              integer(options, "pods", 10),
              integer(options, "providers", 3),
              integer(options, "models", 4));
      int variants = integer(options, "variants", shape.pods() > 200 ? 1 : 4);
      Fleet gatewayFleet =
          signal == OtlpSignal.METRICS
              ? options.containsKey("fail-provider")
                  ? Fleet.metricsWithOutage(
                      shape,
                      variants,
                      integer(options, "attribution-values", 0),
                      integer(options, "fail-provider", 0),
                      (long) (Double.parseDouble(options.getOrDefault("fail-after-s", "0")) * 1e9))
                  : Fleet.metrics(shape, variants, integer(options, "attribution-values", 0))
              : Fleet.accessLogs(
                  shape,
                  variants,
                  integer(options, "records-per-request", 100),
                  Double.parseDouble(options.getOrDefault("kept-fraction", "0.1")));
      System.err.printf(
          "Load: %s, %s, %.0f bytes per request%n", signal, shape, gatewayFleet.meanRequestBytes());
      fleet = gatewayFleet;
    }
    List<String> targets =
        Arrays.asList(options.getOrDefault("target", "127.0.0.1:4317").split(","));
    try (OtlpSender sender =
        new OtlpSender(
            targets,
            signal,
            integer(options, "in-flight", 8),
            Long.parseLong(options.getOrDefault("timeout-ms", "30000")))) {
      String transport = options.getOrDefault("transport", "grpc");
      if (transport.equals("http")) {
        sender.overHttp();
      } else if (!transport.equals("grpc")) {
        throw new IllegalArgumentException(
            "Option 'transport' must be grpc or http but was " + transport);
      }
      sender.withTimeOffset(
          (long) (Double.parseDouble(options.getOrDefault("time-offset-s", "0")) * 1e9));
      System.out.println(START_LINE);
      System.out.flush();
      LoadResult result =
          sender.run(
              fleet,
              Double.parseDouble(options.getOrDefault("rate", "0")),
              (long) (Double.parseDouble(options.getOrDefault("duration-s", "10")) * 1e9),
              Long.parseLong(options.getOrDefault("max-requests", "0")));
      System.out.println(result.toLine());
      System.out.flush();
    }
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      String key = args[i].startsWith("--") ? args[i].substring(2) : args[i];
      if (!OPTIONS.contains(key) || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "Unknown option or missing value: " + args[i] + "; known options: " + OPTIONS);
      }
      options.put(key, args[i + 1]);
    }
    return options;
  }

  private static int integer(Map<String, String> options, String key, int defaultValue) {
    return options.containsKey(key) ? Integer.parseInt(options.get(key)) : defaultValue;
  }
}
