package dev.aigw.insight.dashboard.pipeline;

/** Flink's REST API could not be reached or refused a request; the message says where and why. */
public class FlinkRestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public FlinkRestException(String message, Throwable cause) {
    super(message, cause);
  }
}
