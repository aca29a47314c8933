package dev.aigw.insight.job.decode.logs;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.aigw.insight.job.decode.logs.AccessLogDecoder.Counters;
import dev.aigw.insight.job.decode.logs.AccessLogDecoder.Route;
import dev.aigw.insight.job.model.AccessLogKey;
import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.model.AccessLogStatusCount;
import dev.aigw.insight.job.sample.AccessLogSampler;
import dev.aigw.insight.job.sample.SampleDecision;
import dev.aigw.insight.job.time.EventTimeBounds;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import dev.aigw.insight.source.otlp.protocol.CommonWire;
import dev.aigw.insight.source.otlp.protocol.LogsWire;
import dev.aigw.insight.source.otlp.protocol.WireUncertainty;
import dev.aigw.insight.source.otlp.protocol.WireValidator;
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
 * every byte the parse would check: this class walks the logs levels and reads the sampling facts;
 * the checks themselves (strings, attribute values and bodies, embedded messages, unknown fields)
 * are otlp-source's {@link WireValidator}, which a span wire path reuses. Whatever is not handled
 * exactly — a group, a known field with another wire type, the resource after its scopes, deep
 * nesting, any doubt ({@link WireUncertainty}) — makes {@link #decode()} return false, and the
 * caller parses the whole request instead, which then decides (and names the error). Nothing is
 * emitted or counted until {@link #commit}: the outcome of a call is either this class's or the
 * full parse's, never a mixture.
 *
 * <p>Not thread-safe; one instance per call.
 */
final class AccessLogWireDecoding {

  /** The nesting level of a log record (request, resource logs, scope logs, record). */
  private static final int RECORD_LEVEL = 3;

  private static final byte DASH = '-';

  private final byte[] bytes;
  private final WireValidator wire;
  private final CodedInputStream in;
  private final AccessLogDecoder decoder;
  private final AccessLogSampler sampler;
  private final RecordFacts facts = new RecordFacts();

  /** Every decoded record's status, before the sampling; null when not counted. */
  private final StatusTally statuses;

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

  AccessLogWireDecoding(byte[] request, AccessLogDecoder decoder, StatusTally statuses) {
    this.bytes = request;
    this.statuses = statuses;
    this.wire = new WireValidator(request);
    this.in = wire.in();
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
        if (tag == LogsWire.REQUEST_RESOURCE_LOGS) {
          int limit = in.pushLimit(in.readRawVarint32());
          resourceLogs();
          in.popLimit(limit);
        } else {
          wire.skipUnknown(tag, LogsWire.REQUEST_FIELDS);
        }
      }
      return true;
    } catch (WireUncertainty | IOException e) {
      return false;
    }
  }

  /**
   * Applies the outcome of a successful {@link #decode()}: counters, then records and rejects, then
   * the status counts (to {@code counts}, when counted).
   */
  void commit(
      Counters counters,
      DecodeOutput<AccessLogRecord> out,
      DecodeOutput<AccessLogStatusCount> counts) {
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
    if (statuses != null && counts != null) {
      statuses.emit(counts);
    }
  }

  // --- the request's levels -------------------------------------------------------------------

  private void resourceLogs() throws IOException, WireUncertainty {
    Resource resource = null;
    Route route = null;
    long records = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == LogsWire.RESOURCE) {
        if (resource != null || route != null) {
          // merged or set after its records: rare, and the full parse handles it
          throw WireUncertainty.INSTANCE;
        }
        resource = wire.parseEmbedded(Resource.parser(), 2);
      } else if (tag == LogsWire.SCOPE_LOGS) {
        if (route == null) {
          route =
              decoder.route(
                  (resource == null ? Resource.getDefaultInstance() : resource)
                      .getAttributesList());
        }
        int limit = in.pushLimit(in.readRawVarint32());
        records += scopeLogs(route);
        in.popLimit(limit);
      } else if (tag == LogsWire.SCHEMA_URL) {
        wire.string();
      } else {
        wire.skipUnknown(tag, LogsWire.RESOURCE_LOGS_FIELDS);
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

  private long scopeLogs(Route route) throws IOException, WireUncertainty {
    long records = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == LogsWire.LOG_RECORDS) {
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
      } else if (tag == LogsWire.SCOPE) {
        wire.parseEmbedded(InstrumentationScope.parser(), 3);
      } else if (tag == LogsWire.SCHEMA_URL) {
        wire.string();
      } else {
        wire.skipUnknown(tag, LogsWire.SCOPE_LOGS_FIELDS);
      }
    }
    return records;
  }

  // --- one log record -------------------------------------------------------------------------

  private void logRecord() throws IOException, WireUncertainty {
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case LogsWire.ATTRIBUTES:
          int limit = in.pushLimit(in.readRawVarint32());
          attribute();
          in.popLimit(limit);
          break;
        case LogsWire.TIME:
          facts.time = in.readFixed64();
          break;
        case LogsWire.OBSERVED_TIME:
          facts.observedTime = in.readFixed64();
          break;
        case LogsWire.BODY:
          wire.anyValue(RECORD_LEVEL + 1);
          break;
        case LogsWire.SEVERITY_TEXT:
        case LogsWire.EVENT_NAME:
          wire.string();
          break;
        case LogsWire.SEVERITY_NUMBER:
        case LogsWire.DROPPED_ATTRIBUTES:
        case LogsWire.FLAGS:
        case LogsWire.TRACE_ID:
        case LogsWire.SPAN_ID:
          in.skipField(tag);
          break;
        default:
          wire.skipUnknown(tag, LogsWire.LOG_RECORD_FIELDS);
      }
    }
  }

  /** One attribute (a KeyValue at level 4): validated, and remembered when sampling reads it. */
  private void attribute() throws IOException, WireUncertainty {
    int keyStart = 0;
    int keyLength = 0;
    boolean hasKey = false;
    boolean hasValue = false;
    boolean repeated = false;
    int valueKind = RecordFacts.EMPTY;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == CommonWire.KEY) {
        repeated |= hasKey;
        hasKey = true;
        keyLength = in.readRawVarint32();
        keyStart = wire.string(keyLength);
      } else if (tag == CommonWire.VALUE) {
        repeated |= hasValue;
        hasValue = true;
        int limit = in.pushLimit(in.readRawVarint32());
        value(RECORD_LEVEL + 2);
        in.popLimit(limit);
        valueKind = facts.valueKind;
      } else if (tag == CommonWire.KEY_STRINDEX) {
        in.skipField(tag);
      } else {
        wire.skipUnknown(tag, CommonWire.KEY_VALUE_FIELDS);
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
  private void value(int level) throws IOException, WireUncertainty {
    int fields = 0;
    int kind = RecordFacts.EMPTY;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      fields++;
      if (tag == CommonWire.STRING_VALUE) {
        int length = in.readRawVarint32();
        facts.valueStart = wire.string(length);
        facts.valueLength = length;
        kind = RecordFacts.STRING;
      } else if (tag == CommonWire.INT_VALUE) {
        facts.valueInt = in.readInt64();
        kind = RecordFacts.INT;
      } else {
        wire.anyValueField(tag, level);
        kind = RecordFacts.OTHER;
      }
    }
    facts.valueKind = fields > 1 ? RecordFacts.OTHER : kind;
  }

  // --- the decision ---------------------------------------------------------------------------

  /** Decides one record of a decoded resource; builds it only when kept or when needed. */
  private void record(Route route, int start, int length) throws WireUncertainty {
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
      if (statuses != null) {
        statuses.add(
            route,
            record.provider,
            record.timestampMs,
            record.statusCode == null ? AccessLogSampler.ABSENT : record.statusCode);
      }
    } else {
      long input = number(RecordFacts.INPUT_TOKENS);
      long output = number(RecordFacts.OUTPUT_TOKENS);
      number(RecordFacts.REASONING_TOKENS); // only counted when unparsable
      long duration = number(RecordFacts.DURATION);
      long status = number(RecordFacts.RESPONSE_CODE);
      if (statuses != null) {
        countStatus(route, timeNanos / 1_000_000L, status);
      }
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

  /** Adds the record to its (service, backend, minute) status count, the backend read as bytes. */
  private void countStatus(Route route, long timeMs, long status) {
    int which = RecordFacts.PROVIDER;
    if (facts.kind[which] == RecordFacts.STRING && present(which)) {
      statuses.add(route, bytes, facts.start[which], facts.length[which], timeMs, status);
    } else if (facts.kind[which] == RecordFacts.INT) {
      statuses.add(route, Long.toString(facts.intValue[which]), timeMs, status);
    } else {
      statuses.add(route, (String) null, timeMs, status);
    }
  }

  /** The whole record, from its own bytes, exactly as the full parse would decode it. */
  private AccessLogRecord build(
      Route route, long timeNanos, int start, int length, Counter unparsableNumbers)
      throws WireUncertainty {
    LogRecord log;
    try {
      log = LogRecord.parser().parseFrom(bytes, start, length);
    } catch (InvalidProtocolBufferException e) {
      // cannot happen after the checks above; should it, the full parse decides
      throw WireUncertainty.INSTANCE;
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
}
