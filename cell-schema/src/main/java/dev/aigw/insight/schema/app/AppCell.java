package dev.aigw.insight.schema.app;

/**
 * One per-minute row of the application cells: (UTC minute, {@link AppDimension}, coordinates) with
 * every value of the LLM calls whose span ended in that minute. A Flink POJO without importing
 * Flink; in no Flink state. The stored names of its values are in {@link AppCellField}; {@link
 * #cellKey()} identifies the row, so a rewrite (late span) overwrites it.
 */
public class AppCell {

  /** Store name of the application coordinate. */
  public static final String APPLICATION = "application";

  /** Store name of the provider coordinate. */
  public static final String PROVIDER = "provider";

  /** Store name of the model coordinate. */
  public static final String MODEL = "model";

  /** Value of a coordinate the cell's dimension does not have. */
  public static final String ABSENT = "";

  public long windowStartMs;
  public AppDimension dimension;
  public String application = ABSENT;
  public String provider = ABSENT;
  public String model = ABSENT;

  public long calls;
  public long errors;
  public double successRate;
  public double latencyAvgMs;
  public double latencyP50Ms;
  public double latencyP75Ms;
  public double latencyP90Ms;
  public double latencyP95Ms;
  public double latencyP99Ms;
  public long latencySumMs;
  public long inputTokens;
  public long outputTokens;
  public long cacheReadTokens;
  public long cacheCreationTokens;
  public long reasoningTokens;
  public double inputTokensAvg;
  public double outputTokensAvg;
  public double cacheReadTokensAvg;
  public double cacheCreationTokensAvg;
  public double reasoningTokensAvg;
  public long costPicos;
  public double estimatedCost;
  public double estimatedCostAvg;
  public long cacheSavingsPicos;
  public long unpricedTokens;
  public long ttftCount;
  public double ttftAvgMs;
  public double ttftP50Ms;
  public double ttftP75Ms;
  public double ttftP90Ms;
  public double ttftP95Ms;
  public double ttftP99Ms;
  public long ttftSumMs;
  public long streamingCalls;
  public double streamingShare;

  /** Flink POJO constructor. */
  public AppCell() {}

  /** An empty cell with the coordinates its dimension has; the others {@link #ABSENT}. */
  public static AppCell at(
      long windowStartMs,
      AppDimension dimension,
      String application,
      String provider,
      String model) {
    AppCell c = new AppCell();
    c.windowStartMs = windowStartMs;
    c.dimension = dimension;
    c.application = dimension.tags().contains(APPLICATION) ? application : ABSENT;
    c.provider = provider;
    c.model = dimension.tags().contains(MODEL) ? model : ABSENT;
    return c;
  }

  /** The value of a coordinate by its store name. */
  public String tag(String storeName) {
    return switch (storeName) {
      case APPLICATION -> application;
      case PROVIDER -> provider;
      case MODEL -> model;
      default -> throw new IllegalArgumentException("no coordinate " + storeName);
    };
  }

  /** Stable identity of the row: minute, dimension and the coordinates it has. */
  public String cellKey() {
    StringBuilder sb = new StringBuilder(96);
    sb.append(windowStartMs).append('|').append(dimension);
    for (String tag : dimension.tags()) {
      sb.append('|');
      String v = tag(tag);
      for (int i = 0; i < v.length(); i++) {
        char ch = v.charAt(i);
        if (ch == '|' || ch == '\\') {
          sb.append('\\');
        }
        sb.append(ch);
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(512).append("AppCell{").append(cellKey());
    for (AppCellField f : AppCellField.values()) {
      sb.append(", ").append(f.storeName()).append('=').append(f.value(this));
    }
    return sb.append('}').toString();
  }
}
