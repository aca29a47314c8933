package dev.aigw.insight.source.otlp.reader;

import dev.aigw.insight.source.otlp.AckMode;
import dev.aigw.insight.source.otlp.OtlpReceiverConfig;
import dev.aigw.insight.source.otlp.OtlpReceiverOptions;
import dev.aigw.insight.source.otlp.decoder.OtlpDecoder;
import dev.aigw.insight.source.otlp.metrics.OtlpReceiverMetrics;
import dev.aigw.insight.source.otlp.server.DecodedRequest;
import dev.aigw.insight.source.otlp.server.HandOffQueue;
import dev.aigw.insight.source.otlp.server.OtlpExportHandler;
import dev.aigw.insight.source.otlp.server.OtlpGrpcServer;
import dev.aigw.insight.source.otlp.server.OtlpHttpServer;
import dev.aigw.insight.source.otlp.server.PendingAck;
import dev.aigw.insight.source.otlp.server.ReceiverStatus;
import dev.aigw.insight.source.otlp.split.OtlpReceiverSplit;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source reader that runs an OTLP/gRPC server, and an OTLP/HTTP server unless turned off, once it
 * holds its split. Both servers' threads decode and queue through one handler; {@link #pollNext}
 * emits one request per call and never blocks.
 */
public final class OtlpReceiverReader<T> implements SourceReader<T, OtlpReceiverSplit> {

  private static final Logger LOG = LoggerFactory.getLogger(OtlpReceiverReader.class);
  private static final long NO_CHECKPOINT_WARNING = TimeUnit.MINUTES.toNanos(10);

  private final SourceReaderContext context;
  private final OtlpReceiverConfig config;
  private final OtlpDecoder<T> decoder;
  private final HandOffQueue<DecodedRequest<T>> queue;
  private final CheckpointAcks checkpointAcks = new CheckpointAcks();
  private final OtlpReceiverMetrics metrics;
  private final List<OtlpReceiverSplit> splits = new ArrayList<>();
  private OtlpGrpcServer server;
  private OtlpHttpServer httpServer;

  /** on-checkpoint: when the first request waited for a checkpoint, until one is taken. */
  private long firstUncheckpointedEmitNanos = -1;

  private boolean noCheckpointWarned;

  public OtlpReceiverReader(
      SourceReaderContext context, OtlpReceiverConfig config, OtlpDecoder<T> decoder) {
    this.context = context;
    this.config = config;
    this.decoder = decoder;
    this.queue = new HandOffQueue<>(config.queueCapacity());
    this.metrics =
        new OtlpReceiverMetrics(
            context.metricGroup(), queue::size, config.queueCapacity(), checkpointAcks::pending);
  }

  @Override
  public void start() {
    // A reader restored with its split already has it (addSplits runs before start()).
    if (splits.isEmpty()) {
      context.sendSplitRequest();
    }
  }

  @Override
  public void addSplits(List<OtlpReceiverSplit> newSplits) {
    // After a rescale a reader may hold several splits; it still runs one server, for itself.
    splits.addAll(newSplits);
    if (server == null && !splits.isEmpty()) {
      startServer();
    }
  }

  private void startServer() {
    int subtask = context.getIndexOfSubtask();
    int port = config.portFor(subtask);
    if (port > 65535) {
      throw new FlinkRuntimeException(
          "Subtask "
              + subtask
              + " would listen on port "
              + port
              + " (= "
              + OtlpReceiverOptions.PORT.key()
              + " "
              + config.port()
              + " + subtask index, "
              + OtlpReceiverOptions.PORT_PER_SUBTASK.key()
              + "=true), above 65535: lower the port or the parallelism");
    }
    int httpPort = config.httpPortFor(subtask);
    if (config.httpEnabled() && httpPort > 65535) {
      throw new FlinkRuntimeException(
          "Subtask "
              + subtask
              + " would serve OTLP/HTTP on port "
              + httpPort
              + " (= "
              + OtlpReceiverOptions.HTTP_PORT.key()
              + " "
              + config.httpPort()
              + " + subtask index, "
              + OtlpReceiverOptions.PORT_PER_SUBTASK.key()
              + "=true), above 65535: lower the port or the parallelism");
    }
    try {
      decoder.open(new ReaderDecoderContext(context.metricGroup(), subtask));
      OtlpExportHandler<T> handler =
          new OtlpExportHandler<>(decoder, queue, metrics, config.ackMode(), config.retryDelay());
      server =
          OtlpGrpcServer.start(
              config, port, handler, metrics.rejectedUnauthenticated(), metrics.rejectedTooLarge());
      if (config.httpEnabled()) {
        httpServer = OtlpHttpServer.start(config, httpPort, handler, metrics);
      }
    } catch (Exception e) {
      throw new FlinkRuntimeException(
          "Could not start the OTLP receiver of subtask " + subtask + ": " + e.getMessage(), e);
    }
  }

