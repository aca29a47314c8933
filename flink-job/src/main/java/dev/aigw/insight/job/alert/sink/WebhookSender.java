package dev.aigw.insight.job.alert.sink;

import dev.aigw.insight.schema.alert.AlertEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sends alert events to the webhook once the checkpoint that covers them has completed. An event
 * emitted after a checkpoint and then replayed after a restore from it was never sent (it waited
 * for the next checkpoint), so a restart or replay does not send it twice. Events between a
 * checkpoint and its completion are kept in operator state; after a restore they are handed to the
 * delivery at once (the restored checkpoint is complete). The one case left — a crash after the
 * completion, while the delivery thread was sending — may send an event again with the same {@code
 * Idempotency-Key}, by which a receiver drops it. Without checkpointing, events are sent at once.
 *
 * <p>Delivery is {@link WebhookDelivery}: a bounded queue and a background thread, so a slow or
 * dead webhook never blocks the pipeline; counters {@code alertWebhookSent}, {@code
 * alertWebhookDropped}, {@code alertWebhookRetries}.
 */
public final class WebhookSender extends ProcessFunction<AlertEvent, Void>
    implements CheckpointedFunction, CheckpointListener {

  private static final long serialVersionUID = 1L;

  private final WebhookConfig config;
  private final boolean checkpointing;

  private transient WebhookDelivery delivery;
  private transient ListState<AlertEvent> pendingState;
  private transient List<AlertEvent> unsealed;
  private transient TreeMap<Long, List<AlertEvent>> sealed;
  private transient List<AlertEvent> restored;

  /**
   * @param checkpointing whether the job checkpoints (then events wait for their checkpoint; else
   *     they are sent at once)
   */
  public WebhookSender(WebhookConfig config, boolean checkpointing) {
    this.config = config;
    this.checkpointing = checkpointing;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    pendingState =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>("webhook-pending", TypeInformation.of(AlertEvent.class)));
    unsealed = new ArrayList<>();
    sealed = new TreeMap<>();
    restored = new ArrayList<>();
    if (context.isRestored()) {
      for (AlertEvent event : pendingState.get()) {
        restored.add(event);
      }
    }
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    delivery =
        new WebhookDelivery(
            config,
            secret(),
            "alert-webhook-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
    var metrics = getRuntimeContext().getMetricGroup();
    metrics.gauge("alertWebhookSent", delivery::sent);
    metrics.gauge("alertWebhookDropped", delivery::dropped);
    metrics.gauge("alertWebhookRetries", delivery::retries);
    restored.forEach(delivery::offer);
    restored.clear();
  }

  private byte[] secret() throws IOException {
    String secret = null;
    if (config.secretFile() != null) {
      secret = Files.readString(Path.of(config.secretFile()), StandardCharsets.UTF_8);
    } else if (config.secretEnv() != null) {
      secret = System.getenv(config.secretEnv());
      if (secret == null) {
        throw new IOException(
            "The webhook secret's environment variable " + config.secretEnv() + " is not set");
      }
    }
    // a Secret written with `echo` ends in a newline that is not part of the key
    return secret == null ? null : secret.strip().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void processElement(AlertEvent event, Context ctx, Collector<Void> out) {
    if (checkpointing) {
      unsealed.add(event);
    } else {
      delivery.offer(event);
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    if (!unsealed.isEmpty()) {
      sealed.put(context.getCheckpointId(), unsealed);
      unsealed = new ArrayList<>();
    }
    List<AlertEvent> pending = new ArrayList<>();
    sealed.values().forEach(pending::addAll);
    pendingState.update(pending);
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    Map<Long, List<AlertEvent>> due = sealed.headMap(checkpointId, true);
    due.values().forEach(events -> events.forEach(delivery::offer));
    due.clear();
  }

  @Override
  public void close() throws Exception {
    if (delivery != null) {
      // give queued events the time of their retries before the task goes away
      delivery.close(drainTime(config));
    }
  }

  /** For tests: the delivery's counters. */
  WebhookDelivery delivery() {
    return delivery;
  }

  /** How long closing waits for queued events: two of the longest waits and one attempt. */
  static Duration drainTime(WebhookConfig config) {
    return config.maxBackoff().multipliedBy(2).plus(config.timeout());
  }
}
