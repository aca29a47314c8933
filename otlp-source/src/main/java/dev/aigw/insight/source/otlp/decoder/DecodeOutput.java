package dev.aigw.insight.source.otlp.decoder;

/** Where a decoder puts the records it produced and the items it refused. */
public interface DecodeOutput<T> {

  /** Emits one decoded record. */
  void emit(T record);

  /**
   * Refuses {@code count} data points, log records or spans of the current request; the reason is
   * returned to the client in {@code partial_success.error_message} and counted by the caller.
   */
  void reject(long count, String reason);
}
