package dev.aigw.insight.job.decode.spans;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.aigw.insight.job.decode.AttributionValues;
import dev.aigw.insight.job.decode.Dimensions;
import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.AttributionConfig;
import dev.aigw.insight.job.price.ModelPrice;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.price.TokenCost;
import dev.aigw.insight.job.price.TokenUsage;
import dev.aigw.insight.job.serialization.SpanKey;
import dev.aigw.insight.job.time.EventTimeBounds;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import dev.aigw.insight.source.otlp.decoder.DecoderContext;
import dev.aigw.insight.source.otlp.decoder.OtlpDecoder;
import dev.aigw.insight.source.otlp.protocol.AnyValues;
import dev.aigw.insight.source.otlp.protocol.ResourceIdentity;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Decodes OTLP trace export requests into {@link LlmCall}s: the spans that are LLM calls by either
 * convention ({@link SpanFacts}), one call per span, with provider and model resolved, token counts
 * checked, and the cost priced by the cache-aware price table. Every other span is skipped; every
 * bad input is dropped or corrected by its rule and counted ({@link SpanCounters}); the spans that
 * cannot be used at all (no valid ids, no or inverted times, end outside the accepted event times)
 * are also reported to the client as rejected. Stateless apart from thread-safe counters: it runs
 * on the receiver's gRPC threads.
 *
 * <p><b>Counted once.</b> An instrumentation may nest a span that repeats the LLM span's {@code
 * gen_ai.*} values (an HTTP client span, a framework span). Within one export request, an LLM span
 * whose parent span is also an LLM span of the same request with the same model and the same input
 * and output token counts is such a repeat: it is dropped (counted), the outermost span counts. The
 * rule needs no state across requests; a parent exported in another request than its child is not
 * seen (the SDKs export a trace's spans of one batch together).
 *
 * <p><b>Attribution.</b> With {@code attribution.attributes} configured, each call carries the
 * normalised values of those attributes ({@link LlmCall#attribution}), read by the metrics' rule
 * ({@link AttributionValues}): the span's own attribute wins over the same attribute of its
 * resource (the gateway's {@code --spanRequestHeaderAttributes} puts a request's header on its
 * span; an application may name its team once on its resource), absent from both gives {@code
 * none}. The normalisation counters are registered under the metric group {@value
 * #ATTRIBUTION_METRIC_GROUP}, beside the metrics decoder's.
 */
public final class LlmSpanDecoder implements OtlpDecoder<LlmCall> {

  private static final long serialVersionUID = 1L;

  /** Provider or model when nothing names it. */
  public static final String UNKNOWN = "unknown";

  /** Bytes of a valid trace id and span id. */
  static final int TRACE_ID_BYTES = 16;

  static final int SPAN_ID_BYTES = 8;

  static final String INVALID_ID_REASON = "span without a valid trace id and span id";
  static final String MISSING_TIME_REASON = "span without start or end time";
  static final String END_BEFORE_START_REASON = "span ends before it starts";
  static final String TIME_SUBJECT = "span end time";

  /** Metric group of the span decoder's attribution normalisation counters. */
  public static final String ATTRIBUTION_METRIC_GROUP = "spans";

  private final PriceTable prices;
  private final EventTimeBounds times;
  private final int maxDimensionBytes;
  private final AttributionValues attribution;
  private transient volatile SpanCounters counters;
  private transient volatile PriceMemo priceMemo;

  /**
   * @param prices the price table: costs, and the provider of a model when no attribute names it
   * @param times the accepted span end times
   * @param maxDimensionBytes bound of the application, provider and model names
   */
  public LlmSpanDecoder(PriceTable prices, EventTimeBounds times, int maxDimensionBytes) {
    this(prices, times, maxDimensionBytes, null);
  }

  /**
   * @param attribution reads the attribution values of each call; null (or none configured): the
   *     calls carry none
   */
  public LlmSpanDecoder(
      PriceTable prices,
      EventTimeBounds times,
      int maxDimensionBytes,
      AttributionValues attribution) {
    this.prices = prices;
    this.times = times;
    this.maxDimensionBytes = maxDimensionBytes;
    this.attribution = attribution != null && attribution.enabled() ? attribution : null;
  }

  /** The job's decoder: the analysis options' price table and bounds, times judged by clock. */
  public static LlmSpanDecoder create(AnalysisConfig analysis, JobClock clock) {
    return create(analysis, AttributionConfig.disabled(), clock);
  }

  /** The job's decoder, reading the attribution attributes of {@code attribution} too. */
  public static LlmSpanDecoder create(
      AnalysisConfig analysis, AttributionConfig attribution, JobClock clock) {
    return new LlmSpanDecoder(
        analysis.priceTable(),
        analysis.eventTimeBounds(clock),
        analysis.maxDimensionBytes(),
        new AttributionValues(
            attribution, analysis.maxDimensionBytes(), analysis.maxAttributesPerPoint()));
  }

  @Override
  public void open(DecoderContext context) {
    counters = new SpanCounters(context.metricGroup());
    if (attribution != null) {
      attribution.open(
          context.metricGroup() == null
              ? null
              : context.metricGroup().addGroup(ATTRIBUTION_METRIC_GROUP));
    }
  }

  /** The counters (created unregistered when the decoder was not opened, as in unit tests). */
  public SpanCounters counters() {
    SpanCounters c = counters;
    if (c == null) {
      synchronized (this) {
        if (counters == null) {
          counters = new SpanCounters(null);
        }
        c = counters;
      }
    }
    return c;
  }

  @Override
  public TypeInformation<LlmCall> getProducedType() {
    return TypeInformation.of(LlmCall.class);
  }

  @Override
  public void decodeTraces(ExportTraceServiceRequest request, DecodeOutput<LlmCall> out) {
    SpanCounters c = counters();
    EventTimeBounds.Window window = times.now();
    List<Candidate> candidates = new ArrayList<>();
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      String application = null;
      AttributionValues.Lookup lookup = attribution == null ? null : attribution.lookup();
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        for (Span span : scopeSpans.getSpansList()) {
          SpanFacts facts = SpanFacts.of(span);
          SpanFacts.Verdict verdict = facts.verdict();
          if (verdict == SpanFacts.Verdict.NOT_GENAI) {
            continue;
          }
          if (verdict == SpanFacts.Verdict.NOT_LLM) {
            c.inc(SpanCounters.Kind.NOT_LLM);
            continue;
          }
          if (verdict == SpanFacts.Verdict.UNKNOWN_KIND) {
            c.inc(SpanCounters.Kind.UNKNOWN_KIND);
            continue;
          }
          if (application == null) {
            application = application(resourceSpans);
          }
          LlmCall call =
              call(
                  ids(span.getTraceId(), span.getSpanId()),
                  span.getStartTimeUnixNano(),
                  span.getEndTimeUnixNano(),
                  span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR,
                  facts,
                  application,
                  window,
                  out,
                  c);
          if (call != null) {
            if (lookup != null) {
              call.attribution =
                  lookup.of(
                      resourceSpans.getResource().getAttributesList(), span.getAttributesList());
            }
            candidates.add(new Candidate(call, parent(call, span.getParentSpanId())));
          }
        }
      }
    }
    emitCountedOnce(candidates, out, c);
  }

  /**
   * Reads the wire format ({@link SpanWireDecoding}): only the attributes of the contract are read,
   * the spans without any are skipped without building anything. When the request holds something
   * the wire reading does not handle exactly, parses the whole request as the default does; either
   * way the outcome is that of {@link #decodeTraces}.
   */
  @Override
  public void decodeSerializedTraces(byte[] request, DecodeOutput<LlmCall> out)
      throws InvalidProtocolBufferException {
    SpanWireDecoding wire = new SpanWireDecoding(request, this, times.now());
    if (wire.decode()) {
      wire.commit(counters(), out);
      return;
    }
    ExportTraceServiceRequest parsed = ExportTraceServiceRequest.parseFrom(request);
    counters().inc(SpanCounters.Kind.WIRE_FALLBACKS);
    decodeTraces(parsed, out);
  }

  /** The attribution reader, or null when no attribution is configured. */
  AttributionValues attribution() {
    return attribution;
  }

  /** Emits the candidates but the nested repeats (the counted-once rule, class comment). */
  static void emitCountedOnce(
      List<Candidate> candidates, DecodeOutput<LlmCall> out, SpanCounters c) {
    // keyed by the binary (trace id, span id): a parent is a candidate of the same trace whose
    // span id is the child's parent span id
    Map<SpanKey, LlmCall> byKey = null;
    for (Candidate cand : candidates) {
      if (cand.parent != null) {
        byKey = new HashMap<>(candidates.size() * 2);
        for (Candidate each : candidates) {
          byKey.put(each.call.ids, each.call);
        }
        break;
      }
    }
    for (Candidate cand : candidates) {
      LlmCall parent = cand.parent == null ? null : byKey.get(cand.parent);
      if (parent != null && repeats(cand.call, parent)) {
        c.inc(SpanCounters.Kind.NESTED_REPEATS);
        continue;
      }
      c.inc(SpanCounters.Kind.LLM_CALLS);
      out.emit(cand.call);
    }
  }

  /** Whether a nested call repeats its parent's call: same model and token counts. */
  private static boolean repeats(LlmCall child, LlmCall parent) {
    return child.model.equals(parent.model)
        && child.inputTokens == parent.inputTokens
        && child.outputTokens == parent.outputTokens;
  }

  /** {@code service.name} of the resource (else {@code unknown_service}), bounded. */
  private String application(ResourceSpans resourceSpans) {
    return application(resourceSpans.getResource());
  }

  /** {@code service.name} of the resource (else {@code unknown_service}), bounded. */
  String application(Resource resource) {
    Map<String, String> service = new HashMap<>(2);
    for (KeyValue kv : resource.getAttributesList()) {
      if (ResourceIdentity.SERVICE_NAME.equals(kv.getKey())) {
        service.put(kv.getKey(), AnyValues.render(kv.getValue()));
      }
    }
    return Dimensions.bound(ResourceIdentity.of(service).serviceOrUnknown(), maxDimensionBytes);
  }

  /**
   * The call of one LLM span, or null when the span is rejected (to {@code out}); the span's ids
   * ({@link #ids}: null when invalid), its times and whether its status is ERROR as either reading
   * gives them.
   */
  LlmCall call(
      SpanKey ids,
      long start,
      long end,
      boolean statusError,
      SpanFacts facts,
      String application,
      EventTimeBounds.Window window,
      DecodeOutput<LlmCall> out,
      SpanCounters c) {
    if (ids == null) {
      c.inc(SpanCounters.Kind.INVALID_ID);
      out.reject(1, INVALID_ID_REASON);
      return null;
    }
    if (start == 0 || end == 0) {
      c.inc(SpanCounters.Kind.MISSING_TIME);
      out.reject(1, MISSING_TIME_REASON);
      return null;
    }
    if (Long.compareUnsigned(end, start) < 0) {
      c.inc(SpanCounters.Kind.END_BEFORE_START);
      out.reject(1, END_BEFORE_START_REASON);
      return null;
    }
    int verdict = window.classify(end);
    if (verdict != EventTimeBounds.ACCEPTED) {
      c.inc(SpanCounters.Kind.TIME_OUT_OF_RANGE);
      out.reject(1, window.explain(TIME_SUBJECT, end, verdict));
      return null;
    }
    LlmCall call = new LlmCall();
    call.ids = ids;
    call.application = application;
    call.startNanos = start;
    call.endNanos = end;
    call.error = statusError || facts.errorType();
    call.model = Dimensions.bound(model(facts, c), maxDimensionBytes);
    call.provider = Dimensions.bound(provider(facts, call.model, c), maxDimensionBytes);
    call.inputTokens = facts.inputTokens(c);
    call.outputTokens = facts.outputTokens(c);
    call.cacheReadTokens = facts.cacheReadTokens(c);
    call.cacheCreationTokens = facts.cacheCreationTokens(c);
    call.reasoningTokens = facts.reasoningTokens(c);
    if (call.cacheReadTokens + call.cacheCreationTokens > call.inputTokens) {
      c.inc(SpanCounters.Kind.TOKEN_CACHE_EXCEEDS_INPUT);
      call.inputTokens = call.cacheReadTokens + call.cacheCreationTokens;
    }
    call.stream = facts.stream();
    long ttft = facts.ttftNanos();
    if (ttft == -2 || ttft > end - start) {
      c.inc(SpanCounters.Kind.TTFT_INVALID);
      ttft = -1;
    }
    call.ttftNanos = ttft;
    price(call);
    return call;
  }

  /** Response model, else request model (counted), else {@value #UNKNOWN} (counted). */
  private static String model(SpanFacts facts, SpanCounters c) {
    String response = facts.responseModel();
    if (response != null) {
      return response;
    }
    String request = facts.requestModel();
    if (request != null) {
      c.inc(SpanCounters.Kind.MODEL_FROM_REQUEST);
      return request;
    }
    c.inc(SpanCounters.Kind.MODEL_MISSING);
    return UNKNOWN;
  }

  /**
   * The provider attribute, else the price table's longest model-name prefix (counted), else
   * {@value #UNKNOWN} (counted).
   */
  private String provider(SpanFacts facts, String model, SpanCounters c) {
    String named = facts.provider();
    if (named != null) {
      return named;
    }
    Optional<String> byPrefix = UNKNOWN.equals(model) ? Optional.empty() : prices.providerOf(model);
    if (byPrefix.isPresent()) {
      c.inc(SpanCounters.Kind.PROVIDER_FROM_MODEL);
      return byPrefix.get();
    }
    c.inc(SpanCounters.Kind.PROVIDER_UNKNOWN);
    return UNKNOWN;
  }

  /** The remembered price lookups (created on first use: the decoder is serialized to the job). */
  PriceMemo priceMemo() {
    PriceMemo memo = priceMemo;
    if (memo == null) {
      // two threads may each create one: both answer the same
      memo = new PriceMemo(prices);
      priceMemo = memo;
    }
    return memo;
  }

  /** Cost and cache savings by the cache-aware formula; unpriced tokens when no price matches. */
  private void price(LlmCall call) {
    Optional<ModelPrice> price =
        UNKNOWN.equals(call.model)
            ? Optional.empty()
            : priceMemo().lookup(call.provider, call.model);
    if (price.isEmpty()) {
      call.unpricedTokens = call.inputTokens + call.outputTokens;
      return;
    }
    TokenCost cost =
        price
            .get()
            .cost(
                new TokenUsage(
                    call.inputTokens,
                    call.outputTokens,
                    call.cacheReadTokens,
                    call.cacheCreationTokens,
                    call.reasoningTokens));
    call.costPicos = cost.costPicos();
    call.cacheSavingsPicos = cost.cacheSavingsPicos();
  }

  /** Reads eight bytes of an id as one big-endian long (the order {@link SpanKey} keeps). */
  private static final VarHandle LONG_AT =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /**
   * The ids of a span from the bytes of its trace id ({@code bytes[traceStart, +traceLength)}) and
   * span id, or null when they are invalid: not 16 and 8 bytes, or all zero (the OTLP rule).
   */
  static SpanKey ids(byte[] bytes, int traceStart, int traceLength, int spanStart, int spanLength) {
    if (traceLength != TRACE_ID_BYTES || spanLength != SPAN_ID_BYTES) {
      return null;
    }
    long traceHigh = (long) LONG_AT.get(bytes, traceStart);
    long traceLow = (long) LONG_AT.get(bytes, traceStart + 8);
    long span = (long) LONG_AT.get(bytes, spanStart);
    if ((traceHigh == 0 && traceLow == 0) || span == 0) {
      return null;
    }
    return SpanKey.of(traceHigh, traceLow, span);
  }

  /** The same from the parsed ids. */
  static SpanKey ids(ByteString traceId, ByteString spanId) {
    if (traceId.size() != TRACE_ID_BYTES || spanId.size() != SPAN_ID_BYTES) {
      return null;
    }
    byte[] bytes = new byte[TRACE_ID_BYTES + SPAN_ID_BYTES];
    traceId.copyTo(bytes, 0);
    spanId.copyTo(bytes, TRACE_ID_BYTES);
    return ids(bytes, 0, TRACE_ID_BYTES, TRACE_ID_BYTES, SPAN_ID_BYTES);
  }

  /**
   * The key the parent of {@code call} would have among the request's calls, from the parent span
   * id's bytes; null for a root span or a parent id of another length (no call can be its parent).
   */
  static SpanKey parent(LlmCall call, byte[] bytes, int parentStart, int parentLength) {
    return parentLength != SPAN_ID_BYTES
        ? null
        : call.ids.withSpan((long) LONG_AT.get(bytes, parentStart));
  }

  /** The same from the parsed parent span id. */
  static SpanKey parent(LlmCall call, ByteString parentSpanId) {
    return parent(call, parentSpanId.toByteArray(), 0, parentSpanId.size());
  }

  /**
   * An LLM call of the request and the key its parent would have (null for a root span: {@link
   * #parent}).
   */
  record Candidate(LlmCall call, SpanKey parent) {}
}
