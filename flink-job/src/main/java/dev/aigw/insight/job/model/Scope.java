package dev.aigw.insight.job.model;

/**
 * The scope of the cell a {@code LeafAggregate} is aimed at, as the cell windows keep it in state:
 * the state form of {@link dev.aigw.insight.schema.cell.Scope}. Its name and constants are in every
 * savepoint since 0.1.0 (the enum serializer's snapshot of LeafAggregate's field), so it stays
 * here, unchanged; everything outside the window state uses the schema's type ({@link #cell()}).
 */
public enum Scope {
  SERVICE,
  INSTANCE;

  /** The schema's scope of the same name. */
  public dev.aigw.insight.schema.cell.Scope cell() {
    return dev.aigw.insight.schema.cell.Scope.valueOf(name());
  }
}
