package dev.aigw.insight.job.model;

/** Scope of a minute cell: the whole service or one instance of it. */
public enum Scope {
  SERVICE,
  INSTANCE
}
