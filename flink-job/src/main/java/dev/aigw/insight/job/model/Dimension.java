package dev.aigw.insight.job.model;

/** Dimension of a minute cell: everything, one provider, or one provider's model. */
public enum Dimension {
  ALL,
  PROVIDER,
  MODEL
}
