package dev.aigw.insight.source.otlp.server;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.IOException;

/**
 * Counts the log records of a logs export request, from its bytes without parsing the records (they
 * are skipped by length), or from a parsed request.
 */
final class LogRecordCount {

  /** Tags (field number and wire type) of the three repeated message fields on the way down. */
  private static final int RESOURCE_LOGS = 1 << 3 | 2;

  private static final int SCOPE_LOGS = 2 << 3 | 2;
  private static final int LOG_RECORDS = 2 << 3 | 2;

  private LogRecordCount() {}

  /**
   * The number of {@code log_records} in a serialized {@code ExportLogsServiceRequest}; counts the
   * same as the parsed request whenever both succeed.
   *
   * @throws InvalidProtocolBufferException when the outer levels are not valid protobuf
   */
  static long of(byte[] request) throws InvalidProtocolBufferException {
    try {
      return count(CodedInputStream.newInstance(request));
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      // a byte array never fails to read; any other IOException is a malformed message too
      throw new InvalidProtocolBufferException(e);
    }
  }

  private static long count(CodedInputStream in) throws IOException {
    long records = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == RESOURCE_LOGS) {
        int limit = in.pushLimit(in.readRawVarint32());
        records += resourceLogs(in);
        in.popLimit(limit);
      } else {
        skip(in, tag);
      }
    }
    return records;
  }

  /** The number of log records of a parsed request. */
  static long of(ExportLogsServiceRequest request) {
    long records = 0;
    for (ResourceLogs resource : request.getResourceLogsList()) {
      for (ScopeLogs scope : resource.getScopeLogsList()) {
        records += scope.getLogRecordsCount();
      }
    }
    return records;
  }

  private static long resourceLogs(CodedInputStream in) throws IOException {
    long records = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == SCOPE_LOGS) {
        int limit = in.pushLimit(in.readRawVarint32());
        for (int inner = in.readTag(); inner != 0; inner = in.readTag()) {
          if (inner == LOG_RECORDS) {
            records++;
          }
          skip(in, inner);
        }
        in.popLimit(limit);
      } else {
        skip(in, tag);
      }
    }
    return records;
  }

  private static void skip(CodedInputStream in, int tag) throws IOException {
    if (!in.skipField(tag)) {
      throw new InvalidProtocolBufferException("unexpected end-group tag");
    }
  }
}
