package dev.aigw.insight.source.otlp.protocol;

/**
 * Wire tags (field number {@code << 3 |} wire type) of the messages of {@code common.proto}: {@code
 * KeyValue}, {@code AnyValue} and the two lists, shared by every signal's attributes.
 */
public final class CommonWire {

  // KeyValue fields.
  public static final int KEY = 1 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int VALUE = 2 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int KEY_STRINDEX = 3 << 3 | WireTypes.VARINT;

  // AnyValue fields.
  public static final int STRING_VALUE = 1 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int BOOL_VALUE = 2 << 3 | WireTypes.VARINT;
  public static final int INT_VALUE = 3 << 3 | WireTypes.VARINT;
  public static final int DOUBLE_VALUE = 4 << 3 | WireTypes.FIXED64;
  public static final int ARRAY_VALUE = 5 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int KVLIST_VALUE = 6 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int BYTES_VALUE = 7 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int STRING_VALUE_STRINDEX = 8 << 3 | WireTypes.VARINT;

  /** {@code ArrayValue.values} and {@code KeyValueList.values}. */
  public static final int VALUES = 1 << 3 | WireTypes.LENGTH_DELIMITED;

  // Field numbers each message declares (bit n = field n), for WireValidator#skipUnknown.
  public static final long KEY_VALUE_FIELDS = 1L << 1 | 1L << 2 | 1L << 3;
  public static final long ANY_VALUE_FIELDS = 0b1_1111_1110L;
  public static final long LIST_FIELDS = 1L << 1;

  private CommonWire() {}
}
