package dev.aigw.insight.job.decode.logs;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.aigw.insight.job.decode.logs.AccessLogDecoder.Counters;
import dev.aigw.insight.job.decode.logs.AccessLogDecoder.Route;
import dev.aigw.insight.job.model.AccessLogKey;
import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.sample.AccessLogSampler;
import dev.aigw.insight.job.sample.SampleDecision;
import dev.aigw.insight.job.time.EventTimeBounds;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;

/**
 * One call of decode-time sampling over the bytes of an {@code ExportLogsServiceRequest}: walks the
 * wire format with protobuf's {@link CodedInputStream} and, per log record, reads only the
 * attributes the sampling decision needs; the whole {@link AccessLogRecord} is built (from the
 * record's own bytes) only for kept records and for the rare records whose decision needs it.
 *
 * <p>It must never accept what {@code ExportLogsServiceRequest.parseFrom} refuses, so it checks
 * every byte the parse would check: tags, varints and lengths (with the parse's own primitives),
 * UTF-8 of every string field, nesting depth. Whatever it does not handle exactly — a group, a
 * known field with another wire type, the resource after its scopes, deep nesting, any doubt —
 * makes {@link #decode()} return false, and the caller parses the whole request instead, which then
 * decides (and names the error). Nothing is emitted or counted until {@link #commit}: the outcome
 * of a call is either this class's or the full parse's, never a mixture.
 *
 * <p>Not thread-safe; one instance per call.
 */
final class AccessLogWireDecoding {

  // Tags: field number << 3 | wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).
  private static final int REQUEST_RESOURCE_LOGS = 1 << 3 | 2;
  private static final int RESOURCE = 1 << 3 | 2;
  private static final int SCOPE_LOGS = 2 << 3 | 2;
  private static final int SCHEMA_URL = 3 << 3 | 2;
  private static final int SCOPE = 1 << 3 | 2;
  private static final int LOG_RECORDS = 2 << 3 | 2;
  private static final int TIME = 1 << 3 | 1;
  private static final int OBSERVED_TIME = 11 << 3 | 1;
  private static final int SEVERITY_NUMBER = 2 << 3;
  private static final int SEVERITY_TEXT = 3 << 3 | 2;
  private static final int BODY = 5 << 3 | 2;
  private static final int ATTRIBUTES = 6 << 3 | 2;
  private static final int DROPPED_ATTRIBUTES = 7 << 3;
  private static final int FLAGS = 8 << 3 | 5;
  private static final int TRACE_ID = 9 << 3 | 2;
  private static final int SPAN_ID = 10 << 3 | 2;
  private static final int EVENT_NAME = 12 << 3 | 2;
  private static final int KEY = 1 << 3 | 2;
  private static final int VALUE = 2 << 3 | 2;
  private static final int KEY_STRINDEX = 3 << 3;
  private static final int STRING_VALUE = 1 << 3 | 2;
  private static final int BOOL_VALUE = 2 << 3;
  private static final int INT_VALUE = 3 << 3;
  private static final int DOUBLE_VALUE = 4 << 3 | 1;
  private static final int ARRAY_VALUE = 5 << 3 | 2;
  private static final int KVLIST_VALUE = 6 << 3 | 2;
  private static final int BYTES_VALUE = 7 << 3 | 2;
  private static final int STRING_VALUE_STRINDEX = 8 << 3;
  private static final int VALUES = 1 << 3 | 2;

  // Field numbers each message declares (bit n = field n): another wire type on one of them is
  // an unknown field to protobuf, which this class leaves to the full parse.
  private static final long REQUEST_FIELDS = 1L << 1;
  private static final long RESOURCE_LOGS_FIELDS = 1L << 1 | 1L << 2 | 1L << 3;
  private static final long SCOPE_LOGS_FIELDS = 1L << 1 | 1L << 2 | 1L << 3;
  private static final long LOG_RECORD_FIELDS = 0b1_1111_1110_1110L;
  private static final long KEY_VALUE_FIELDS = 1L << 1 | 1L << 2 | 1L << 3;
  private static final long ANY_VALUE_FIELDS = 0b1_1111_1110L;
  private static final long LIST_FIELDS = 1L << 1;

