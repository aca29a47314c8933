package dev.aigw.insight.bench.harness;

import dev.aigw.insight.schema.app.AppCell;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The span harness's sink: records each application cell into {@link AppCellStats}; stands in for
 * the storage sinks, whose cost the end-to-end figure then excludes.
 */
public final class AppCellRecordingSink implements Sink<AppCell> {

  private static final long serialVersionUID = 1L;

  @Override
  public SinkWriter<AppCell> createWriter(WriterInitContext context) {
    return new SinkWriter<>() {
      @Override
      public void write(AppCell cell, Context context) {
        AppCellStats.current().record(cell);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
