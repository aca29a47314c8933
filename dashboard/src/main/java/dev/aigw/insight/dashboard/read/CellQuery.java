package dev.aigw.insight.dashboard.read;

import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.Scope;
import java.util.Objects;

/**
 * Which cells to read: one scope × dimension, the minutes in {@code [fromMs, toMs)}, and any of the
 * coordinates a cell of that scope and dimension has (null = any value).
 */
public record CellQuery(
    Scope scope,
    Dimension dimension,
    long fromMs,
    long toMs,
    String service,
    String instance,
    String provider,
    String model) {

  public CellQuery {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(dimension, "dimension");
    if (toMs <= fromMs) {
      throw new IllegalArgumentException("empty range: from " + fromMs + " to " + toMs);
    }
  }

  /** The value the query fixes for a coordinate (null = any). */
  public String coordinate(CellTag tag) {
    return switch (tag) {
      case SERVICE -> service;
      case INSTANCE -> instance;
      case PROVIDER -> provider;
      case MODEL -> model;
    };
  }

  /** All cells of a scope and dimension in a range. */
  public static CellQuery of(Scope scope, Dimension dimension, long fromMs, long toMs) {
    return new CellQuery(scope, dimension, fromMs, toMs, null, null, null, null);
  }

  public CellQuery withService(String value) {
    return new CellQuery(scope, dimension, fromMs, toMs, value, instance, provider, model);
  }

  public CellQuery withInstance(String value) {
    return new CellQuery(scope, dimension, fromMs, toMs, service, value, provider, model);
  }

  public CellQuery withProvider(String value) {
    return new CellQuery(scope, dimension, fromMs, toMs, service, instance, value, model);
  }

  public CellQuery withModel(String value) {
    return new CellQuery(scope, dimension, fromMs, toMs, service, instance, provider, value);
  }
}
