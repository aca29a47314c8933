package dev.aigw.insight.schema.cell;

import java.util.Locale;

/** Dimension of a minute cell: everything, one provider, or one provider's model. */
public enum Dimension {
  ALL,
  PROVIDER,
  MODEL;

  /**
   * The dimension as it appears in stored names: empty for {@link #ALL} (the measure of a whole
   * service has no dimension part), else e.g. {@code model} in {@code genai_service_model_minute}.
   */
  public String storeName() {
    return this == ALL ? "" : name().toLowerCase(Locale.ROOT);
  }
}
