package dev.aigw.insight.sink.opensearch;

/** A failure of the OpenSearch sink that retrying cannot fix; it fails the job. */
public class OpenSearchSinkException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public OpenSearchSinkException(String message) {
    super(message);
  }

  public OpenSearchSinkException(String message, Throwable cause) {
    super(message, cause);
  }
}
