package dev.aigw.insight.bench.load;

import java.util.function.BiFunction;

/**
 * The pre-serialized requests of every pod of the simulated fleet, handed out round robin with
 * current, strictly increasing delta windows per pod. Not thread-safe: one sender thread uses it.
 */
public final class Fleet implements RequestSource {

  private final PreSerializedRequest[][] requests;
  private final long[] lastTime;
  private int cursor;

  /** The requests sent once {@link #failAfterNanos} have passed (null: never switched). */
  private PreSerializedRequest[][] failing;

  private long failAfterNanos;
  private long firstNanos = Long.MIN_VALUE;

  /** A request drawn for sending: its bytes and what it carries. */
  public record Stamped(byte[] bytes, RequestTotals totals) {}

  /**
   * @param pods number of pods (resources)
   * @param variants distinct bucket distributions per pod, cycled through
   * @param factory builds the request of (pod, variant)
   */
  public Fleet(int pods, int variants, BiFunction<Integer, Integer, PreSerializedRequest> factory) {
    if (variants < 1) {
      throw new IllegalArgumentException(
          "Option 'variants' must be at least 1 but was " + variants);
    }
    requests = new PreSerializedRequest[pods][variants];
    for (int pod = 0; pod < pods; pod++) {
      for (int variant = 0; variant < variants; variant++) {
        requests[pod][variant] = factory.apply(pod, variant);
      }
    }
    lastTime = new long[pods];
  }

  /** The fleet of GenAI metric exports of {@code shape}. */
  public static Fleet metrics(GatewayShape shape, int variants) {
    return metrics(shape, variants, 0);
  }

  /**
   * The same with the attribution attribute on every series ({@link
   * MetricsRequestFactory#MetricsRequestFactory(GatewayShape, int)}; 0: none).
   */
  public static Fleet metrics(GatewayShape shape, int variants, int attributionValues) {
    MetricsRequestFactory factory = new MetricsRequestFactory(shape, attributionValues);
    return new Fleet(shape.pods(), variants, (pod, variant) -> factory.request(pod, variant));
  }

  /**
   * The fleet of GenAI metric exports whose provider {@code failingProvider} starts failing (two
   * failed requests per successful one on each of its pairs, {@link
   * MetricsRequestFactory#MetricsRequestFactory(GatewayShape, int, int)}) {@code failAfterNanos}
   * after the first send: the outage the alert benchmark's rules fire on, at a known time.
   */
  public static Fleet metricsWithOutage(
      GatewayShape shape,
      int variants,
      int attributionValues,
      int failingProvider,
      long failAfterNanos) {
    Fleet fleet = metrics(shape, variants, attributionValues);
    MetricsRequestFactory factory =
        new MetricsRequestFactory(shape, attributionValues, failingProvider);
    fleet.failing = new PreSerializedRequest[shape.pods()][variants];
    for (int pod = 0; pod < shape.pods(); pod++) {
      for (int variant = 0; variant < variants; variant++) {
        fleet.failing[pod][variant] = factory.request(pod, variant);
      }
    }
    fleet.failAfterNanos = failAfterNanos;
    return fleet;
  }

  /** The fleet of access-log exports of {@code shape}. */
  public static Fleet accessLogs(
      GatewayShape shape, int variants, int recordsPerRequest, double keptFraction) {
    AccessLogRequestFactory factory =
        new AccessLogRequestFactory(shape, recordsPerRequest, keptFraction);
    return new Fleet(shape.pods(), variants, (pod, variant) -> factory.request(pod, variant));
  }

  /**
   * The next pod's request, covering the time since that pod's previous one up to {@code nowNanos}
   * (at least one nanosecond, so that no two sends of a series share a window).
   */
  @Override
  public Stamped next(long nowNanos) {
    int index = cursor++;
    int pod = index % requests.length;
    if (firstNanos == Long.MIN_VALUE) {
      firstNanos = nowNanos;
    }
    PreSerializedRequest[][] current =
        failing != null && nowNanos - firstNanos >= failAfterNanos ? failing : requests;
    PreSerializedRequest request = current[pod][(index / requests.length) % requests[pod].length];
    long start = lastTime[pod] == 0 ? nowNanos - 1_000_000L : lastTime[pod];
    long time = Math.max(nowNanos, start + 1);
    lastTime[pod] = time;
    return new Stamped(request.stamp(start, time), request.totals());
  }

  /**
   * Every request of every pod with its points covering {@code (startNanos, timeNanos]}, for the
   * function benchmarks (the decoders reject the sentinel timestamps as too old).
   */
  public byte[][] stampedTemplates(long startNanos, long timeNanos) {
    byte[][] all = new byte[requests.length * requests[0].length][];
    int i = 0;
    for (PreSerializedRequest[] pod : requests) {
      for (PreSerializedRequest request : pod) {
        all[i++] = request.stamp(startNanos, timeNanos);
      }
    }
    return all;
  }

  /** Every request of every pod with its sentinel timestamps, for parse benchmarks. */
  public byte[][] templates() {
    byte[][] all = new byte[requests.length * requests[0].length][];
    int i = 0;
    for (PreSerializedRequest[] pod : requests) {
      for (PreSerializedRequest request : pod) {
        all[i++] = request.template();
      }
    }
    return all;
  }

  /** Totals of {@link #templates()} taken together. */
  public RequestTotals templateTotals() {
    RequestTotals sum = RequestTotals.ZERO;
    for (PreSerializedRequest[] pod : requests) {
      for (PreSerializedRequest request : pod) {
        sum = sum.plus(request.totals());
      }
    }
    return sum;
  }

  /** Mean encoded size of a request in bytes. */
  public double meanRequestBytes() {
    long bytes = 0;
    int n = 0;
    for (PreSerializedRequest[] pod : requests) {
      for (PreSerializedRequest request : pod) {
        bytes += request.size();
        n++;
      }
    }
    return (double) bytes / n;
  }
}
