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
 * Sends alert events to the webhook once the checkpoint that covers them has completed, so that a
 * restart or a replay does not send an event twice:
 *
 * <ul>
 *   <li>an event produced after checkpoint N and produced again after a restore from N (the
 *       evaluator replays from N) was not sent the first time: it waited for N+1;
 *   <li>an event sealed in checkpoint N is sent when N completes; a restore from N does not send it
 *       again (N completed, so it was handed to the delivery). Only a crash in the short moment
 *       between N's completion and the delivery can lose it from the webhook (it is in the store);
 *   <li>events still being delivered (queued or retrying) when a checkpoint is taken are in that
 *       checkpoint and are offered again after a restore from it: at-least-once, with the same
 *       {@code Idempotency-Key}, by which the receiver drops a repeat.
 * </ul>
 *
 * Without checkpointing events are sent at once. Delivery is {@link WebhookDelivery}: a bounded
 * queue and a background thread, so a slow or dead webhook never blocks the pipeline; gauges {@code
 * alertWebhookSent}, {@code alertWebhookDropped}, {@code alertWebhookRetries}.
 */
public final class WebhookSender extends ProcessFunction<AlertEvent, Void>
    implements CheckpointedFunction, CheckpointListener {

  private static final long serialVersionUID = 1L;

  private final WebhookConfig config;
  private final boolean checkpointing;

  private transient WebhookDelivery delivery;
  private transient ListState<AlertEvent> sealedState;
  private transient ListState<AlertEvent> inFlightState;
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
    sealedState =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>("webhook-sealed", TypeInformation.of(AlertEvent.class)));
    inFlightState =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>(
                    "webhook-in-flight", TypeInformation.of(AlertEvent.class)));
    unsealed = new ArrayList<>();
    sealed = new TreeMap<>();
    restored = new ArrayList<>();
    if (context.isRestored()) {
      // sealed events of the restored checkpoint were handed over when it completed: not again
      for (AlertEvent event : inFlightState.get()) {
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
    sealedState.update(pending);
    inFlightState.update(delivery.inFlight());
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
