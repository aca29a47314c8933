package dev.aigw.insight.job.decode.logs;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.model.AccessLogStatusCount;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.AnalysisOptions;
import dev.aigw.insight.job.options.LogsConfig;
import dev.aigw.insight.job.options.LogsMetrics;
import dev.aigw.insight.job.options.LogsOptions;
import dev.aigw.insight.job.sample.AccessLogSampleFunction;
import dev.aigw.insight.job.sample.AccessLogSampler;
import dev.aigw.insight.job.sample.SampleDecision;
import dev.aigw.insight.job.time.EventTimeBounds;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import dev.aigw.insight.source.otlp.decoder.DecoderContext;
import dev.aigw.insight.source.otlp.decoder.OtlpDecoder;
import dev.aigw.insight.source.otlp.protocol.AnyValues;
import dev.aigw.insight.source.otlp.protocol.ResourceIdentity;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

/**
 * Decodes OTLP logs export requests into {@link AccessLogRecord}s: Envoy AI Gateway access logs.
 *
 * <p>Only resources whose {@code service.layer} is the configured layer are taken (others are
 * dropped and counted: they belong to another analysis). A record without {@code service.name} or
 * without any time is dropped, counted and reported to the client as rejected. Attributes are kept
 * under their original names as strings; the numbers are parsed, {@code -} or a non-number giving
 * null (the latter counted). Stateless apart from thread-safe counters: it runs on the receiver's
 * gRPC threads.
 *
 * <p>A record stamped outside the {@link EventTimeBounds} is rejected like one without time. What a
 * record stores is bounded by {@link LogRecordBounds} (body and value sizes, attribute count,
 * dimension values); what the bounds changed is counted for the records emitted.
 *
 * <p><b>Decode-time sampling.</b> Given an {@link AccessLogSampler} (as {@link #create} does), the
 * decoder also samples: it emits only the kept records, with their {@code keepReason}, and counts
 * every decision in the sampler's metrics ({@link AccessLogSampleFunction#metricName}) on its own
 * operator. Its {@link #decodeSerializedLogs} then reads the wire format ({@link
 * AccessLogWireDecoding}): per log record only what routing and the sampling decision need, and it
 * builds the whole record only for kept records. The kept records and every counter are the same as
 * with the full parse followed by {@link AccessLogSampleFunction}.
 */
public final class AccessLogDecoder implements OtlpDecoder<AccessLogRecord> {

  private static final long serialVersionUID = 1L;

  static final String MISSING_SERVICE_REASON = "access log resource without service.name";
  static final String MISSING_TIME_REASON = "access log record without time_unix_nano";

  /** What a rejected time is called in the message to the client. */
  static final String TIME_SUBJECT = "access log time";

  private final String layer;
  private final AccessLogSampler sampler;
  private final LogRecordBounds bounds;
  private final EventTimeBounds times;

  /** Whether decoding also counts every record's status ({@link #withStatusCounts}). */
  private final boolean countStatuses;

  private transient volatile Counters counters;

  /**
   * A decoder that emits every record (sampling left to {@link AccessLogSampleFunction}), with the
   * default bounds, judging event times by {@code clock}.
   *
   * @param layer the accepted {@code service.layer}; empty accepts every resource
   */
  public AccessLogDecoder(String layer, JobClock clock) {
    this(layer, null, defaultBounds(), defaultTimes(clock));
  }

  /**
   * A decoder with the default bounds, judging event times by {@code clock}.
   *
   * @param layer the accepted {@code service.layer}; empty accepts every resource
   * @param sampler samples at decode time; null emits every record
   */
  public AccessLogDecoder(String layer, AccessLogSampler sampler, JobClock clock) {
    this(layer, sampler, defaultBounds(), defaultTimes(clock));
  }

  /**
   * @param layer the accepted {@code service.layer}; empty accepts every resource
   * @param sampler samples at decode time; null emits every record
   * @param bounds what a record may store
   * @param times the accepted event times
   */
  public AccessLogDecoder(
      String layer, AccessLogSampler sampler, LogRecordBounds bounds, EventTimeBounds times) {
    this(layer, sampler, bounds, times, false);
  }

  private AccessLogDecoder(
      String layer,
      AccessLogSampler sampler,
      LogRecordBounds bounds,
      EventTimeBounds times,
      boolean countStatuses) {
    this.layer = layer == null ? "" : layer;
    this.sampler = sampler;
    this.bounds = bounds;
    this.times = times;
    this.countStatuses = countStatuses;
  }

  /**
   * This decoder, also counting every decoded record (kept or sampled away) per (service, backend,
   * minute) with its 429 and 5xx answers, for the {@code status_*_share} alert metrics: the counts
   * go to the third argument of {@link #decodeLogs(ExportLogsServiceRequest, DecodeOutput,
   * DecodeOutput)} and {@link #decodeSerializedLogs(byte[], DecodeOutput, DecodeOutput)}, one per
   * group and call (a few per request, however many records it holds).
   */
  public AccessLogDecoder withStatusCounts() {
    return new AccessLogDecoder(layer, sampler, bounds, times, true);
  }

