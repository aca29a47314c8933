package dev.aigw.insight.bench.harness;

import dev.aigw.insight.schema.cell.MinuteCell;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The harness's sink: records each minute cell into {@link CellStats} with its emit latency; stands
 * in for the storage sinks, whose cost the end-to-end figure then excludes.
 */
public final class CellLatencySink implements Sink<MinuteCell> {

  private static final long serialVersionUID = 1L;

  @Override
  public SinkWriter<MinuteCell> createWriter(WriterInitContext context) {
    return new SinkWriter<>() {
      @Override
      public void write(MinuteCell cell, Context context) {
        // the job's clock: the minute's end is on it (it differs from the system's with an offset)
        CellStats.current().record(cell, HarnessClock.nowMs());
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
