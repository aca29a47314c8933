package dev.aigw.insight.source.otlp.protocol;

/**
 * Wire tags (field number {@code << 3 |} wire type) of the outer messages of {@code trace.proto}
 * and its service request, for the readers that walk a traces request's bytes without parsing it.
 */
public final class TracesWire {

  /** {@code ExportTraceServiceRequest.resource_spans}. */
  public static final int REQUEST_RESOURCE_SPANS = 1 << 3 | WireTypes.LENGTH_DELIMITED;

  /** {@code ResourceSpans.resource}. */
  public static final int RESOURCE = 1 << 3 | WireTypes.LENGTH_DELIMITED;

  /** {@code ResourceSpans.scope_spans}. */
  public static final int SCOPE_SPANS = 2 << 3 | WireTypes.LENGTH_DELIMITED;

  /** {@code ResourceSpans.schema_url} and {@code ScopeSpans.schema_url}. */
  public static final int SCHEMA_URL = 3 << 3 | WireTypes.LENGTH_DELIMITED;

  /** {@code ScopeSpans.scope}. */
  public static final int SCOPE = 1 << 3 | WireTypes.LENGTH_DELIMITED;

  /** {@code ScopeSpans.spans}. */
  public static final int SPANS = 2 << 3 | WireTypes.LENGTH_DELIMITED;

  // Span fields.
  public static final int TRACE_ID = 1 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int SPAN_ID = 2 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int TRACE_STATE = 3 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int PARENT_SPAN_ID = 4 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int NAME = 5 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int KIND = 6 << 3 | WireTypes.VARINT;
  public static final int START_TIME = 7 << 3 | WireTypes.FIXED64;
  public static final int END_TIME = 8 << 3 | WireTypes.FIXED64;
  public static final int ATTRIBUTES = 9 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int DROPPED_ATTRIBUTES = 10 << 3 | WireTypes.VARINT;
  public static final int EVENTS = 11 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int DROPPED_EVENTS = 12 << 3 | WireTypes.VARINT;
  public static final int LINKS = 13 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int DROPPED_LINKS = 14 << 3 | WireTypes.VARINT;
  public static final int STATUS = 15 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int FLAGS = 16 << 3 | WireTypes.FIXED32;

  // Field numbers each message declares (bit n = field n), for WireValidator#skipUnknown.
  public static final long REQUEST_FIELDS = 1L << 1;
  public static final long RESOURCE_SPANS_FIELDS = 1L << 1 | 1L << 2 | 1L << 3;
  public static final long SCOPE_SPANS_FIELDS = 1L << 1 | 1L << 2 | 1L << 3;
  public static final long SPAN_FIELDS = 0b1_1111_1111_1111_1110L;

  private TracesWire() {}
}