  /** Whether this decoder counts statuses ({@link #withStatusCounts}). */
  public boolean countsStatuses() {
    return countStatuses;
  }

  /**
   * The job's decoder: the access-log options' layer and bounds, sampling at decode time, the
   * analysis options' event-time and dimension bounds, event times judged by {@code clock}.
   */
  public static AccessLogDecoder create(LogsConfig logs, AnalysisConfig analysis, JobClock clock) {
    return new AccessLogDecoder(
        logs.layer(),
        AccessLogSampler.create(logs),
        logs.recordBounds(analysis.maxDimensionBytes()),
        analysis.eventTimeBounds(clock));
  }

  /** The bounds of the option defaults. */
  public static LogRecordBounds defaultBounds() {
    return new LogRecordBounds(
        LogsOptions.MAX_FIELD_BYTES.defaultValue(),
        LogsOptions.MAX_ATTRIBUTES.defaultValue(),
        LogsOptions.MAX_RECORD_BYTES.defaultValue(),
        AnalysisOptions.DIMENSION_MAX_LENGTH.defaultValue());
  }

  /** The event-time bounds of the option defaults, judged by {@code clock}. */
  public static EventTimeBounds defaultTimes(JobClock clock) {
    return new EventTimeBounds(
        AnalysisOptions.TIME_MAX_FUTURE_SKEW.defaultValue(),
        AnalysisOptions.TIME_MAX_PAST_AGE.defaultValue(),
        clock);
  }

  @Override
  public void open(DecoderContext context) {
    counters = new Counters(context.metricGroup(), sampler != null);
  }

  @Override
  public TypeInformation<AccessLogRecord> getProducedType() {
    return TypeInformation.of(AccessLogRecord.class);
  }

  @Override
  public void decodeLogs(ExportLogsServiceRequest request, DecodeOutput<AccessLogRecord> out) {
    decodeLogs(request, out, null);
  }

