package dev.aigw.insight.bench.harness;

import dev.aigw.insight.schema.alert.AlertEvent;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The harness's alert sink: records each alert event into {@link AlertStats} with the job's clock
 * at receipt (the alert latency); stands in for the alert store and the webhook, whose cost the
 * figure then excludes.
 */
public final class AlertRecordingSink implements Sink<AlertEvent> {

  private static final long serialVersionUID = 1L;

  @Override
  public SinkWriter<AlertEvent> createWriter(WriterInitContext context) {
    return new SinkWriter<>() {
      @Override
      public void write(AlertEvent event, Context context) {
        AlertStats.current().record(event, HarnessClock.nowMs());
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
