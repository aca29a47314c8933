package dev.aigw.insight.job.alert.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.schema.alert.AlertEvent;
import dev.aigw.insight.schema.alert.AlertStatus;
import dev.aigw.insight.schema.alert.AlertStoreNames;
import dev.aigw.insight.sink.banyandb.BanyanDbSink;
import dev.aigw.insight.sink.banyandb.standin.BanyanDbStandIn;
import dev.aigw.insight.sink.banyandb.standin.StandInData;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Alert events through the BanyanDB sink into the stand-in server (cluster mode): the group and
 * stream are created, each transition is one element under its idempotency key, a replayed one is
 * the same element.
 */
class AlertStreamITCase {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .build());

  @Test
  void alertEventsBecomeStreamElements() throws Exception {
    try (BanyanDbStandIn banyanDb = BanyanDbStandIn.start()) {
      AlertEvent firing = WebhookDeliveryTest.event("checkout-errors", AlertStatus.FIRING);
      AlertEvent resolved = WebhookDeliveryTest.event("checkout-errors", AlertStatus.RESOLVED);
      resolved.eventTimeMs = firing.eventTimeMs + 300_000;

      Configuration conf = new Configuration();
      conf.setString("banyandb.targets", banyanDb.target());
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(1);
      env.fromData(TypeInformation.of(AlertEvent.class), firing, resolved, firing)
          .sinkTo(
              BanyanDbSink.<AlertEvent>builder()
                  .setEmitter(new AlertStream.Emitter(AlertStoreNames.DEFAULT_GROUP))
                  .setSchema(AlertStream.schema(AlertStoreNames.DEFAULT_GROUP))
                  .setConfiguration(conf)
                  .build());
      env.execute("alert stream");

      List<StandInData.StoredElement> elements =
          banyanDb.elements(AlertStoreNames.DEFAULT_GROUP, AlertStoreNames.STREAM);
      assertThat(elements)
          .extracting(StandInData.StoredElement::elementId)
          .containsOnly(firing.idempotencyKey, resolved.idempotencyKey);
      assertThat(elements)
          .extracting(StandInData.StoredElement::timestampMillis)
          .contains(firing.eventTimeMs, resolved.eventTimeMs);
      assertThat(elements.get(0).tagFamilies().toString())
          .contains("checkout-errors")
          .contains("service=checkout");
    }
  }
}
