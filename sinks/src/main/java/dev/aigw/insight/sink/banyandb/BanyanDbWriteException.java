package dev.aigw.insight.sink.banyandb;

import java.io.IOException;

/** Rows could not be written to BanyanDB; the message names the group, measure and status. */
public class BanyanDbWriteException extends IOException {
  private static final long serialVersionUID = 1L;

  public BanyanDbWriteException(String message) {
    super(message);
  }
}
