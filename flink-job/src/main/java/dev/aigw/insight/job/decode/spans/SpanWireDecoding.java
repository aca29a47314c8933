package dev.aigw.insight.job.decode.spans;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.aigw.insight.job.decode.AttributionValues;
import dev.aigw.insight.job.decode.WireStrings;
import dev.aigw.insight.job.decode.spans.LlmSpanDecoder.Candidate;
import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.time.EventTimeBounds;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import dev.aigw.insight.source.otlp.protocol.CommonWire;
import dev.aigw.insight.source.otlp.protocol.TracesWire;
import dev.aigw.insight.source.otlp.protocol.WireUncertainty;
import dev.aigw.insight.source.otlp.protocol.WireValidator;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One call of the span decoder over the bytes of an {@code ExportTraceServiceRequest}: walks the
 * wire format with protobuf's {@link CodedInputStream} and, per span, reads the ids, times, status
 * and only the attributes of the contract ({@link SpanFacts#KEYS}, matched on their bytes). Most
 * spans of an application's traces carry none of them: they are checked and skipped without
 * building anything. An LLM span gives its {@link SpanFacts} from {@code AnyValue}s built for those
 * few attributes, and then the very rules of {@link LlmSpanDecoder#call} apply.
 *
 * <p>It must never accept what {@code ExportTraceServiceRequest.parseFrom} refuses, so it checks
 * every byte the parse would check, with otlp-source's {@link WireValidator} (strings, attribute
 * values, unknown fields). Whatever is not handled exactly — a resource repeated or after its
 * scopes, a repeated status, a repeated value of a contract attribute (protobuf merges those), a
 * group, a known field with another wire type, deep nesting, any doubt ({@link WireUncertainty}) —
 * makes {@link #decode()} return false, and the caller parses the whole request instead, which then
 * decides (and names the error). Nothing is emitted, rejected or counted until {@link #commit}: the
 * outcome of a call is either this class's or the full parse's, never a mixture.
 *
 * <p>Not thread-safe; one instance per call.
 */
final class SpanWireDecoding {

  /** The nesting level of a span (request, resource spans, scope spans, span). */
  private static final int SPAN_LEVEL = 3;

  /** The contract's keys as UTF-8 bytes, by length (the first test of a key's bytes). */
  private static final byte[][][] KEYS_BY_LENGTH;

  /** The contract's keys as strings, in the order of {@link #KEYS_BY_LENGTH}. */
  private static final String[][] NAMES_BY_LENGTH;

  static {
    int max = 0;
    for (String key : SpanFacts.KEYS) {
      max = Math.max(max, key.length());
    }
    KEYS_BY_LENGTH = new byte[max + 1][][];
    NAMES_BY_LENGTH = new String[max + 1][];
    for (int length = 0; length <= max; length++) {
      List<String> names = new ArrayList<>();
      for (String key : SpanFacts.KEYS) {
        if (key.getBytes(StandardCharsets.UTF_8).length == length) {
          names.add(key);
        }
      }
      NAMES_BY_LENGTH[length] = names.toArray(new String[0]);
      KEYS_BY_LENGTH[length] = new byte[names.size()][];
      for (int i = 0; i < names.size(); i++) {
        KEYS_BY_LENGTH[length][i] = names.get(i).getBytes(StandardCharsets.UTF_8);
      }
    }
  }

  // What an attribute value is, as far as it is read here.
  private static final int EMPTY = 0;
  private static final int STRING = 1;
  private static final int INT = 2;
  private static final int DOUBLE = 3;
  private static final int BOOL = 4;
  private static final int OTHER = 5;

  private final byte[] bytes;
  private final WireValidator wire;
  private final CodedInputStream in;
  private final LlmSpanDecoder decoder;
  private final AttributionValues attribution;

  /** The event times accepted during this call (one clock read, as the full parse). */
  private final EventTimeBounds.Window window;

  // The call's outcome, applied by commit().
  private final SpanCounters counters = new SpanCounters(null);
  private final Rejects rejects = new Rejects();
  private final List<Candidate> candidates = new ArrayList<>();

  /** The request's string values, each decoded once: one instance per provider or model name. */
  private final WireStrings strings;

  // The resource being read.
  private Resource resource;
  private String application;
  private AttributionValues.Lookup lookup;

  // The span being read.
  private SpanFacts facts;
  private int traceIdStart;
  private int traceIdLength;
  private int spanIdStart;
  private int spanIdLength;
  private int parentStart;
  private int parentLength;
  private long startTime;
  private long endTime;
  private boolean statusSeen;
  private boolean statusError;

  // The attribute value being read.
  private int valueKind;
  private long valueBits;
  private int valueStart;
  private int valueLength;

  SpanWireDecoding(byte[] request, LlmSpanDecoder decoder, EventTimeBounds.Window window) {
    this.bytes = request;
    this.wire = new WireValidator(request);
    this.strings = new WireStrings(request);
    this.in = wire.in();
    this.decoder = decoder;
    this.attribution = decoder.attribution();
    this.window = window;
  }

  /**
   * Reads the whole request; true when it did so exactly, false when the full parse must decide.
   */
  boolean decode() {
    try {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (tag == TracesWire.REQUEST_RESOURCE_SPANS) {
          int limit = in.pushLimit(in.readRawVarint32());
          resourceSpans();
          in.popLimit(limit);
        } else {
          wire.skipUnknown(tag, TracesWire.REQUEST_FIELDS);
        }
      }
      return true;
    } catch (WireUncertainty | IOException e) {
      return false;
    }
  }

  /**
   * Applies the outcome of a successful {@link #decode()} in the order of {@link
   * LlmSpanDecoder#decodeTraces}: counters, the rejects, then the calls but the nested repeats.
   */
  void commit(SpanCounters target, DecodeOutput<LlmCall> out) {
    target.addAll(counters);
    for (String reason : rejects.reasons) {
      out.reject(1, reason);
    }
    LlmSpanDecoder.emitCountedOnce(candidates, out, target);
  }

  // --- the request's levels -------------------------------------------------------------------

  private void resourceSpans() throws IOException, WireUncertainty {
    resource = null;
    application = null;
    lookup = attribution == null ? null : attribution.lookup();
    boolean scopes = false;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == TracesWire.SCOPE_SPANS) {
        scopes = true;
        int limit = in.pushLimit(in.readRawVarint32());
        scopeSpans();
        in.popLimit(limit);
      } else if (tag == TracesWire.RESOURCE) {
        if (resource != null || scopes) {
          // merged, or set after its spans: rare, and the full parse handles it
          throw WireUncertainty.INSTANCE;
        }
        resource = wire.parseEmbedded(Resource.parser(), 2);
      } else if (tag == TracesWire.SCHEMA_URL) {
        wire.string();
      } else {
        wire.skipUnknown(tag, TracesWire.RESOURCE_SPANS_FIELDS);
      }
    }
  }

  private void scopeSpans() throws IOException, WireUncertainty {
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == TracesWire.SPANS) {
        int length = in.readRawVarint32();
        int limit = in.pushLimit(length);
        int start = in.getTotalBytesRead();
        span();
        in.popLimit(limit);
        decide(start, length);
      } else if (tag == TracesWire.SCOPE) {
        wire.parseEmbedded(InstrumentationScope.parser(), SPAN_LEVEL);
      } else if (tag == TracesWire.SCHEMA_URL) {
        wire.string();
      } else {
        wire.skipUnknown(tag, TracesWire.SCOPE_SPANS_FIELDS);
      }
    }
  }

  // --- one span -------------------------------------------------------------------------------

  private void span() throws IOException, WireUncertainty {
    facts = null;
    traceIdLength = 0;
    spanIdLength = 0;
    parentLength = 0;
    startTime = 0;
    endTime = 0;
    statusSeen = false;
    statusError = false;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case TracesWire.ATTRIBUTES:
          int limit = in.pushLimit(in.readRawVarint32());
          attribute();
          in.popLimit(limit);
          break;
        case TracesWire.TRACE_ID:
          traceIdLength = in.readRawVarint32();
          traceIdStart = skipBytes(traceIdLength);
          break;
        case TracesWire.SPAN_ID:
          spanIdLength = in.readRawVarint32();
          spanIdStart = skipBytes(spanIdLength);
          break;
        case TracesWire.PARENT_SPAN_ID:
          parentLength = in.readRawVarint32();
          parentStart = skipBytes(parentLength);
          break;
        case TracesWire.START_TIME:
          startTime = in.readFixed64();
          break;
        case TracesWire.END_TIME:
          endTime = in.readFixed64();
          break;
        case TracesWire.TRACE_STATE:
        case TracesWire.NAME:
          wire.string();
          break;
        case TracesWire.KIND:
        case TracesWire.DROPPED_ATTRIBUTES:
        case TracesWire.DROPPED_EVENTS:
        case TracesWire.DROPPED_LINKS:
        case TracesWire.FLAGS:
          in.skipField(tag);
          break;
        case TracesWire.EVENTS:
          wire.parseEmbedded(Span.Event.parser(), SPAN_LEVEL + 1);
          break;
        case TracesWire.LINKS:
          wire.parseEmbedded(Span.Link.parser(), SPAN_LEVEL + 1);
          break;
        case TracesWire.STATUS:
          if (statusSeen) {
            throw WireUncertainty.INSTANCE; // merged by protobuf: left to it
          }
          statusSeen = true;
          statusError =
              wire.parseEmbedded(Status.parser(), SPAN_LEVEL + 1).getCode()
                  == Status.StatusCode.STATUS_CODE_ERROR;
          break;
        default:
          wire.skipUnknown(tag, TracesWire.SPAN_FIELDS);
      }
    }
  }

  /** Skips a bytes field's value of {@code length} (already read) and returns its start. */
  private int skipBytes(int length) throws IOException {
    int start = in.getTotalBytesRead();
    in.skipRawBytes(length);
    return start;
  }

  /** One attribute (a KeyValue at level 4): validated, and kept when the contract reads it. */
  private void attribute() throws IOException, WireUncertainty {
    int keyStart = 0;
    int keyLength = 0;
    boolean valueRepeated = false;
    boolean hasValue = false;
    int kind = EMPTY;
    long bits = 0;
    int vStart = 0;
    int vLength = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == CommonWire.KEY) {
        keyLength = in.readRawVarint32();
        keyStart = wire.string(keyLength); // a repeated key: the last one counts, as here
      } else if (tag == CommonWire.VALUE) {
        valueRepeated |= hasValue;
        hasValue = true;
        int length = in.readRawVarint32();
        int limit = in.pushLimit(length);
        int start = in.getTotalBytesRead();
        value(SPAN_LEVEL + 2);
        in.popLimit(limit);
        kind = valueKind;
        if (kind == STRING) {
          vStart = valueStart;
          vLength = valueLength;
        } else {
          bits = valueBits;
          vStart = start;
          vLength = length;
        }
      } else if (tag == CommonWire.KEY_STRINDEX) {
        in.skipField(tag);
      } else {
        wire.skipUnknown(tag, CommonWire.KEY_VALUE_FIELDS);
      }
    }
    String key = contractKey(keyStart, keyLength);
    if (key == null) {
      return;
    }
    if (valueRepeated) {
      throw WireUncertainty.INSTANCE; // the values merge: left to protobuf
    }
    if (facts == null) {
      facts = new SpanFacts();
    }
    facts.keep(key, anyValue(kind, bits, vStart, vLength));
  }

  /** The contract's key whose bytes are {@code bytes[start, start + length)}, else null. */
  private String contractKey(int start, int length) {
    if (length >= KEYS_BY_LENGTH.length) {
      return null;
    }
    byte[][] candidates = KEYS_BY_LENGTH[length];
    for (int i = 0; i < candidates.length; i++) {
      if (Arrays.equals(bytes, start, start + length, candidates[i], 0, length)) {
        return NAMES_BY_LENGTH[length][i];
      }
    }
    return null;
  }

  /**
   * The value of an attribute (an AnyValue): validated; {@link #valueKind} tells a single string,
   * integer, double or boolean, anything else is {@link #OTHER}.
   */
  private void value(int level) throws IOException, WireUncertainty {
    int fields = 0;
    int kind = EMPTY;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      fields++;
      switch (tag) {
        case CommonWire.STRING_VALUE:
          int length = in.readRawVarint32();
          valueStart = wire.string(length);
          valueLength = length;
          kind = STRING;
          break;
        case CommonWire.INT_VALUE:
          valueBits = in.readInt64();
          kind = INT;
          break;
        case CommonWire.DOUBLE_VALUE:
          valueBits = in.readFixed64();
          kind = DOUBLE;
          break;
        case CommonWire.BOOL_VALUE:
          valueBits = in.readBool() ? 1 : 0;
          kind = BOOL;
          break;
        default:
          wire.anyValueField(tag, level);
          kind = OTHER;
      }
    }
    valueKind = fields > 1 ? OTHER : kind;
  }

  /**
   * The AnyValue protobuf would give for an attribute's value: {@code [start, start + length)} is
   * the string of a {@link #STRING}, else the whole AnyValue's bytes.
   */
  private AnyValue anyValue(int kind, long bits, int start, int length) throws WireUncertainty {
    switch (kind) {
      case EMPTY:
        return AnyValue.getDefaultInstance();
      case STRING:
        return AnyValue.newBuilder().setStringValue(strings.of(start, length)).build();
      case INT:
        return AnyValue.newBuilder().setIntValue(bits).build();
      case DOUBLE:
        return AnyValue.newBuilder().setDoubleValue(Double.longBitsToDouble(bits)).build();
      case BOOL:
        return AnyValue.newBuilder().setBoolValue(bits != 0).build();
      default:
        try {
          CodedInputStream value = CodedInputStream.newInstance(bytes, start, length);
          value.setRecursionLimit(WireValidator.PARSE_RECURSION_LIMIT - (SPAN_LEVEL + 2));
          return AnyValue.parser().parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
          throw WireUncertainty.INSTANCE; // checked above; should it happen, protobuf decides
        }
    }
  }

  // --- the decision ---------------------------------------------------------------------------

  /** Decides one span by the rules of {@link LlmSpanDecoder#decodeTraces}. */
  private void decide(int start, int length) throws WireUncertainty {
    if (facts == null) {
      return; // no attribute of the contract: not a GenAI span
    }
    SpanFacts.Verdict verdict = facts.verdict();
    if (verdict == SpanFacts.Verdict.NOT_GENAI) {
      return;
    }
    if (verdict == SpanFacts.Verdict.NOT_LLM) {
      counters.inc(SpanCounters.Kind.NOT_LLM);
      return;
    }
    if (verdict == SpanFacts.Verdict.UNKNOWN_KIND) {
      counters.inc(SpanCounters.Kind.UNKNOWN_KIND);
      return;
    }
    if (application == null) {
      application =
          decoder.application(resource == null ? Resource.getDefaultInstance() : resource);
    }
    LlmCall call =
        decoder.call(
            LlmSpanDecoder.ids(bytes, traceIdStart, traceIdLength, spanIdStart, spanIdLength),
            startTime,
            endTime,
            statusError,
            facts,
            application,
            window,
            rejects,
            counters);
    if (call == null) {
      return;
    }
    if (lookup != null) {
      // attribution reads any attribute: the span is built, for LLM calls only
      call.attribution =
          lookup.of(
              (resource == null ? Resource.getDefaultInstance() : resource).getAttributesList(),
              parseSpan(start, length).getAttributesList());
    }
    candidates.add(
        new Candidate(call, LlmSpanDecoder.parent(call, bytes, parentStart, parentLength)));
  }

  private Span parseSpan(int start, int length) throws WireUncertainty {
    try {
      CodedInputStream span = CodedInputStream.newInstance(bytes, start, length);
      span.setRecursionLimit(WireValidator.PARSE_RECURSION_LIMIT - SPAN_LEVEL);
      return Span.parser().parseFrom(span);
    } catch (InvalidProtocolBufferException e) {
      throw WireUncertainty.INSTANCE;
    }
  }

  /** The rejects of the call, in order; nothing is emitted to it. */
  private static final class Rejects implements DecodeOutput<LlmCall> {
    final List<String> reasons = new ArrayList<>();

    @Override
    public void emit(LlmCall record) {
      throw new IllegalStateException("calls are emitted by commit()");
    }

    @Override
    public void reject(long count, String reason) {
      reasons.add(reason);
    }
  }
}