  /**
   * As {@link #decodeLogs(ExportLogsServiceRequest, DecodeOutput)}, the status counts (when {@link
   * #withStatusCounts}) to {@code counts}.
   */
  public void decodeLogs(
      ExportLogsServiceRequest request,
      DecodeOutput<AccessLogRecord> out,
      DecodeOutput<AccessLogStatusCount> counts) {
    Counters c = counters();
    EventTimeBounds.Window window = times.now();
    LogRecordBounds.Tally stored = new LogRecordBounds.Tally();
    StatusTally statuses = statusTally(counts);
    for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
      decodeResource(resourceLogs, out, c, window, stored, statuses);
    }
    c.add(stored);
    if (statuses != null) {
      statuses.emit(counts);
    }
  }

  private StatusTally statusTally(DecodeOutput<AccessLogStatusCount> counts) {
    return countStatuses && counts != null ? new StatusTally(bounds) : null;
  }

  /**
   * With a sampler, reads the wire format and builds only the kept records; without one, or when
   * the request holds something the wire reading does not handle exactly (see {@link
   * AccessLogWireDecoding}), parses the whole request as the default does.
   */
  @Override
  public void decodeSerializedLogs(byte[] request, DecodeOutput<AccessLogRecord> out)
      throws InvalidProtocolBufferException {
    decodeSerializedLogs(request, out, null);
  }

  /**
   * As {@link #decodeSerializedLogs(byte[], DecodeOutput)}, the status counts (when {@link
   * #withStatusCounts}) to {@code counts}.
   */
  public void decodeSerializedLogs(
      byte[] request, DecodeOutput<AccessLogRecord> out, DecodeOutput<AccessLogStatusCount> counts)
      throws InvalidProtocolBufferException {
    if (sampler != null) {
      AccessLogWireDecoding wire = new AccessLogWireDecoding(request, this, statusTally(counts));
      if (wire.decode()) {
        wire.commit(counters(), out, counts);
        return;
      }
      ExportLogsServiceRequest parsed = ExportLogsServiceRequest.parseFrom(request);
      counters().wireFallbacks.inc();
      decodeLogs(parsed, out, counts);
      return;
    }
    decodeLogs(ExportLogsServiceRequest.parseFrom(request), out, counts);
  }

  private void decodeResource(
      ResourceLogs resourceLogs,
      DecodeOutput<AccessLogRecord> out,
      Counters c,
      EventTimeBounds.Window window,
      LogRecordBounds.Tally stored,
      StatusTally statuses) {
    long records =
        resourceLogs.getScopeLogsList().stream().mapToLong(ScopeLogs::getLogRecordsCount).sum();
    if (records == 0) {
      return;
    }
    Route route = route(resourceLogs.getResource().getAttributesList());
    if (route == Route.OTHER_LAYER) {
      c.droppedOtherLayer.inc(records);
      return;
    }
    if (route == Route.MISSING_SERVICE) {
      c.droppedMissingService.inc(records);
      out.reject(records, MISSING_SERVICE_REASON);
      return;
    }
    LogRecordBounds.Tally tally = new LogRecordBounds.Tally();
    for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
      for (LogRecord log : scopeLogs.getLogRecordsList()) {
        long timeNanos =
            log.getTimeUnixNano() != 0 ? log.getTimeUnixNano() : log.getObservedTimeUnixNano();
        if (timeNanos == 0) {
          c.droppedMissingTime.inc();
          out.reject(1, MISSING_TIME_REASON);
          continue;
        }
        int verdict = window.classify(timeNanos);
        if (verdict != EventTimeBounds.ACCEPTED) {
          (verdict == EventTimeBounds.TOO_FAR_AHEAD ? c.rejectedFuture : c.rejectedTooOld).inc();
          out.reject(1, window.explain(TIME_SUBJECT, timeNanos, verdict));
          continue;
        }
        tally.reset();
        AccessLogRecord record = decodeRecord(log, timeNanos, route, c.unparsableNumbers, tally);
        c.decoded.inc();
        if (statuses != null) {
          statuses.add(
              route,
              record.provider,
              record.timestampMs,
              record.statusCode == null ? AccessLogSampler.ABSENT : record.statusCode);
        }
        if (sampler == null) {
          stored.add(tally);
          out.emit(record);
          continue;
        }
        SampleDecision decision = sampler.decide(record);
        c.decisions[decision.ordinal()].inc();
        if (decision.keep()) {
          record.keepReason = decision.name();
          stored.add(tally);
          out.emit(record);
        }
      }
    }
  }

  /** Where the records of a resource go, from its attributes. */
  Route route(List<KeyValue> resourceAttributes) {
    Map<String, String> resource = toStrings(resourceAttributes);
    if (!layer.isEmpty() && !layer.equals(resource.get(AccessLogAttributes.SERVICE_LAYER))) {
      return Route.OTHER_LAYER;
    }
    ResourceIdentity identity = ResourceIdentity.of(resource, AccessLogAttributes.MISSING);
    String service = identity.service();
    if (service == null) {
      // unlike the metrics (unknown_service), an access log without its service is refused
      return Route.MISSING_SERVICE;
    }
    String instance = identity.instance();
    // counted per stored record (see decodeRecord), so that both decoding paths count alike
    LogRecordBounds.Tally shortened = new LogRecordBounds.Tally();
    service = bounds.dimension(service, shortened);
    instance = bounds.dimension(instance, shortened);
    return new Route(service, instance, (int) shortened.dimensionsShortened);
  }

  AccessLogSampler sampler() {
    return sampler;
  }

  EventTimeBounds times() {
    return times;
  }

  /**
   * The record of one log, both paths' one way to build it: numbers and derived fields read from
   * every attribute, then the stored content bounded ({@link LogRecordBounds}), what changed added
   * to {@code tally}.
   */
  AccessLogRecord decodeRecord(
      LogRecord log, long timeNanos, Route route, Counter unparsable, LogRecordBounds.Tally tally) {
    AccessLogRecord record = new AccessLogRecord();
    record.timestampMs = timeNanos / 1_000_000L;
    record.service = route.service;
    record.instance = route.instance;
    tally.dimensionsShortened += route.shortened;
    record.attributes = toStrings(log.getAttributesList(), tally);
    record.inputTokens = number(record, AccessLogAttributes.INPUT_TOKENS, unparsable);
    record.outputTokens = number(record, AccessLogAttributes.OUTPUT_TOKENS, unparsable);
    record.reasoningTokens = number(record, AccessLogAttributes.REASONING_TOKENS, unparsable);
    record.durationMs = number(record, AccessLogAttributes.DURATION, unparsable);
    record.statusCode = number(record, AccessLogAttributes.RESPONSE_CODE, unparsable);
    record.provider = bounds.dimension(record.attribute(AccessLogAttributes.PROVIDER_NAME), tally);
    String responseModel = record.attribute(AccessLogAttributes.RESPONSE_MODEL);
    record.model =
        bounds.dimension(
            responseModel != null
                ? responseModel
                : record.attribute(AccessLogAttributes.REQUEST_MODEL),
            tally);
    String body = log.hasBody() ? render(log.getBody(), tally) : "";
    record.body = bounds.field(body, tally);
    record.attributes = bounds.attributes(record.attributes, record.body, tally);
    // after the attributes: the stored id is the stored attribute (a truncated id stays unusable
    // as a key in AccessLogKey, whose limit is far below the field bound)
    record.requestId = record.attribute(AccessLogAttributes.REQUEST_ID);
    return record;
  }

  /** A non-negative whole number, or null when missing; a present non-number is counted. */
  private static Long number(AccessLogRecord record, String name, Counter unparsable) {
    return number(record.attribute(name), unparsable);
  }

  /**
   * {@link #number(AccessLogRecord, String, Counter)} of an attribute value (null when missing).
   */
  static Long number(String value, Counter unparsable) {
    if (value == null) {
      return null;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // counted below
    }
    unparsable.inc();
    return null;
  }

  /** Resource attributes as strings (their deep values are not counted: only two are stored). */
  static Map<String, String> toStrings(List<KeyValue> attributes) {
    return toStrings(attributes, new LogRecordBounds.Tally());
  }

  private static Map<String, String> toStrings(
      List<KeyValue> attributes, LogRecordBounds.Tally tally) {
    return AnyValues.render(attributes, Integer.MAX_VALUE, tally.countValueTooDeep);
  }

  /**
   * Envoy sends strings only; other OTLP value kinds are rendered as text rather than lost ({@link
   * AnyValues}); a value cut for its depth is counted.
   */
  private static String render(AnyValue value, LogRecordBounds.Tally tally) {
    return AnyValues.render(value, tally.countValueTooDeep);
  }

  private Counters counters() {
    Counters c = counters;
    if (c == null) {
      // decoding without open() (the Kafka path before it opens, or a unit test): count locally
      c = new Counters(null, sampler != null);
      counters = c;
    }
    return c;
  }

  /** The decoder's counters, registered on the operator's metric group. */
  static final class Counters {
    final Counter decoded;
    final Counter droppedOtherLayer;
    final Counter droppedMissingService;
    final Counter droppedMissingTime;
    final Counter unparsableNumbers;
    final Counter rejectedFuture;
    final Counter rejectedTooOld;
    final Counter fieldsTruncated;
    final Counter attributesDropped;
    final Counter dimensionsShortened;
    final Counter valuesTooDeep;

    /** Per {@link SampleDecision} ordinal; registered only when the decoder samples. */
    final Counter[] decisions = new Counter[SampleDecision.values().length];

    /** Registered only when the decoder samples. */
    final Counter wireFallbacks;

    Counters(MetricGroup group, boolean samples) {
      decoded = register(group, LogsMetrics.DECODED);
      droppedOtherLayer = register(group, LogsMetrics.DROPPED_OTHER_LAYER);
      droppedMissingService = register(group, LogsMetrics.DROPPED_MISSING_SERVICE);
      droppedMissingTime = register(group, LogsMetrics.DROPPED_MISSING_TIME);
      unparsableNumbers = register(group, LogsMetrics.UNPARSABLE_NUMBERS);
      rejectedFuture = register(group, LogsMetrics.REJECTED_FUTURE);
      rejectedTooOld = register(group, LogsMetrics.REJECTED_TOO_OLD);
      fieldsTruncated = register(group, LogsMetrics.FIELDS_TRUNCATED);
      attributesDropped = register(group, LogsMetrics.ATTRIBUTES_DROPPED);
      dimensionsShortened = register(group, LogsMetrics.DIMENSION_VALUES_SHORTENED);
      valuesTooDeep = register(group, LogsMetrics.ATTRIBUTE_VALUES_TOO_DEEP);
      wireFallbacks =
          samples ? register(group, LogsMetrics.WIRE_FALLBACKS) : new ThreadSafeSimpleCounter();
      for (SampleDecision decision : SampleDecision.values()) {
        decisions[decision.ordinal()] =
            samples
                ? register(group, AccessLogSampleFunction.metricName(decision))
                : new ThreadSafeSimpleCounter();
      }
    }

    /** Adds what the bounds changed in the emitted records. */
    void add(LogRecordBounds.Tally stored) {
      fieldsTruncated.inc(stored.fieldsTruncated);
      attributesDropped.inc(stored.attributesDropped);
      dimensionsShortened.inc(stored.dimensionsShortened);
      valuesTooDeep.inc(stored.valuesTooDeep);
    }

    private static Counter register(MetricGroup group, String name) {
      Counter counter = new ThreadSafeSimpleCounter();
      return group == null ? counter : group.counter(name, counter);
    }
  }

  /** Where a resource's records go: dropped for its layer or missing service, or decoded. */
  static final class Route {
    static final Route OTHER_LAYER = new Route(null, null, 0);
    static final Route MISSING_SERVICE = new Route(null, null, 0);

    final String service;
    final String instance;

    /** Dimension values (service, instance) shortened to the bound. */
    final int shortened;

    Route(String service, String instance, int shortened) {
      this.service = service;
      this.instance = instance;
      this.shortened = shortened;
    }
  }
}
