package dev.aigw.insight.bench.harness;

import dev.aigw.insight.schema.cell.MinuteCell;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Counts the hour or day cells of the roll-ups into {@link AlertStats} and drops them: the
 * roll-ups' cost without a store's.
 */
public final class RollUpCountingSink implements Sink<MinuteCell> {

  private static final long serialVersionUID = 1L;

  private final boolean hour;

  /** A sink counting hour cells ({@code hour}) or day cells. */
  public RollUpCountingSink(boolean hour) {
    this.hour = hour;
  }

  @Override
  public SinkWriter<MinuteCell> createWriter(WriterInitContext context) {
    return new SinkWriter<>() {
      @Override
      public void write(MinuteCell cell, Context context) {
        AlertStats.current().rollUpCell(hour);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
