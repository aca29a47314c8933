package dev.aigw.insight.dashboard.read.alerts;

import dev.aigw.insight.schema.alert.AlertEvent;
import java.util.List;

/**
 * Reads the alert events the job wrote (docs/alerts.md): the OpenSearch indices {@code
 * aigw-alerts-*} or the BanyanDB stream {@code genai_alert}, whichever store holds the cells.
 *
 * <p>Like the telemetry stores, an implementation keeps no state of its own and throws {@link
 * dev.aigw.insight.dashboard.read.StoreUnavailableException} when the store cannot be reached, so
 * that the API answers 503 instead of an empty list. Nothing written yet reads as empty.
 */
public interface AlertStore extends AutoCloseable {

  /**
   * The events whose transition time ({@code event_time_ms}) lies in {@code [fromMs, toMs)}, of
   * {@code service} only when it is not null, newest first (ties by idempotency key), at most
   * {@code limit} of them.
   */
  List<AlertEvent> events(long fromMs, long toMs, String service, int limit);

  /** Frees the store's connections. */
  @Override
  void close();
}
