package dev.aigw.insight.sink.banyandb.schema;

import org.apache.skywalking.banyandb.database.v1.BanyandbDatabase;

/** The type of a BanyanDB measure field, with the Java value an emitter supplies for it. */
public enum FieldType {
  /** {@link String}. */
  STRING(BanyandbDatabase.FieldType.FIELD_TYPE_STRING),
  /** {@link Long} (or any integral {@link Number}). */
  INT(BanyandbDatabase.FieldType.FIELD_TYPE_INT),
  /** {@link Double} (or any {@link Number}). */
  FLOAT(BanyandbDatabase.FieldType.FIELD_TYPE_FLOAT),
  /** {@code byte[]}. */
  DATA_BINARY(BanyandbDatabase.FieldType.FIELD_TYPE_DATA_BINARY);

  private final BanyandbDatabase.FieldType proto;

  FieldType(BanyandbDatabase.FieldType proto) {
    this.proto = proto;
  }

  /** The protocol enum value. */
  public BanyandbDatabase.FieldType proto() {
    return proto;
  }
}
