package dev.aigw.insight.source.otlp.protocol;

/**
 * Wire tags (field number {@code << 3 |} wire type) of the messages of {@code logs.proto} and its
 * service request, for the readers that walk a logs request's bytes without parsing it.
 */
public final class LogsWire {

  /** {@code ExportLogsServiceRequest.resource_logs}. */
  public static final int REQUEST_RESOURCE_LOGS = 1 << 3 | WireTypes.LENGTH_DELIMITED;

  /** {@code ResourceLogs.resource}. */
  public static final int RESOURCE = 1 << 3 | WireTypes.LENGTH_DELIMITED;

  /** {@code ResourceLogs.scope_logs}. */
  public static final int SCOPE_LOGS = 2 << 3 | WireTypes.LENGTH_DELIMITED;

  /** {@code ResourceLogs.schema_url} and {@code ScopeLogs.schema_url}. */
  public static final int SCHEMA_URL = 3 << 3 | WireTypes.LENGTH_DELIMITED;

  /** {@code ScopeLogs.scope}. */
  public static final int SCOPE = 1 << 3 | WireTypes.LENGTH_DELIMITED;

  /** {@code ScopeLogs.log_records}. */
  public static final int LOG_RECORDS = 2 << 3 | WireTypes.LENGTH_DELIMITED;

  // LogRecord fields.
  public static final int TIME = 1 << 3 | WireTypes.FIXED64;
  public static final int SEVERITY_NUMBER = 2 << 3 | WireTypes.VARINT;
  public static final int SEVERITY_TEXT = 3 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int BODY = 5 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int ATTRIBUTES = 6 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int DROPPED_ATTRIBUTES = 7 << 3 | WireTypes.VARINT;
  public static final int FLAGS = 8 << 3 | WireTypes.FIXED32;
  public static final int TRACE_ID = 9 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int SPAN_ID = 10 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int OBSERVED_TIME = 11 << 3 | WireTypes.FIXED64;
  public static final int EVENT_NAME = 12 << 3 | WireTypes.LENGTH_DELIMITED;

  // Field numbers each message declares (bit n = field n), for WireValidator#skipUnknown.
  public static final long REQUEST_FIELDS = 1L << 1;
  public static final long RESOURCE_LOGS_FIELDS = 1L << 1 | 1L << 2 | 1L << 3;
  public static final long SCOPE_LOGS_FIELDS = 1L << 1 | 1L << 2 | 1L << 3;
  public static final long LOG_RECORD_FIELDS = 0b1_1111_1110_1110L;

  private LogsWire() {}
}
