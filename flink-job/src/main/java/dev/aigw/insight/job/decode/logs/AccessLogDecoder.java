package dev.aigw.insight.job.decode.logs;

import static dev.aigw.insight.job.decode.logs.AccessLogAttributes.MISSING;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.options.LogsConfig;
import dev.aigw.insight.job.options.LogsMetrics;
import dev.aigw.insight.job.sample.AccessLogSampleFunction;
import dev.aigw.insight.job.sample.AccessLogSampler;
import dev.aigw.insight.job.sample.SampleDecision;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import dev.aigw.insight.source.otlp.decoder.DecoderContext;
import dev.aigw.insight.source.otlp.decoder.OtlpDecoder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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

  private final String layer;
  private final AccessLogSampler sampler;
  private transient volatile Counters counters;

  /**
   * A decoder that emits every record (sampling left to {@link AccessLogSampleFunction}).
   *
   * @param layer the accepted {@code service.layer}; empty accepts every resource
   */
  public AccessLogDecoder(String layer) {
    this(layer, null);
  }

  /**
   * @param layer the accepted {@code service.layer}; empty accepts every resource
   * @param sampler samples at decode time; null emits every record
   */
  public AccessLogDecoder(String layer, AccessLogSampler sampler) {
    this.layer = layer == null ? "" : layer;
    this.sampler = sampler;
  }

  /** The job's decoder: the access-log options' layer, sampling at decode time. */
  public static AccessLogDecoder create(LogsConfig config) {
    return new AccessLogDecoder(config.layer(), AccessLogSampler.create(config));
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
    Counters c = counters();
    for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
      decodeResource(resourceLogs, out, c);
    }
  }

  /**
   * With a sampler, reads the wire format and builds only the kept records; without one, or when
   * the request holds something the wire reading does not handle exactly (see {@link
   * AccessLogWireDecoding}), parses the whole request as the default does.
   */
  @Override
  public void decodeSerializedLogs(byte[] request, DecodeOutput<AccessLogRecord> out)
      throws InvalidProtocolBufferException {
    if (sampler != null) {
      AccessLogWireDecoding wire = new AccessLogWireDecoding(request, this);
      if (wire.decode()) {
        wire.commit(counters(), out);
        return;
      }
      ExportLogsServiceRequest parsed = ExportLogsServiceRequest.parseFrom(request);
      counters().wireFallbacks.inc();
      decodeLogs(parsed, out);
      return;
    }
    decodeLogs(ExportLogsServiceRequest.parseFrom(request), out);
  }

  private void decodeResource(
      ResourceLogs resourceLogs, DecodeOutput<AccessLogRecord> out, Counters c) {
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
    for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
      for (LogRecord log : scopeLogs.getLogRecordsList()) {
        long timeNanos =
            log.getTimeUnixNano() != 0 ? log.getTimeUnixNano() : log.getObservedTimeUnixNano();
        if (timeNanos == 0) {
          c.droppedMissingTime.inc();
          out.reject(1, MISSING_TIME_REASON);
          continue;
        }
        AccessLogRecord record =
            decodeRecord(log, timeNanos, route.service, route.instance, c.unparsableNumbers);
        c.decoded.inc();
        if (sampler == null) {
          out.emit(record);
          continue;
        }
        SampleDecision decision = sampler.decide(record);
        c.decisions[decision.ordinal()].inc();
        if (decision.keep()) {
          record.keepReason = decision.name();
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
    String service = present(resource.get(AccessLogAttributes.SERVICE_NAME));
    if (service == null) {
      return Route.MISSING_SERVICE;
    }
    String instance = present(resource.get(AccessLogAttributes.SERVICE_INSTANCE_ID));
    if (instance == null) {
      instance = present(resource.get(AccessLogAttributes.HOST_NAME));
    }
    if (instance == null) {
      instance = present(resource.get(AccessLogAttributes.K8S_POD_NAME));
    }
    return new Route(service, instance);
  }

  AccessLogSampler sampler() {
    return sampler;
  }

  static AccessLogRecord decodeRecord(
      LogRecord log, long timeNanos, String service, String instance, Counter unparsable) {
    AccessLogRecord record = new AccessLogRecord();
    record.timestampMs = timeNanos / 1_000_000L;
    record.service = service;
    record.instance = instance;
    record.body = log.hasBody() ? render(log.getBody()) : "";
    record.attributes = toStrings(log.getAttributesList());
    record.inputTokens = number(record, AccessLogAttributes.INPUT_TOKENS, unparsable);
    record.outputTokens = number(record, AccessLogAttributes.OUTPUT_TOKENS, unparsable);
    record.reasoningTokens = number(record, AccessLogAttributes.REASONING_TOKENS, unparsable);
    record.durationMs = number(record, AccessLogAttributes.DURATION, unparsable);
    record.statusCode = number(record, AccessLogAttributes.RESPONSE_CODE, unparsable);
    record.provider = record.attribute(AccessLogAttributes.PROVIDER_NAME);
    String responseModel = record.attribute(AccessLogAttributes.RESPONSE_MODEL);
    record.model =
        responseModel != null ? responseModel : record.attribute(AccessLogAttributes.REQUEST_MODEL);
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

  private static String present(String value) {
    return value == null || value.isEmpty() || value.equals(MISSING) ? null : value;
  }

  static Map<String, String> toStrings(List<KeyValue> attributes) {
    Map<String, String> map = new HashMap<>(attributes.size() * 2);
    for (KeyValue kv : attributes) {
      map.put(kv.getKey(), render(kv.getValue()));
    }
    return map;
  }

  /** Envoy sends strings only; other OTLP value kinds are rendered as text rather than lost. */
  private static String render(AnyValue value) {
    switch (value.getValueCase()) {
      case STRING_VALUE:
        return value.getStringValue();
      case INT_VALUE:
        return Long.toString(value.getIntValue());
      case DOUBLE_VALUE:
        return Double.toString(value.getDoubleValue());
      case BOOL_VALUE:
        return Boolean.toString(value.getBoolValue());
      case BYTES_VALUE:
        return Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
      case ARRAY_VALUE:
        return value.getArrayValue().getValuesList().stream()
            .map(AccessLogDecoder::render)
            .collect(Collectors.joining(",", "[", "]"));
      case KVLIST_VALUE:
        return value.getKvlistValue().getValuesList().stream()
            .map(kv -> kv.getKey() + "=" + render(kv.getValue()))
            .collect(Collectors.joining(",", "{", "}"));
      default:
        return "";
    }
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
      wireFallbacks =
          samples ? register(group, LogsMetrics.WIRE_FALLBACKS) : new ThreadSafeSimpleCounter();
      for (SampleDecision decision : SampleDecision.values()) {
        decisions[decision.ordinal()] =
            samples
                ? register(group, AccessLogSampleFunction.metricName(decision))
                : new ThreadSafeSimpleCounter();
      }
    }

    private static Counter register(MetricGroup group, String name) {
      Counter counter = new ThreadSafeSimpleCounter();
      return group == null ? counter : group.counter(name, counter);
    }
  }

  /** Where a resource's records go: dropped for its layer or missing service, or decoded. */
  static final class Route {
    static final Route OTHER_LAYER = new Route(null, null);
    static final Route MISSING_SERVICE = new Route(null, null);

    final String service;
    final String instance;

    Route(String service, String instance) {
      this.service = service;
      this.instance = instance;
    }
  }
}
