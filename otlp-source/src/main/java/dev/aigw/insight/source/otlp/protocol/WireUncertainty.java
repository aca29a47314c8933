package dev.aigw.insight.source.otlp.protocol;

/**
 * Thrown by a wire-format reader ({@link WireValidator}) on something only protobuf's full parse
 * handles exactly: the caller then parses the whole message, which decides (and names any error).
 * One shared instance without a stack trace: it is control flow, not an error.
 */
public final class WireUncertainty extends Exception {
  private static final long serialVersionUID = 1L;

  /** The one instance. */
  public static final WireUncertainty INSTANCE = new WireUncertainty();

  private WireUncertainty() {
    super("left to the full parse", null, false, false);
  }
}
