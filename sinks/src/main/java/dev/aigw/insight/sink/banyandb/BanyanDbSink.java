package dev.aigw.insight.sink.banyandb;

import dev.aigw.insight.sink.banyandb.schema.BanyanDbSchema;
import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Flink sink writing measure data points and stream elements to BanyanDB, generic over a {@link
 * BanyanDbEmitter}. Each subtask ensures the {@link BanyanDbSchema} at start-up, batches rows by
 * size and time, and flushes before every checkpoint.
 *
 * <p>Delivery guarantee: at-least-once. A checkpoint completes only after BanyanDB acknowledged
 * every row the sink received before it; after a failure the rows since the last checkpoint are
 * written again. For measures a rewrite of the same entity and timestamp replaces the row (the sink
 * sets a rising version), so replays do not double anything. Streams are append-only: a replay may
 * store an element twice.
 *
 * <pre>{@code
 * cells.sinkTo(BanyanDbSink.<Cell>builder()
 *         .setConfiguration(jobConfig)      // banyandb.* options
 *         .setSchema(schema)
 *         .setEmitter(new CellEmitter())
 *         .build())
 *     .name("BanyanDB").uid("banyandb-sink");
 * }</pre>
 */
public final class BanyanDbSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;

  private final BanyanDbSinkConfig config;
  private final BanyanDbSchema schema;
  private final BanyanDbEmitter<T> emitter;

  BanyanDbSink(BanyanDbSinkConfig config, BanyanDbSchema schema, BanyanDbEmitter<T> emitter) {
    this.config = config;
    this.schema = schema;
    this.emitter = emitter;
  }

  /** A builder for a sink of elements of type {@code T}. */
  public static <T> BanyanDbSinkBuilder<T> builder() {
    return new BanyanDbSinkBuilder<>();
  }

  public BanyanDbSinkConfig config() {
    return config;
  }

  public BanyanDbSchema schema() {
    return schema;
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    return new BanyanDbSinkWriter<>(config, schema, emitter, context);
  }
}
