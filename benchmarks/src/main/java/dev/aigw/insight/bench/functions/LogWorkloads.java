package dev.aigw.insight.bench.functions;

import dev.aigw.insight.bench.load.Fleet;
import dev.aigw.insight.bench.load.GatewayShape;
import dev.aigw.insight.bench.load.RequestTotals;
import dev.aigw.insight.job.decode.logs.AccessLogDecoder;
import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.LogsConfig;
import dev.aigw.insight.job.options.LogsMetrics;
import dev.aigw.insight.job.sample.AccessLogSampler;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import dev.aigw.insight.source.otlp.decoder.DecoderContext;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/**
 * The access-log path's functions without Flink's runtime and without gRPC: parse alone (the
 * ceiling), parse + {@link AccessLogDecoder} + {@link AccessLogSampler} with the default policy,
 * and the job's decode-time sampling from the wire format ({@link
 * AccessLogDecoder#decodeSerializedLogs}, building only the kept records), on batches of 100 Envoy
 * access logs of which about 10 % are kept.
 */
public final class LogWorkloads {

  /** Records per export request, as Envoy's OTLP access logger batches them. */
  public static final int RECORDS_PER_REQUEST = 100;

  private final byte[][] requests;
  private final RequestTotals totals;
  private final AccessLogDecoder decoder;
  private final AccessLogSampler sampler;
  private final AccessLogDecoder samplingDecoder;
  private final CountingGroup samplingMetrics = new CountingGroup();
  private long kept;

  public LogWorkloads(GatewayShape shape) throws Exception {
    Fleet fleet = Fleet.accessLogs(shape, 1, RECORDS_PER_REQUEST, 0.1);
    requests = fleet.stampedTemplates(MetricWorkloads.START_NANOS, MetricWorkloads.TIME_NANOS);
    totals = fleet.templateTotals();
    LogsConfig config = LogsConfig.builder().build();
    // the former path: a decoder that emits every record, then the sampler on each
    decoder = new AccessLogDecoder(config.layer(), MetricWorkloads.CLOCK);
    decoder.open(new MetricWorkloads.UnregisteredContext());
    sampler = AccessLogSampler.create(config);
    samplingDecoder =
        AccessLogDecoder.create(config, AnalysisConfig.defaults(), MetricWorkloads.CLOCK);
    samplingDecoder.open(
        new DecoderContext() {
          @Override
          public MetricGroup metricGroup() {
            return samplingMetrics;
          }

          @Override
          public int subtaskIndex() {
            return 0;
          }
        });
    checkKeptCount();
    checkWireDecoding();
  }

  /**
   * The wire path keeps what the generator says, and reads every request itself (a fallback to the
   * full parse would measure the wrong thing).
   */
  private void checkWireDecoding() throws Exception {
    Workload wire = wireDecodeAndSample();
    kept = 0;
    for (int i = 0; i < requests.length; i++) {
      wire.step();
    }
    if (kept != totals.keptRecords()) {
      throw new IllegalStateException(
          "The wire path kept "
              + kept
              + " records, the generator expected "
              + totals.keptRecords());
    }
    long fallbacks = samplingMetrics.count(LogsMetrics.WIRE_FALLBACKS);
    if (fallbacks != 0) {
      throw new IllegalStateException(fallbacks + " requests fell back to the full parse");
    }
  }

  /** The generator states how many records the default policy keeps: the sampler must agree. */
  private void checkKeptCount() throws Exception {
    Workload sample = decodeAndSample();
    kept = 0;
    for (int i = 0; i < requests.length; i++) {
      sample.step();
    }
    if (kept != totals.keptRecords()) {
      throw new IllegalStateException(
          "The sampler kept " + kept + " records, the generator expected " + totals.keptRecords());
    }
  }

  /** The ceiling: protobuf parse reading every attribute of every record. */
  public Workload bareParse() {
    int[] next = {0};
    long[] sink = {0};
    return () -> {
      ExportLogsServiceRequest request =
          ExportLogsServiceRequest.parseFrom(requests[next[0]++ % requests.length]);
      int records = 0;
      for (ResourceLogs resource : request.getResourceLogsList()) {
        for (ScopeLogs scope : resource.getScopeLogsList()) {
          for (LogRecord record : scope.getLogRecordsList()) {
            long acc = record.getTimeUnixNano() + record.getBody().getStringValue().length();
            for (KeyValue attribute : record.getAttributesList()) {
              acc += attribute.getKey().length() + attribute.getValue().getStringValue().length();
            }
            sink[0] ^= acc;
            records++;
          }
        }
      }
      return records;
    };
  }

  /**
   * The job's path: decode-time sampling from the request bytes (no full parse; only kept records
   * are built), sink excluded. Counts every record of the request, kept or dropped.
   */
  public Workload wireDecodeAndSample() {
    int[] next = {0};
    DecodeOutput<AccessLogRecord> out =
        new DecodeOutput<>() {
          @Override
          public void emit(AccessLogRecord record) {
            kept++;
          }

          @Override
          public void reject(long count, String reason) {
            throw new IllegalStateException("Generated records were rejected: " + reason);
          }
        };
    return () -> {
      samplingDecoder.decodeSerializedLogs(requests[next[0]++ % requests.length], out);
      return RECORDS_PER_REQUEST;
    };
  }

  /**
   * The former path: full parse + decode of every record + the sampling decision (sink excluded).
   */
  public Workload decodeAndSample() {
    int[] next = {0};
    return () -> {
      int[] records = {0};
      decoder.decodeLogs(
          ExportLogsServiceRequest.parseFrom(requests[next[0]++ % requests.length]),
          new DecodeOutput<>() {
            @Override
            public void emit(AccessLogRecord record) {
              records[0]++;
              if (sampler.decide(record).keep()) {
                kept++;
              }
            }

            @Override
            public void reject(long count, String reason) {
              throw new IllegalStateException("Generated records were rejected: " + reason);
            }
          });
      return records[0];
    };
  }

  /** Keeps the counters registered with it, so the check can read one. */
  private static final class CountingGroup extends UnregisteredMetricsGroup {
    private final Map<String, Counter> counters = new HashMap<>();

    @Override
    public <C extends Counter> C counter(String name, C counter) {
      counters.put(name, counter);
      return counter;
    }

    long count(String name) {
      Counter counter = counters.get(name);
      return counter == null ? -1 : counter.getCount();
    }
  }
}
