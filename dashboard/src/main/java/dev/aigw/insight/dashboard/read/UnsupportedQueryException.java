package dev.aigw.insight.dashboard.read;

/**
 * A query the store cannot answer as asked (a filter it does not store, a range too large to read):
 * the caller's to change, so the API answers 400 with this message, not 500 or 503.
 */
public final class UnsupportedQueryException extends RuntimeException {

  public UnsupportedQueryException(String message) {
    super(message);
  }
}
