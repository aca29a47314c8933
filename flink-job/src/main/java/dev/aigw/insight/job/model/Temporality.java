package dev.aigw.insight.job.model;

/** OTLP aggregation temporality of a histogram point. */
public enum Temporality {
  /** Each point holds what was recorded since the previous point. */
  DELTA,
  /** Each point holds everything recorded since the series' start time. */
  CUMULATIVE
}
