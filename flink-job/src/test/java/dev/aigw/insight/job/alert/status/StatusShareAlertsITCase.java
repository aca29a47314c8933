package dev.aigw.insight.job.alert.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.alert.AlertPipeline;
import dev.aigw.insight.job.alert.rule.AlertRule;
import dev.aigw.insight.job.alert.rule.AlertRuleParser;
import dev.aigw.insight.job.decode.logs.AccessLogDecoder;
import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.model.AccessLogStatusCount;
import dev.aigw.insight.job.sample.AccessLogSampler;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.schema.alert.AlertEvent;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import dev.aigw.insight.source.otlp.decoder.DecoderContext;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A scripted event-time scenario on the MiniCluster: OTLP access-log export requests (serialized
 * protobuf, one per provider and minute) go through the real access-log decoder, which samples away
 * every success and counts every record, then the alert stages of the status shares ({@link
 * AlertPipeline#evaluate}: per-minute counts, the join with the provider cells, the evaluator).
 *
 * <p>openai's 429 + 5xx share crosses 20 % over 5 minutes: one alert, firing and resolving at the
 * exact minutes. anthropic's stays just under it (19.5 %): nothing. The cells carry 1 request a
 * minute and no errors, and only the failures are kept by the sampling: were the share read from
 * the cells, the guard (20 requests) would hold every window back; were it read from the kept logs,
 * every provider would be at 100 % from the first minute.
 */
class StatusShareAlertsITCase {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .build());

  private static final long MINUTE = 60_000L;

  /** 2026-01-01T10:00Z, the scenario's minute 0. */
  private static final long T0 = 1_767_261_600_000L;

  private static final int MINUTES = 30;
  private static final int PER_MINUTE = 40;
  private static final String OPENAI = "default/openai/route/aigw-run/rule/0/ref/0";
  private static final String ANTHROPIC = "default/anthropic/route/aigw-run/rule/0/ref/0";

  private static final String RULES =
      """
      rules:
        - id: provider-429-5xx
          kind: provider_outage
          metric: status_429_or_5xx_share
          threshold: 0.2
          window: 5m
          min-requests: 20
          recovery: 2m
      """;

  @Test
  void theShareOfAllDecodedLogsFiresAndResolvesAtTheExpectedMinutes() throws Exception {
    List<byte[]> requests = new ArrayList<>();
    List<MinuteCell> cells = new ArrayList<>();
    for (int m = 0; m < MINUTES; m++) {
      // openai: 2 of 40 fail, but half of them (10 × 429, 10 × 503) in minutes 10 to 14
      boolean outage = m >= 10 && m <= 14;
      requests.add(minute(m, OPENAI, outage ? 10 : 0, outage ? 10 : 2));
      // anthropic: 7 or 8 of 40 in minutes 10 to 14, 39 of 200 (19.5 %) over any 5 minutes
      requests.add(minute(m, ANTHROPIC, 0, m >= 10 && m <= 14 ? (m == 10 ? 7 : 8) : 0));
      cells.add(providerCell(m, "openai"));
      cells.add(providerCell(m, "anthropic"));
    }

    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    DataStream<AccessLogStatusCount> counts =
        env.fromData(requests).flatMap(new Decoding()).name("decode access logs");
    DataStream<MinuteCell> cellStream =
        env.fromData(MinuteCell.class, cells.toArray(new MinuteCell[0]))
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<MinuteCell>forGenerator(ctx -> new MinuteByMinute<>())
                    .withTimestampAssigner((cell, previous) -> cell.windowStartMs + MINUTE - 1));
    List<AlertRule> rules = AlertRuleParser.parse(RULES);
    DataStream<AlertEvent> events =
        AlertPipeline.evaluate(
            cellStream,
            counts,
            WatermarkStrategy.<AccessLogStatusCount>forGenerator(ctx -> new MinuteByMinute<>())
                .withTimestampAssigner((count, previous) -> count.lastTimeMs),
            Duration.ofSeconds(30),
            rules);

    List<String> got = new ArrayList<>();
    try (CloseableIterator<AlertEvent> it = events.executeAndCollect("status-share-alerts")) {
      it.forEachRemaining(
          e ->
              got.add(
                  String.format(
                      Locale.ROOT,
                      "%s %s %s start=%d at=%d value=%.4f",
                      e.ruleId,
                      e.status.name().toLowerCase(Locale.ROOT),
                      e.entity,
                      (e.startMs - T0) / MINUTE,
                      (e.eventTimeMs - T0) / MINUTE,
                      e.value)));
    }
    // minute 11 is the first window over 20 %: (3 × 2 + 2 × 20) / 200 = 0.23; it ends at 12.
    // Minutes 18 and 19 are clean ((20 + 4 × 2) / 200 = 0.14, then 0.05): resolved at 20.
    assertThat(got)
        .containsExactly(
            "provider-429-5xx firing service=checkout,provider=openai start=12 at=12 value=0.2300",
            "provider-429-5xx resolved service=checkout,provider=openai start=12 at=20"
                + " value=0.0500");
  }

  /** One export request of the minute: {@code PER_MINUTE} logs of a backend, spread over it. */
  private static byte[] minute(int m, String backend, int status429, int status5xx) {
    ScopeLogs.Builder scope = ScopeLogs.newBuilder();
    for (int i = 0; i < PER_MINUTE; i++) {
      String status = i < status429 ? "429" : i < status429 + status5xx ? "503" : "200";
      long timeMs = T0 + m * MINUTE + i * 1_000L;
      LogRecord.Builder r =
          LogRecord.newBuilder()
              .setTimeUnixNano(timeMs * 1_000_000L)
              .setBody(AnyValue.newBuilder().setStringValue("[START] /v1/chat/completions"));
      String[] attributes = {
        "x-request-id", backend.split("/")[1] + "-" + m + "-" + i,
        "response_code", status,
        "gen_ai.provider.name", backend,
        "gen_ai.request.model", "gpt-4o-mini",
        "gen_ai.usage.input_tokens", "12",
        "gen_ai.usage.output_tokens", "7",
        "duration", "250",
        "upstream_transport_failure_reason", "-",
      };
      for (int a = 0; a < attributes.length; a += 2) {
        r.addAttributes(kv(attributes[a], attributes[a + 1]));
      }
      scope.addLogRecords(r);
    }
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(
            ResourceLogs.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(kv("service.name", "checkout"))
                        .addAttributes(kv("service.instance.id", "checkout-pod-1"))
                        .addAttributes(kv("service.layer", "ENVOY_AI_GATEWAY")))
                .addScopeLogs(scope))
        .build()
        .toByteArray();
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  /** The metrics' provider cell of the minute: 1 request, no error. */
  private static MinuteCell providerCell(int m, String provider) {
    MinuteCell cell =
        MinuteCell.at(
            T0 + m * MINUTE,
            Scope.SERVICE,
            Dimension.PROVIDER,
            "checkout",
            MinuteCell.ABSENT,
            provider,
            MinuteCell.ABSENT);
    cell.requests = 1;
    return cell;
  }

  /**
   * The real access-log decoder (keeping only errors: every success is sampled away) with status
   * counts, on serialized export requests, as the receiver runs it; emits the counts and checks
   * that only failures were kept.
   */
  private static final class Decoding extends RichFlatMapFunction<byte[], AccessLogStatusCount>
      implements ResultTypeQueryable<AccessLogStatusCount> {

    private static final long serialVersionUID = 1L;

    private transient AccessLogDecoder decoder;

    @Override
    public void open(OpenContext openContext) throws Exception {
      MetricGroup group = getRuntimeContext().getMetricGroup();
      decoder =
          new AccessLogDecoder(
                  "ENVOY_AI_GATEWAY",
                  new AccessLogSampler(1_000_000, null, 0.0),
                  JobClock.fixed(T0 + (MINUTES + 1) * MINUTE))
              .withStatusCounts();
      decoder.open(
          new DecoderContext() {
            @Override
            public MetricGroup metricGroup() {
              return group;
            }

            @Override
            public int subtaskIndex() {
              return 0;
            }
          });
    }

    @Override
    public void flatMap(byte[] request, Collector<AccessLogStatusCount> out) throws Exception {
      decoder.decodeSerializedLogs(
          request,
          new DecodeOutput<>() {
            @Override
            public void emit(AccessLogRecord record) {
              if (record.statusCode == null || record.statusCode < 400) {
                throw new AssertionError("a success was kept: " + record.requestId);
              }
            }

            @Override
            public void reject(long count, String reason) {
              throw new AssertionError("refused: " + reason);
            }
          },
          new DecodeOutput<>() {
            @Override
            public void emit(AccessLogStatusCount count) {
              out.collect(count);
            }

            @Override
            public void reject(long count, String reason) {
              throw new AssertionError("refused: " + reason);
            }
          });
    }

    @Override
    public TypeInformation<AccessLogStatusCount> getProducedType() {
      return TypeInformation.of(AccessLogStatusCount.class);
    }
  }

  /**
   * Watermarks in the data, one minute at a time: an event of minute m says minute m − 1 is
   * complete. Both inputs of the join pass each minute in turn, as the job's idle-aware watermarks
   * do for traffic that arrives at its own pace.
   */
  private static final class MinuteByMinute<T> implements WatermarkGenerator<T> {
    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
      output.emitWatermark(new Watermark(Math.floorDiv(eventTimestamp, MINUTE) * MINUTE - 1));
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {}
  }
}
