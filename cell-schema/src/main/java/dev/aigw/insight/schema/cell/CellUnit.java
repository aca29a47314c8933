package dev.aigw.insight.schema.cell;

/** The unit of a stored cell value, as docs/storage.md writes it. */
public enum CellUnit {
  CALLS_PER_MINUTE("calls/min"),
  VALUES_PER_MINUTE("values/min"),
  MILLISECONDS("ms"),
  TOKENS_PER_MINUTE("tokens/min"),
  PICO_CURRENCY("10⁻¹² currency units"),
  CURRENCY("currency units");

  private final String text;

  CellUnit(String text) {
    this.text = text;
  }

  /** The unit as written in the docs, e.g. {@code tokens/min}. */
  public String text() {
    return text;
  }
}
