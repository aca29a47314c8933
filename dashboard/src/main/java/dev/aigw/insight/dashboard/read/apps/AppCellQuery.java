package dev.aigw.insight.dashboard.read.apps;

import dev.aigw.insight.schema.app.AppCell;
import dev.aigw.insight.schema.app.AppDimension;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which application cells to read: one {@link AppDimension}, the minutes {@code [fromMs, toMs)},
 * and optional coordinates (null = any) that the dimension must have.
 */
public record AppCellQuery(
    AppDimension dimension,
    long fromMs,
    long toMs,
    String application,
    String provider,
    String model) {

  public AppCellQuery {
    for (Map.Entry<String, String> c : coordinates(application, provider, model).entrySet()) {
      if (!dimension.tags().contains(c.getKey())) {
        throw new IllegalArgumentException(
            "cells of " + dimension + " have no " + c.getKey() + " coordinate");
      }
    }
  }

  /** Every cell of a dimension in a range. */
  public static AppCellQuery of(AppDimension dimension, long fromMs, long toMs) {
    return new AppCellQuery(dimension, fromMs, toMs, null, null, null);
  }

  /** The given coordinates by store name ({@link AppCell#APPLICATION}, ...), in tag order. */
  public Map<String, String> coordinates() {
    return coordinates(application, provider, model);
  }

  private static Map<String, String> coordinates(
      String application, String provider, String model) {
    Map<String, String> out = new LinkedHashMap<>();
    if (application != null) {
      out.put(AppCell.APPLICATION, application);
    }
    if (provider != null) {
      out.put(AppCell.PROVIDER, provider);
    }
    if (model != null) {
      out.put(AppCell.MODEL, model);
    }
    return out;
  }
}