  /**
   * Deepest message nesting (the request is level 0) read here; protobuf allows 100. Deeper
   * messages are left to the full parse, so its recursion limit decides.
   */
  private static final int MAX_LEVEL = 90;

  /** The nesting level of a log record (request, resource logs, scope logs, record). */
  private static final int RECORD_LEVEL = 3;

  /** Protobuf's default recursion limit, which the full parse applies. */
  private static final int PARSE_RECURSION_LIMIT = 100;

  private static final byte DASH = '-';

  private final byte[] bytes;
  private final CodedInputStream in;
  private final AccessLogDecoder decoder;
  private final AccessLogSampler sampler;
  private final RecordFacts facts = new RecordFacts();

  // The call's outcome, applied by commit().
  private final List<Object> actions = new ArrayList<>();
  private final long[] decisions = new long[SampleDecision.values().length];
  private final Counter unparsable = new SimpleCounter();

  /** Counts the unparsable numbers of records already counted from their facts. */
  private final Counter uncounted = new SimpleCounter();

  private long decoded;
  private long droppedOtherLayer;
  private long droppedMissingService;
  private long droppedMissingTime;
  private long rejectedFuture;
  private long rejectedTooOld;

  /** The event times accepted during this call (one clock read, as the full parse). */
  private final EventTimeBounds.Window window;

  /** What the bounds changed in the records emitted, and in the record being built. */
  private final LogRecordBounds.Tally stored = new LogRecordBounds.Tally();

  private final LogRecordBounds.Tally tally = new LogRecordBounds.Tally();

  AccessLogWireDecoding(byte[] request, AccessLogDecoder decoder) {
    this.bytes = request;
    this.in = CodedInputStream.newInstance(request);
    this.decoder = decoder;
    this.sampler = decoder.sampler();
    this.window = decoder.times().now();
  }

