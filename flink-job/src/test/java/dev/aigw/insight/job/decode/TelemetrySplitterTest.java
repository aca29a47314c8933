package dev.aigw.insight.job.decode;

import static dev.aigw.insight.job.testing.Points.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.job.model.Telemetry;
import dev.aigw.insight.job.model.TelemetrySignal;
import dev.aigw.insight.job.testing.Points;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class TelemetrySplitterTest {

  @Test
  void eachPayloadGoesToItsSignalsSideOutputAndNothingToTheMainOutput() throws Exception {
    ResourcePoints points =
        ResourcePoints.of(Points.delta("series-a", 10 * SECOND, 20 * SECOND, 1, 0, 0, 0));
    AccessLogRecord log = new AccessLogRecord();
    log.service = "gw";
    try (var h =
        new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new TelemetrySplitter()))) {
      h.open();
      h.processElement(Telemetry.of(TelemetrySignal.METRIC_POINTS, points), 0);
      h.processElement(Telemetry.of(TelemetrySignal.ACCESS_LOGS, log), 0);
      h.processElement(Telemetry.of(TelemetrySignal.METRIC_POINTS, points), 0);

      assertThat(h.extractOutputValues()).isEmpty();
      assertThat(
              values(
                  h.getSideOutput(TelemetrySignal.METRIC_POINTS.outputTag(ResourcePoints.class))))
          .containsExactly(points, points);
      assertThat(
              values(h.getSideOutput(TelemetrySignal.ACCESS_LOGS.outputTag(AccessLogRecord.class))))
          .containsExactly(log);
    }
  }

  private static <T> List<T> values(java.util.Collection<StreamRecord<T>> records) {
    return records.stream().map(StreamRecord::getValue).toList();
  }
}
