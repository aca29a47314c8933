package dev.aigw.insight.bench.functions;

import dev.aigw.insight.bench.load.Fleet;
import dev.aigw.insight.bench.load.GatewayShape;
import dev.aigw.insight.bench.load.RequestTotals;
import dev.aigw.insight.job.decode.logs.AccessLogDecoder;
import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.options.LogsConfig;
import dev.aigw.insight.job.sample.AccessLogSampler;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;

/**
 * The access-log path's functions without Flink's runtime and without gRPC: parse alone (the
 * ceiling) and parse + {@link AccessLogDecoder} + {@link AccessLogSampler} with the default policy,
 * on batches of 100 Envoy access logs of which about 10 % are kept.
 */
public final class LogWorkloads {

  /** Records per export request, as Envoy's OTLP access logger batches them. */
  public static final int RECORDS_PER_REQUEST = 100;

  private final byte[][] requests;
  private final RequestTotals totals;
  private final AccessLogDecoder decoder;
  private final AccessLogSampler sampler;
  private long kept;

  public LogWorkloads(GatewayShape shape) throws Exception {
    Fleet fleet = Fleet.accessLogs(shape, 1, RECORDS_PER_REQUEST, 0.1);
    requests = fleet.templates();
    totals = fleet.templateTotals();
    LogsConfig config = LogsConfig.builder().build();
    decoder = AccessLogDecoder.create(config);
    decoder.open(new MetricWorkloads.UnregisteredContext());
    sampler = AccessLogSampler.create(config);
    checkKeptCount();
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

  /** Parse + decode + the sampling decision (sink excluded). */
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
}
