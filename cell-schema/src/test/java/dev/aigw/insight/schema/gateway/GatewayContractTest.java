package dev.aigw.insight.schema.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.schema.gateway.GatewayContract.Metric;
import org.junit.jupiter.api.Test;

class GatewayContractTest {

  @Test
  void everyMetricIsFoundByItsNameAndHasAscendingBounds() {
    for (Metric metric : Metric.values()) {
      assertThat(Metric.byName(metric.metricName())).isSameAs(metric);
      double[] bounds = metric.bucketBounds();
      for (int i = 1; i < bounds.length; i++) {
        assertThat(bounds[i]).as("%s bound %d", metric, i).isGreaterThan(bounds[i - 1]);
      }
      assertThat(metric.bucketBoundList()).hasSize(bounds.length);
    }
    assertThat(Metric.byName("gen_ai.client.operation.duration")).isNull();
  }

  @Test
  void theBoundsAreTheGatewaysAndCannotBeChangedThroughTheAccessor() {
    assertThat(Metric.REQUEST_DURATION.bucketBounds()).hasSize(14).startsWith(0.01).endsWith(81.92);
    assertThat(Metric.TOKEN_USAGE.bucketBounds()).hasSize(14).startsWith(1).endsWith(67108864);
    assertThat(Metric.TIME_TO_FIRST_TOKEN.bucketBounds()).hasSize(21).endsWith(60.0);
    assertThat(Metric.TIME_PER_OUTPUT_TOKEN.bucketBounds()).hasSize(13).endsWith(2.5);
    Metric.REQUEST_DURATION.bucketBounds()[0] = 99;
    assertThat(Metric.REQUEST_DURATION.bucketBounds()[0]).isEqualTo(0.01);
    assertThat(Metric.TOKEN_USAGE.unit()).isEqualTo("token");
    assertThat(Metric.REQUEST_DURATION.unit()).isEqualTo("s");
  }
}