  @Override
  public InputStatus pollNext(ReaderOutput<T> output) {
    DecodedRequest<T> request = queue.poll();
    if (request == null) {
      return InputStatus.NOTHING_AVAILABLE;
    }
    for (T record : request.records()) {
      output.collect(record);
    }
    if (config.ackMode() == AckMode.ON_CHECKPOINT) {
      // Only now, with every record of the request emitted, may a checkpoint cover it.
      checkpointAcks.emitted(request.ack());
      warnIfNoCheckpoint();
    }
    return queue.isEmpty() ? InputStatus.NOTHING_AVAILABLE : InputStatus.MORE_AVAILABLE;
  }

  /**
   * on-checkpoint mode without checkpointing never answers its clients; the source cannot see the
   * job's checkpoint settings, so it says so once when nothing was checkpointed for a long time.
   */
  private void warnIfNoCheckpoint() {
    long now = System.nanoTime();
    if (firstUncheckpointedEmitNanos < 0) {
      firstUncheckpointedEmitNanos = now;
    } else if (!noCheckpointWarned && now - firstUncheckpointedEmitNanos > NO_CHECKPOINT_WARNING) {
      noCheckpointWarned = true;
      LOG.warn(
          "{}={} but no checkpoint was taken for {} minutes: {} requests wait for an answer."
              + " Enable checkpointing (execution.checkpointing.interval) or use {}.",
          OtlpReceiverOptions.ACK_MODE.key(),
          AckMode.ON_CHECKPOINT.value(),
          TimeUnit.NANOSECONDS.toMinutes(NO_CHECKPOINT_WARNING),
          checkpointAcks.pending(),
          AckMode.ON_RECEIVE.value());
    }
  }

  @Override
  public CompletableFuture<Void> isAvailable() {
    return queue.availability();
  }

  @Override
  public List<OtlpReceiverSplit> snapshotState(long checkpointId) {
    if (config.ackMode() == AckMode.ON_CHECKPOINT) {
      checkpointAcks.snapshot(checkpointId);
      firstUncheckpointedEmitNanos = -1;
    }
    return new ArrayList<>(splits);
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    checkpointAcks.complete(checkpointId);
  }

  @Override
  public void notifyNoMoreSplits() {}

  @Override
  public void close() throws Exception {
    // Order matters: refuse new work, then settle what is owed, then wait for the calls to end.
    queue.close();
    if (server != null) {
      server.stopAccepting();
    }
    if (httpServer != null) {
      httpServer.stopAccepting();
    }
    StatusRuntimeException shutdown =
        ReceiverStatus.unavailable(
            "OTLP receiver is shutting down; retry, another receiver or its restart will answer",
            config.retryDelay());
    long dropped = 0;
    for (DecodedRequest<T> queued = queue.poll(); queued != null; queued = queue.poll()) {
      if (!failed(queued.ack(), shutdown)) {
        // on-receive: already acknowledged, so these records are lost (the mode's trade-off).
        dropped += queued.records().size();
      }
    }
    checkpointAcks.failAll(ack -> failed(ack, shutdown));
    if (dropped > 0) {
      metrics.recordsDroppedOnClose().inc(dropped);
      LOG.warn(
          "OTLP receiver closed with {} acknowledged records not yet emitted; they are lost"
              + " ({}={} trades this for latency)",
          dropped,
          OtlpReceiverOptions.ACK_MODE.key(),
          config.ackMode().value());
    }
    if (server != null) {
      server.close();
    }
    if (httpServer != null) {
      httpServer.close();
    }
  }

  private boolean failed(PendingAck ack, StatusRuntimeException status) {
    boolean sent = ack.fail(status);
    if (sent) {
      metrics.rejectedShutdown().inc();
    }
    return sent;
  }
}
