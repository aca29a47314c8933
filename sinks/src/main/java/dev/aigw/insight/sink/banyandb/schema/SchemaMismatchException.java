package dev.aigw.insight.sink.banyandb.schema;

/** BanyanDB holds a group, measure or stream that differs from what the job writes. */
public class SchemaMismatchException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public SchemaMismatchException(String message) {
    super(message);
  }
}
