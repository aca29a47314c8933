package dev.aigw.insight.source.otlp.protocol;

/** Protobuf wire types: the low three bits of a tag. */
final class WireTypes {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private WireTypes() {}
}
