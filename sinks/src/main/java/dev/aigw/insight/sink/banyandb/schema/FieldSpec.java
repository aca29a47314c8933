package dev.aigw.insight.sink.banyandb.schema;

import java.io.Serializable;
import java.util.Objects;

/** One field of a measure: its name and type. The unit is documentation only (docs/storage.md). */
public record FieldSpec(String name, FieldType type) implements Serializable {
  public FieldSpec {
    SchemaNames.require(name, "field name");
    Objects.requireNonNull(type, "field type");
  }

  /** A floating-point field. */
  public static FieldSpec floating(String name) {
    return new FieldSpec(name, FieldType.FLOAT);
  }

  /** An integer field. */
  public static FieldSpec integer(String name) {
    return new FieldSpec(name, FieldType.INT);
  }
}
