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

  private TracesWire() {}
}
