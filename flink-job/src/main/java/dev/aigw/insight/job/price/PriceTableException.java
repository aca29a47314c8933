package dev.aigw.insight.job.price;

/** A price table file that cannot be used; the message names the file, entry and field. */
public class PriceTableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PriceTableException(String message) {
    super(message);
  }

  public PriceTableException(String message, Throwable cause) {
    super(message, cause);
  }
}
