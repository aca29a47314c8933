package dev.aigw.insight.schema.cell;

import java.util.Locale;

/** Scope of a minute cell: the whole service or one instance of it. */
public enum Scope {
  SERVICE,
  INSTANCE;

  /**
   * The scope as it appears in stored names, e.g. {@code service} in {@code genai_service_minute}.
   */
  public String storeName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
