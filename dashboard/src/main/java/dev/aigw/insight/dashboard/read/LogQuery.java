package dev.aigw.insight.dashboard.read;

/**
 * Which kept access logs to read: a time range {@code [fromMs, toMs)}, optional exact filters (null
 * = any), a status class ({@code 2xx}, {@code 4xx}, {@code 5xx}; null = any), a keep reason, free
 * text searched in the body and the model names, and a page ({@code page} from 0).
 */
public record LogQuery(
    long fromMs,
    long toMs,
    String service,
    String instance,
    String provider,
    String model,
    String statusClass,
    String keepReason,
    String text,
    int page,
    int size) {

  public LogQuery {
    if (toMs <= fromMs) {
      throw new IllegalArgumentException("empty range: from " + fromMs + " to " + toMs);
    }
    if (page < 0 || size <= 0) {
      throw new IllegalArgumentException("page must be >= 0 and size > 0");
    }
  }
}
