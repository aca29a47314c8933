package dev.aigw.insight.source.otlp.decoder;

/** Thrown by a decoder when a whole export request is unusable (answered INVALID_ARGUMENT). */
public class MalformedRequestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public MalformedRequestException(String message) {
    super(message);
  }
}
