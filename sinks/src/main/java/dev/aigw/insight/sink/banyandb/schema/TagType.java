package dev.aigw.insight.sink.banyandb.schema;

import org.apache.skywalking.banyandb.database.v1.BanyandbDatabase;

/** The type of a BanyanDB tag, with the Java value an emitter supplies for it. */
public enum TagType {
  /** {@link String}. */
  STRING(BanyandbDatabase.TagType.TAG_TYPE_STRING),
  /** {@link Long} (or any integral {@link Number}). */
  INT(BanyandbDatabase.TagType.TAG_TYPE_INT),
  /** {@code List<String>}. */
  STRING_ARRAY(BanyandbDatabase.TagType.TAG_TYPE_STRING_ARRAY),
  /** {@code List<Long>}. */
  INT_ARRAY(BanyandbDatabase.TagType.TAG_TYPE_INT_ARRAY),
  /** {@code byte[]}. */
  DATA_BINARY(BanyandbDatabase.TagType.TAG_TYPE_DATA_BINARY),
  /** Epoch milliseconds as {@link Long}, or an {@link java.time.Instant}. */
  TIMESTAMP(BanyandbDatabase.TagType.TAG_TYPE_TIMESTAMP);

  private final BanyandbDatabase.TagType proto;

  TagType(BanyandbDatabase.TagType proto) {
    this.proto = proto;
  }

  /** The protocol enum value. */
  public BanyandbDatabase.TagType proto() {
    return proto;
  }
}
