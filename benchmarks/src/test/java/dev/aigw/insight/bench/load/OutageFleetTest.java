package dev.aigw.insight.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.schema.gateway.GatewayContract;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The alert benchmark's outage: after the stated delay, provider 0 reports twice as many failed as
 * successful requests on every pair; before it, and for the other providers, the load is unchanged.
 */
class OutageFleetTest {

  private static final GatewayShape SHAPE = GatewayShape.ISSUE_8;
  private static final long SECOND = 1_000_000_000L;

  @Test
  void theFirstProviderFailsAfterTheDelayAndTheOthersNever() throws Exception {
    Fleet fleet = Fleet.metricsWithOutage(SHAPE, 1, 0, 0, 10 * SECOND);
    long t0 = 1_767_000_000L * SECOND;

    Fleet.Stamped before = fleet.next(t0);
    for (int pod = 1; pod < SHAPE.pods(); pod++) {
      fleet.next(t0 + 9 * SECOND);
    }
    Fleet.Stamped after = fleet.next(t0 + 10 * SECOND);

    assertThat(before.totals().points()).isEqualTo(SHAPE.pointsPerRequest());
    // openai's four models: one already reports errors, three more now do
    assertThat(after.totals().points()).isEqualTo(SHAPE.pointsPerRequest() + 3);
    Map<String, long[]> beforeCounts = durationCounts(before.bytes());
    Map<String, long[]> afterCounts = durationCounts(after.bytes());
    for (int m = 0; m < SHAPE.modelsPerProvider(); m++) {
      long[] failing = afterCounts.get("openai|" + GatewayShape.modelName(0, m));
      assertThat(failing[1]).as("failed of model %d", m).isEqualTo(2 * failing[0]);
    }
    long[] bedrock = afterCounts.get("aws.bedrock|" + GatewayShape.modelName(1, 2));
    assertThat(bedrock).isEqualTo(beforeCounts.get("aws.bedrock|" + GatewayShape.modelName(1, 2)));
    assertThat(afterCounts.get("anthropic|" + GatewayShape.modelName(2, 0))[1]).isZero();
    assertThat(after.totals().errors())
        .isEqualTo(afterCounts.values().stream().mapToLong(c -> c[1]).sum());
  }

  @Test
  void withoutTheOptionTheLoadNeverFails() {
    Fleet fleet = Fleet.metrics(SHAPE, 1, 0);
    long t0 = 1_767_000_000L * SECOND;
    for (int i = 0; i < SHAPE.pods(); i++) {
      fleet.next(t0);
    }
    assertThat(fleet.next(t0 + 3_600 * SECOND).totals().points())
        .isEqualTo(SHAPE.pointsPerRequest());
  }

  /** Per "provider|model": {successful, failed} request counts of the duration histogram. */
  private static Map<String, long[]> durationCounts(byte[] bytes) throws Exception {
    ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(bytes);
    Map<String, long[]> counts = new HashMap<>();
    for (Metric metric : request.getResourceMetrics(0).getScopeMetrics(0).getMetricsList()) {
      if (!metric.getName().equals(MetricsRequestFactory.DURATION)) {
        continue;
      }
      for (HistogramDataPoint point : metric.getHistogram().getDataPointsList()) {
        String provider = null;
        String model = null;
        boolean failed = false;
        for (KeyValue kv : point.getAttributesList()) {
          switch (kv.getKey()) {
            case GatewayContract.PROVIDER_NAME -> provider = kv.getValue().getStringValue();
            case GatewayContract.REQUEST_MODEL -> model = kv.getValue().getStringValue();
            case GatewayContract.ERROR_TYPE -> failed = true;
            default -> {}
          }
        }
        counts.computeIfAbsent(provider + "|" + model, k -> new long[2])[failed ? 1 : 0] +=
            point.getCount();
      }
    }
    return counts;
  }
}