  /**
   * Reads the whole request; true when it did so exactly, false when the full parse must decide.
   */
  boolean decode() {
    try {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (tag == REQUEST_RESOURCE_LOGS) {
          int limit = in.pushLimit(in.readRawVarint32());
          resourceLogs();
          in.popLimit(limit);
        } else {
          skipUnknown(tag, REQUEST_FIELDS);
        }
      }
      return true;
    } catch (Uncertain | IOException e) {
      return false;
    }
  }

  /** Applies the outcome of a successful {@link #decode()}: counters, then records and rejects. */
  void commit(Counters counters, DecodeOutput<AccessLogRecord> out) {
    counters.decoded.inc(decoded);
    counters.droppedOtherLayer.inc(droppedOtherLayer);
    counters.droppedMissingService.inc(droppedMissingService);
    counters.droppedMissingTime.inc(droppedMissingTime);
    counters.rejectedFuture.inc(rejectedFuture);
    counters.rejectedTooOld.inc(rejectedTooOld);
    counters.add(stored);
    counters.unparsableNumbers.inc(unparsable.getCount());
    for (int i = 0; i < decisions.length; i++) {
      counters.decisions[i].inc(decisions[i]);
    }
    for (Object action : actions) {
      if (action instanceof AccessLogRecord) {
        out.emit((AccessLogRecord) action);
      } else {
        Reject reject = (Reject) action;
        out.reject(reject.count, reject.reason);
      }
    }
  }

  // --- the request's levels -------------------------------------------------------------------

  private void resourceLogs() throws IOException, Uncertain {
    Resource resource = null;
    Route route = null;
    long records = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == RESOURCE) {
        if (resource != null || route != null) {
          // merged or set after its records: rare, and the full parse handles it
          throw Uncertain.INSTANCE;
        }
        resource = parseEmbedded(Resource.parser(), 2);
      } else if (tag == SCOPE_LOGS) {
        if (route == null) {
          route =
              decoder.route(
                  (resource == null ? Resource.getDefaultInstance() : resource)
                      .getAttributesList());
        }
        int limit = in.pushLimit(in.readRawVarint32());
        records += scopeLogs(route);
        in.popLimit(limit);
      } else if (tag == SCHEMA_URL) {
        string();
      } else {
        skipUnknown(tag, RESOURCE_LOGS_FIELDS);
      }
    }
    if (records == 0) {
      return;
    }
    if (route == Route.OTHER_LAYER) {
      droppedOtherLayer += records;
    } else if (route == Route.MISSING_SERVICE) {
      droppedMissingService += records;
      actions.add(new Reject(records, AccessLogDecoder.MISSING_SERVICE_REASON));
    }
  }

  private long scopeLogs(Route route) throws IOException, Uncertain {
    long records = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == LOG_RECORDS) {
        records++;
        int length = in.readRawVarint32();
        int limit = in.pushLimit(length);
        int start = in.getTotalBytesRead();
        facts.reset();
        logRecord();
        in.popLimit(limit);
        if (route != Route.OTHER_LAYER && route != Route.MISSING_SERVICE) {
          record(route, start, length);
        }
      } else if (tag == SCOPE) {
        parseEmbedded(InstrumentationScope.parser(), 3);
      } else if (tag == SCHEMA_URL) {
        string();
      } else {
        skipUnknown(tag, SCOPE_LOGS_FIELDS);
      }
    }
    return records;
  }

  /**
   * Parses an embedded message at {@code level} with protobuf itself, under the recursion limit it
   * would have inside the whole request.
   */
  private <M> M parseEmbedded(com.google.protobuf.Parser<M> parser, int level) throws IOException {
    int length = in.readRawVarint32();
    int start = in.getTotalBytesRead();
    in.skipRawBytes(length);
    CodedInputStream embedded = CodedInputStream.newInstance(bytes, start, length);
    embedded.setRecursionLimit(PARSE_RECURSION_LIMIT - level);
    M message = parser.parseFrom(embedded);
    embedded.checkLastTagWas(0);
    return message;
  }

  // --- one log record -------------------------------------------------------------------------

  private void logRecord() throws IOException, Uncertain {
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case ATTRIBUTES:
          int limit = in.pushLimit(in.readRawVarint32());
          attribute();
          in.popLimit(limit);
          break;
        case TIME:
          facts.time = in.readFixed64();
          break;
        case OBSERVED_TIME:
          facts.observedTime = in.readFixed64();
          break;
        case BODY:
          embedded(RECORD_LEVEL + 1, Kind.ANY_VALUE);
          break;
        case SEVERITY_TEXT:
        case EVENT_NAME:
          string();
          break;
        case SEVERITY_NUMBER:
        case DROPPED_ATTRIBUTES:
        case FLAGS:
        case TRACE_ID:
        case SPAN_ID:
          in.skipField(tag);
          break;
        default:
          skipUnknown(tag, LOG_RECORD_FIELDS);
      }
    }
  }

  /** One attribute (a KeyValue at level 4): validated, and remembered when sampling reads it. */
  private void attribute() throws IOException, Uncertain {
    int keyStart = 0;
    int keyLength = 0;
    boolean hasKey = false;
    boolean hasValue = false;
    boolean repeated = false;
    int valueKind = RecordFacts.EMPTY;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == KEY) {
        repeated |= hasKey;
        hasKey = true;
        keyLength = in.readRawVarint32();
        keyStart = string(keyLength);
      } else if (tag == VALUE) {
        repeated |= hasValue;
        hasValue = true;
        int limit = in.pushLimit(in.readRawVarint32());
        value(RECORD_LEVEL + 2);
        in.popLimit(limit);
        valueKind = facts.valueKind;
      } else if (tag == KEY_STRINDEX) {
        in.skipField(tag);
      } else {
        skipUnknown(tag, KEY_VALUE_FIELDS);
      }
    }
    if (repeated) {
      // a repeated key or value merges (the last key, the values merged): rare enough to leave
      // the whole record to the full decode
      facts.odd = true;
      return;
    }
    int which = hasKey ? RecordFacts.indexOf(bytes, keyStart, keyLength) : -1;
    if (which < 0) {
      return;
    }
    if (valueKind == RecordFacts.OTHER) {
      facts.odd = true;
    } else {
      facts.set(which, valueKind);
    }
  }

  /**
   * The value of an attribute (an AnyValue): validated; {@code facts.value*} tell a single string
   * or integer, anything else is {@link RecordFacts#OTHER}.
   */
  private void value(int level) throws IOException, Uncertain {
    int fields = 0;
    int kind = RecordFacts.EMPTY;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      fields++;
      if (tag == STRING_VALUE) {
        int length = in.readRawVarint32();
        facts.valueStart = string(length);
        facts.valueLength = length;
        kind = RecordFacts.STRING;
      } else if (tag == INT_VALUE) {
        facts.valueInt = in.readInt64();
        kind = RecordFacts.INT;
      } else {
        anyValueField(tag, level);
        kind = RecordFacts.OTHER;
      }
    }
    facts.valueKind = fields > 1 ? RecordFacts.OTHER : kind;
  }

  // --- validation of the common.proto messages ------------------------------------------------

  /** The message types below a record that are only validated. */
  private enum Kind {
    ANY_VALUE,
    KEY_VALUE,
    LIST_OF_ANY_VALUES,
    LIST_OF_KEY_VALUES
  }

  private void embedded(int level, Kind kind) throws IOException, Uncertain {
    if (level > MAX_LEVEL) {
      throw Uncertain.INSTANCE;
    }
    int limit = in.pushLimit(in.readRawVarint32());
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (kind) {
        case ANY_VALUE:
          anyValueField(tag, level);
          break;
        case KEY_VALUE:
          if (tag == KEY) {
            string();
          } else if (tag == VALUE) {
            embedded(level + 1, Kind.ANY_VALUE);
          } else if (tag == KEY_STRINDEX) {
            in.skipField(tag);
          } else {
            skipUnknown(tag, KEY_VALUE_FIELDS);
          }
          break;
        case LIST_OF_ANY_VALUES:
          if (tag == VALUES) {
            embedded(level + 1, Kind.ANY_VALUE);
          } else {
            skipUnknown(tag, LIST_FIELDS);
          }
          break;
        default:
          if (tag == VALUES) {
            embedded(level + 1, Kind.KEY_VALUE);
          } else {
            skipUnknown(tag, LIST_FIELDS);
          }
      }
    }
    in.popLimit(limit);
  }

  /** One field of an AnyValue at {@code level}. */
  private void anyValueField(int tag, int level) throws IOException, Uncertain {
    switch (tag) {
      case STRING_VALUE:
        string();
        break;
      case ARRAY_VALUE:
        embedded(level + 1, Kind.LIST_OF_ANY_VALUES);
        break;
      case KVLIST_VALUE:
        embedded(level + 1, Kind.LIST_OF_KEY_VALUES);
        break;
      case BOOL_VALUE:
      case INT_VALUE:
      case DOUBLE_VALUE:
      case BYTES_VALUE:
      case STRING_VALUE_STRINDEX:
        in.skipField(tag);
        break;
      default:
        skipUnknown(tag, ANY_VALUE_FIELDS);
    }
  }

  /** Skips a string field's value after checking it is UTF-8, as protobuf's proto3 parse does. */
  private void string() throws IOException, Uncertain {
    string(in.readRawVarint32());
  }

  /** The start of the string of {@code length} bytes at the position, checked to be UTF-8. */
  private int string(int length) throws IOException, Uncertain {
    int start = in.getTotalBytesRead();
    in.skipRawBytes(length);
    if (!Utf8.isValid(bytes, start, length)) {
      throw Uncertain.INSTANCE;
    }
    return start;
  }

  /**
   * Skips a field protobuf keeps as unknown without reading inside it (a varint, fixed or
   * length-delimited value); groups and declared fields with another wire type are left to it.
   */
  private void skipUnknown(int tag, long declaredFields) throws IOException, Uncertain {
    int field = tag >>> 3;
    int wireType = tag & 7;
    if ((field < 64 && (declaredFields & 1L << field) != 0) || wireType == 3 || wireType == 4) {
      throw Uncertain.INSTANCE;
    }
    in.skipField(tag); // wire types 6 and 7 throw, and the full parse reports them
  }

  // --- the decision ---------------------------------------------------------------------------

  /** Decides one record of a decoded resource; builds it only when kept or when needed. */
  private void record(Route route, int start, int length) throws Uncertain {
    long timeNanos = facts.time != 0 ? facts.time : facts.observedTime;
    if (timeNanos == 0) {
      droppedMissingTime++;
      actions.add(new Reject(1, AccessLogDecoder.MISSING_TIME_REASON));
      return;
    }
    int verdict = window.classify(timeNanos);
    if (verdict != EventTimeBounds.ACCEPTED) {
      if (verdict == EventTimeBounds.TOO_FAR_AHEAD) {
        rejectedFuture++;
      } else {
        rejectedTooOld++;
      }
      actions.add(new Reject(1, window.explain(AccessLogDecoder.TIME_SUBJECT, timeNanos, verdict)));
      return;
    }
    decoded++;
    tally.reset();
    AccessLogRecord record = null;
    SampleDecision decision;
    if (facts.odd) {
      record = build(route, timeNanos, start, length, unparsable);
      decision = sampler.decide(record);
    } else {
      long input = number(RecordFacts.INPUT_TOKENS);
      long output = number(RecordFacts.OUTPUT_TOKENS);
      number(RecordFacts.REASONING_TOKENS); // only counted when unparsable
      long duration = number(RecordFacts.DURATION);
      long status = number(RecordFacts.RESPONSE_CODE);
      decision =
          sampler.decideByRule(
              status, present(RecordFacts.UPSTREAM_FAILURE), input, output, duration);
      if (decision == null) {
        if (!sampler.samplesFraction()) {
          decision = SampleDecision.DROP_NORMAL;
        } else {
          double unit = requestIdUnitInterval();
          if (Double.isNaN(unit)) {
            // no usable x-request-id: the key is a hash of the whole record
            record = build(route, timeNanos, start, length, uncounted);
            unit = AccessLogKey.unitInterval(AccessLogKey.of(record));
          }
          decision = sampler.decideFraction(unit);
        }
      }
    }
    decisions[decision.ordinal()]++;
    if (decision.keep()) {
      if (record == null) {
        record = build(route, timeNanos, start, length, uncounted);
      }
      record.keepReason = decision.name();
      stored.add(tally);
      actions.add(record);
    }
  }

  /** The whole record, from its own bytes, exactly as the full parse would decode it. */
  private AccessLogRecord build(
      Route route, long timeNanos, int start, int length, Counter unparsableNumbers)
      throws Uncertain {
    LogRecord log;
    try {
      log = LogRecord.parser().parseFrom(bytes, start, length);
    } catch (InvalidProtocolBufferException e) {
      // cannot happen after the checks above; should it, the full parse decides
      throw Uncertain.INSTANCE;
    }
    return decoder.decodeRecord(log, timeNanos, route, unparsableNumbers, tally);
  }

  /** A numeric attribute as the decoder parses it, {@link AccessLogSampler#ABSENT} when null. */
  private long number(int which) {
    switch (facts.kind[which]) {
      case RecordFacts.INT:
        long value = facts.intValue[which];
        if (value >= 0) {
          return value;
        }
        unparsable.inc();
        return AccessLogSampler.ABSENT;
      case RecordFacts.STRING:
        return Numbers.parse(
            bytes, facts.start[which], facts.length[which], unparsable, AccessLogSampler.ABSENT);
      default:
        return AccessLogSampler.ABSENT;
    }
  }

  /** Whether the attribute is present in the sense of {@link AccessLogRecord#attribute}. */
  private boolean present(int which) {
    switch (facts.kind[which]) {
      case RecordFacts.INT:
        return true;
      case RecordFacts.STRING:
        int length = facts.length[which];
        return length > 1 || (length == 1 && bytes[facts.start[which]] != DASH);
      default:
        return false;
    }
  }

  /** The fraction key's position from {@code x-request-id}, or NaN when it is not the key. */
  private double requestIdUnitInterval() {
    int which = RecordFacts.REQUEST_ID;
    if (facts.kind[which] == RecordFacts.INT) {
      return AccessLogKey.unitInterval(Long.toString(facts.intValue[which]));
    }
    if (!present(which) || !AccessLogKey.usableAsKey(facts.length[which])) {
      return Double.NaN;
    }
    return AccessLogKey.unitInterval(bytes, facts.start[which], facts.length[which]);
  }

  /** A refusal to report to the client, in order with the records. */
  private static final class Reject {
    final long count;
    final String reason;

    Reject(long count, String reason) {
      this.count = count;
      this.reason = reason;
    }
  }

  /** Something only the full parse handles exactly; thrown without a stack trace. */
  static final class Uncertain extends Exception {
    private static final long serialVersionUID = 1L;
    static final Uncertain INSTANCE = new Uncertain();

    private Uncertain() {
      super("left to the full parse", null, false, false);
    }
  }
}
