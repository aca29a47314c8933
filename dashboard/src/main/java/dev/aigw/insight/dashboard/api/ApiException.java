package dev.aigw.insight.dashboard.api;

/** A query the API refuses (bad parameter, bad range): answered 400 with the message. */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ApiException(String message) {
    super(message);
  }
}
