package dev.aigw.insight.job.decode.logs;

import static dev.aigw.insight.job.decode.logs.AccessLogAttributes.MISSING;

import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.options.LogsConfig;
import dev.aigw.insight.job.options.LogsMetrics;
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
 */
public final class AccessLogDecoder implements OtlpDecoder<AccessLogRecord> {

  private static final long serialVersionUID = 1L;

  private final String layer;
  private transient volatile Counters counters;

  /**
   * @param layer the accepted {@code service.layer}; empty accepts every resource
   */
  public AccessLogDecoder(String layer) {
    this.layer = layer == null ? "" : layer;
  }

  /** A decoder configured from the access-log options. */
  public static AccessLogDecoder create(LogsConfig config) {
    return new AccessLogDecoder(config.layer());
  }

  @Override
  public void open(DecoderContext context) {
    counters = new Counters(context.metricGroup());
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

  private void decodeResource(
      ResourceLogs resourceLogs, DecodeOutput<AccessLogRecord> out, Counters c) {
    Map<String, String> resource = toStrings(resourceLogs.getResource().getAttributesList());
    long records =
        resourceLogs.getScopeLogsList().stream().mapToLong(ScopeLogs::getLogRecordsCount).sum();
    if (records == 0) {
      return;
    }
    if (!layer.isEmpty() && !layer.equals(resource.get(AccessLogAttributes.SERVICE_LAYER))) {
      c.droppedOtherLayer.inc(records);
      return;
    }
    String service = present(resource.get(AccessLogAttributes.SERVICE_NAME));
    if (service == null) {
      c.droppedMissingService.inc(records);
      out.reject(records, "access log resource without service.name");
      return;
    }
    String instance = present(resource.get(AccessLogAttributes.SERVICE_INSTANCE_ID));
    if (instance == null) {
      instance = present(resource.get(AccessLogAttributes.HOST_NAME));
    }
    if (instance == null) {
      instance = present(resource.get(AccessLogAttributes.K8S_POD_NAME));
    }
    for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
      for (LogRecord log : scopeLogs.getLogRecordsList()) {
        long timeNanos =
            log.getTimeUnixNano() != 0 ? log.getTimeUnixNano() : log.getObservedTimeUnixNano();
        if (timeNanos == 0) {
          c.droppedMissingTime.inc();
          out.reject(1, "access log record without time_unix_nano");
          continue;
        }
        out.emit(decodeRecord(log, timeNanos, service, instance, c));
        c.decoded.inc();
      }
    }
  }

  private static AccessLogRecord decodeRecord(
      LogRecord log, long timeNanos, String service, String instance, Counters c) {
    AccessLogRecord record = new AccessLogRecord();
    record.timestampMs = timeNanos / 1_000_000L;
    record.service = service;
    record.instance = instance;
    record.body = log.hasBody() ? render(log.getBody()) : "";
    record.attributes = toStrings(log.getAttributesList());
    record.inputTokens = number(record, AccessLogAttributes.INPUT_TOKENS, c);
    record.outputTokens = number(record, AccessLogAttributes.OUTPUT_TOKENS, c);
    record.reasoningTokens = number(record, AccessLogAttributes.REASONING_TOKENS, c);
    record.durationMs = number(record, AccessLogAttributes.DURATION, c);
    record.statusCode = number(record, AccessLogAttributes.RESPONSE_CODE, c);
    record.provider = record.attribute(AccessLogAttributes.PROVIDER_NAME);
    String responseModel = record.attribute(AccessLogAttributes.RESPONSE_MODEL);
    record.model =
        responseModel != null ? responseModel : record.attribute(AccessLogAttributes.REQUEST_MODEL);
    record.requestId = record.attribute(AccessLogAttributes.REQUEST_ID);
    return record;
  }

  /** A non-negative whole number, or null when missing; a present non-number is counted. */
  private static Long number(AccessLogRecord record, String name, Counters c) {
    String value = record.attribute(name);
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
    c.unparsableNumbers.inc();
    return null;
  }

  private static String present(String value) {
    return value == null || value.isEmpty() || value.equals(MISSING) ? null : value;
  }

  private static Map<String, String> toStrings(List<KeyValue> attributes) {
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
      c = new Counters(null);
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

    Counters(MetricGroup group) {
      decoded = register(group, LogsMetrics.DECODED);
      droppedOtherLayer = register(group, LogsMetrics.DROPPED_OTHER_LAYER);
      droppedMissingService = register(group, LogsMetrics.DROPPED_MISSING_SERVICE);
      droppedMissingTime = register(group, LogsMetrics.DROPPED_MISSING_TIME);
      unparsableNumbers = register(group, LogsMetrics.UNPARSABLE_NUMBERS);
    }

    private static Counter register(MetricGroup group, String name) {
      Counter counter = new ThreadSafeSimpleCounter();
      return group == null ? counter : group.counter(name, counter);
    }
  }
}
