package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.testing.GatewaySimulator;
import dev.aigw.insight.job.testing.OtlpCapture;
import dev.aigw.insight.job.testing.SimulatedRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * The traffic of the hour and day cells' tests: 400 random requests of service {@code gw} spread
 * over [start, end) on two pods (DELTA), exported every minute at second 20. Every fifth export of
 * pod-b reaches the job only after pod-a's next one, 60 s later: behind the watermark
 * (out-of-orderness 10 s) but within the allowed lateness (1 min), so its minute, hour and day are
 * rewritten. The simulators are kept for the expectation ({@code Expectation.add(a, b)}).
 */
final class LateExportTraffic {

  private static final long S = 1_000_000_000L;

  final GatewaySimulator a;
  final GatewaySimulator b;
  final List<ExportMetricsServiceRequest> exports;

  private LateExportTraffic(
      GatewaySimulator a, GatewaySimulator b, List<ExportMetricsServiceRequest> exports) {
    this.a = a;
    this.b = b;
    this.exports = exports;
  }

  /**
   * Generates and captures the traffic from {@code seed}, times in epoch nanoseconds; {@code
   * decorate} may add attributes to each request with the same random source.
   */
  static LateExportTraffic generate(
      long seed, long start, long end, BiConsumer<Random, SimulatedRequest> decorate)
      throws Exception {
    try (OtlpCapture capture = OtlpCapture.start()) {
      GatewaySimulator a = simulator(capture, "pod-a", start);
      GatewaySimulator b = simulator(capture, "pod-b", start);
      Random random = new Random(seed);
      for (int i = 0; i < 400; i++) {
        long at = start + (long) (random.nextDouble() * (end - start - 60 * S));
        SimulatedRequest r = RandomRequests.mixed(random, at);
        decorate.accept(random, r);
        (i % 2 == 0 ? a : b).submit(r);
      }
      List<Long> times = new ArrayList<>();
      for (long t = start + 20 * S; t <= end + 20 * S; t += 60 * S) {
        times.add(t);
      }
      for (int i = 0; i < times.size(); i++) {
        boolean delayed = i % 5 == 0 && i + 1 < times.size();
        a.exportAt(times.get(i));
        if (delayed) {
          a.exportAt(times.get(i + 1));
          b.exportAt(times.get(i));
          b.exportAt(times.get(i + 1));
          i++;
        } else {
          b.exportAt(times.get(i));
        }
      }
      a.close();
      b.close();
      return new LateExportTraffic(a, b, capture.drain());
    }
  }

  private static GatewaySimulator simulator(OtlpCapture capture, String instance, long start) {
    return GatewaySimulator.builder(capture.endpoint())
        .service("gw")
        .instance(instance)
        .temporality(Temporality.DELTA)
        .startedAt(start)
        .build();
  }
}
