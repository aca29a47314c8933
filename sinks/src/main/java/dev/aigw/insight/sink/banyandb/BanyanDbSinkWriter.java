package dev.aigw.insight.sink.banyandb;

import dev.aigw.insight.banyandb.BanyanDbChannels;
import dev.aigw.insight.sink.banyandb.schema.BanyanDbSchema;
import dev.aigw.insight.sink.banyandb.schema.SchemaManager;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * The sink's writer: ensures the schema on start-up, hands each element to the emitter, writes when
 * a batch is full, when the flush interval passes (a processing-time timer, run on the task thread)
 * and before every checkpoint. A flush blocks the task thread until BanyanDB acknowledged every
 * row: that is the sink's back-pressure and what makes it at-least-once.
 */
final class BanyanDbSinkWriter<T> implements SinkWriter<T>, BanyanDbOutput {
  private final BanyanDbEmitter<T> emitter;
  private final BanyanDbSinkConfig config;
  private final ManagedChannel channel;
  private final BanyanDbBatchWriter batch;
  private final ProcessingTimeService timers;
  private final SinkWriterMetricGroup metrics;
  private long lastFlush;
  private boolean closed;

  BanyanDbSinkWriter(
      BanyanDbSinkConfig config,
      BanyanDbSchema schema,
      BanyanDbEmitter<T> emitter,
      WriterInitContext context)
      throws IOException {
    this.emitter = emitter;
    this.config = config;
    this.timers = context.getProcessingTimeService();
    this.metrics = context.metricGroup();
    this.channel =
        BanyanDbChannels.open(config.targets(), context.getTaskInfo().getIndexOfThisSubtask());
    new SchemaManager(channel, config.requestTimeout())
        .ensure(schema, config.createMissingSchema());
    this.batch =
        new BanyanDbBatchWriter(
            config,
            schema,
            channel,
            metrics.counter(BanyanDbSinkMetrics.ROWS_WRITTEN),
            metrics.counter(BanyanDbSinkMetrics.BATCHES_WRITTEN),
            metrics.counter(BanyanDbSinkMetrics.RETRIES),
            metrics.counter(BanyanDbSinkMetrics.FAILED_ROWS),
            new BanyanDbBadRows(
                config.badRecordMode(),
                metrics.counter(BanyanDbSinkMetrics.ROWS_REFUSED),
                metrics.counter(BanyanDbSinkMetrics.ROWS_DEAD_LETTERED),
                metrics.counter(BanyanDbSinkMetrics.ROWS_DROPPED)),
            System::currentTimeMillis);
    metrics.gauge(BanyanDbSinkMetrics.PENDING_ROWS, () -> (long) batch.pendingRows());
    this.lastFlush = timers.getCurrentProcessingTime();
    scheduleTimer();
  }

  @Override
  public void write(T element, Context context) throws IOException, InterruptedException {
    emitter.emit(element, this);
    if (batch.isFull()) {
      flushBatch();
    }
  }

  @Override
  public void measure(MeasurePoint point) {
    batch.add(point);
    metrics.getNumRecordsSendCounter().inc();
  }

  @Override
  public void stream(StreamElement element) {
    batch.add(element);
    metrics.getNumRecordsSendCounter().inc();
  }

  @Override
  public void flush(boolean endOfInput) throws IOException, InterruptedException {
    flushBatch();
  }

  private void flushBatch() throws IOException, InterruptedException {
    batch.flush();
    lastFlush = timers.getCurrentProcessingTime();
  }

  private void scheduleTimer() {
    if (!closed) {
      timers.registerTimer(
          timers.getCurrentProcessingTime() + config.flushInterval().toMillis(), this::onTimer);
    }
  }

  private void onTimer(long now) throws IOException, InterruptedException {
    if (closed) {
      return;
    }
    if (batch.pendingRows() > 0 && now - lastFlush >= config.flushInterval().toMillis()) {
      flushBatch();
    }
    scheduleTimer();
  }

  @Override
  public void close() throws Exception {
    // No flush here: close also runs on cancellation and failure. Rows not yet covered by a
    // checkpoint are replayed after the restart, and the replay overwrites.
    closed = true;
    channel.shutdownNow();
    channel.awaitTermination(5, TimeUnit.SECONDS);
  }
}
