package dev.aigw.insight.job.emit.banyandb;

import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.banyandb.BanyanDbQueryClient;
import dev.aigw.insight.job.aggregate.AttributionPipeline;
import dev.aigw.insight.job.aggregate.GenAiMetricsPipeline;
import dev.aigw.insight.job.decode.metrics.GenAiMetricDecoder;
import dev.aigw.insight.job.decode.metrics.ResourcePointsDecoder;
import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.AttributionConfig;
import dev.aigw.insight.job.options.AttributionOptions;
import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.testing.CellAssertions;
import dev.aigw.insight.job.testing.Expectation;
import dev.aigw.insight.job.testing.ExpectedCell;
import dev.aigw.insight.job.testing.GatewaySimulator;
import dev.aigw.insight.job.testing.SimulatedRequest;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.attribution.AttributionStoreNames;
import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import dev.aigw.insight.sink.banyandb.BanyanDbSink;
import dev.aigw.insight.sink.banyandb.standin.BanyanDbStandIn;
import dev.aigw.insight.source.otlp.AckMode;
import dev.aigw.insight.source.otlp.OtlpReceiverSource;
import dev.aigw.insight.source.otlp.testing.FreePort;
import dev.aigw.insight.testing.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.skywalking.banyandb.v1.client.BanyanDBClient;
import org.apache.skywalking.banyandb.v1.client.DataPoint;
import org.apache.skywalking.banyandb.v1.client.MeasureQuery;
import org.apache.skywalking.banyandb.v1.client.TimestampRange;
import org.junit.jupiter.api.Test;

/**
 * The attribution measures in BanyanDB (through the in-process stand-in): the sink creates them
 * with the schema (tags service, attribute, value[, provider, model], the cells' fields), and every
 * row read back has the values of its team's requests alone.
 */
class AttributionToBanyanDbITCase {
  private static final long S = 1_000_000_000L;
  private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * S;

  /**
   * The receiver's clock: just after the traffic. The analysis runs on the system clock, whose idle
   * watermark closes the last minute (a fixed clock would also hold the combined partials).
   */
  private static final JobClock RECEIVER_CLOCK = JobClock.fixed(T0 / 1_000_000 + 5 * 60_000);

  private static final String GROUP = "genai_minute";
  private static final List<String> TEAMS = Arrays.asList("red", "green", "blue", null);

  @Test
  void attributionRowsReadBackWithTheirTeamsValues() throws Exception {
    try (BanyanDbStandIn standIn = BanyanDbStandIn.start()) {
      Configuration storage = new Configuration();
      storage.set(GenAiStorageOptions.MINUTE_GROUP, GROUP);
      storage.set(AttributionOptions.ATTRIBUTES, "team.id");
      AttributionConfig attribution = AttributionConfig.fromConfiguration(storage);
      AnalysisConfig config =
          AnalysisConfig.builder()
              .outOfOrderness(Duration.ofSeconds(1))
              .idleTimeout(Duration.ofSeconds(1))
              .combineFlushInterval(Duration.ofMillis(200))
              .build();
      int port = FreePort.range(1);
      Configuration conf = new Configuration();
      conf.set(PipelineOptions.GENERIC_TYPES, false);
      conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(50));
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
      env.setParallelism(1);
      DataStream<ResourcePoints> points =
          env.fromSource(
                  OtlpReceiverSource.<ResourcePoints>builder()
                      .setDecoder(
                          new ResourcePointsDecoder(
                              GenAiMetricDecoder.create(config, attribution, RECEIVER_CLOCK)))
                      .setBindAddress("127.0.0.1")
                      .setPort(port)
                      // no OTLP/HTTP: its fixed default port would clash with another test run
                      .setHttpEnabled(false)
                      .setAckMode(AckMode.ON_RECEIVE)
                      .build(),
                  WatermarkStrategy.noWatermarks(),
                  "otlp-receiver")
              .uid("otlp-receiver");
      AttributionPipeline.Partials partials =
          AttributionPipeline.partials(points, config, attribution, JobClock.SYSTEM);
      GenAiMetricsPipeline.cells(config, JobClock.SYSTEM, partials.metrics())
          .sinkTo(sink(standIn, storage, new MinuteCellEmitter(GROUP)))
          .uid("cells-sink");
      AttributionPipeline.cells(config, attribution, JobClock.SYSTEM, partials.attributed())
          .sinkTo(sink(standIn, storage, new AttributionCellEmitter(GROUP)))
          .uid("attribution-sink");
      JobClient job = env.executeAsync("attribution-to-banyandb");
      try {
        Await.listening(Duration.ofSeconds(60), "127.0.0.1", port);
        GatewaySimulator gw =
            GatewaySimulator.builder("http://127.0.0.1:" + port)
                .service("gw")
                .instance("pod-a")
                .temporality(Temporality.DELTA)
                .startedAt(T0)
                .build();
        for (int i = 0; i < 24; i++) {
          String team = TEAMS.get(i % TEAMS.size());
          SimulatedRequest r =
              SimulatedRequest.at(T0 + (5 + 7L * i) * S)
                  .provider(i % 3 == 0 ? "anthropic" : "openai")
                  .model(i % 3 == 0 ? "claude-sonnet-4-5" : "gpt-4o")
                  .latency((64 + 16 * i) / 1024.0)
                  .tokens(100 + 10L * i, 20 + i);
          if (team != null) {
            r.attribute("team.id", team);
          }
          gw.submit(r);
        }
        gw.exportAt(T0 + 100 * S);
        gw.exportAt(T0 + 179 * S + S / 2);
        gw.close();

        Map<String, Map<String, ExpectedCell>> expected = new LinkedHashMap<>();
        for (String team : TEAMS) {
          Map<String, ExpectedCell> cells = new LinkedHashMap<>();
          Expectation.of(PriceTable.loadDefault())
              .add(gw)
              .only(e -> Objects.equals(e.request.attribute("team.id"), team))
              .cells()
              .forEach(
                  (k, c) -> {
                    if (c.cell.scope == Scope.SERVICE && c.cell.dimension != Dimension.PROVIDER) {
                      cells.put(k, c);
                    }
                  });
          expected.put(team == null ? AttributionCell.NONE : team, cells);
        }
        int rows = expected.values().stream().mapToInt(Map::size).sum();
        List<AttributionCell> stored =
            Await.value(
                Duration.ofSeconds(90),
                rows + " attribution rows",
                () -> readBack(standIn.target()),
                found -> found.size() >= rows);
        Map<String, List<MinuteCell>> byValue =
            stored.stream()
                .collect(
                    Collectors.groupingBy(
                        a -> a.value, Collectors.mapping(a -> a.cell, Collectors.toList())));
        assertThat(byValue.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertThat(stored).allSatisfy(a -> assertThat(a.attribute).isEqualTo("team.id"));
        for (Map.Entry<String, Map<String, ExpectedCell>> e : expected.entrySet()) {
          CellAssertions.assertMatches(
              byValue.get(e.getKey()), e.getValue(), PercentileMethod.INTERPOLATED);
        }
      } finally {
        job.cancel().get();
      }
    }
  }

  private static <T> BanyanDbSink<T> sink(
      BanyanDbStandIn standIn,
      Configuration storage,
      dev.aigw.insight.sink.banyandb.BanyanDbEmitter<T> emitter) {
    return BanyanDbSink.<T>builder()
        .setTargets(standIn.target())
        .setSchema(GenAiMeasures.schema(storage))
        .setEmitter(emitter)
        .setFlushInterval(Duration.ofMillis(200))
        .build();
  }

  /** Every attribution row of both measures, as cells (the inverse of the emitter). */
  private static List<AttributionCell> readBack(String target) {
    try (BanyanDbQueryClient connection = BanyanDbQueryClient.open(target)) {
      BanyanDBClient client = connection.client();
      List<AttributionCell> cells = new ArrayList<>();
      Set<String> fields =
          Arrays.stream(CellField.values()).map(CellField::storeName).collect(toSet());
      for (Dimension dimension : AttributionStoreNames.DIMENSIONS) {
        MeasureQuery query =
            new MeasureQuery(
                List.of(GROUP),
                AttributionStoreNames.measureName(dimension),
                new TimestampRange(T0 / 1_000_000, T0 / 1_000_000 + 600_000),
                Set.copyOf(AttributionStoreNames.entityTags(dimension)),
                fields);
        query.limit(100_000);
        for (DataPoint point : client.query(query).getDataPoints()) {
          MinuteCell cell =
              MinuteCell.at(
                  point.getTimestamp(),
                  Scope.SERVICE,
                  dimension,
                  point.getTagValue(CellTag.SERVICE.storeName()),
                  MinuteCell.ABSENT,
                  dimension == Dimension.MODEL
                      ? point.getTagValue(CellTag.PROVIDER.storeName())
                      : MinuteCell.ABSENT,
                  dimension == Dimension.MODEL
                      ? point.getTagValue(CellTag.MODEL.storeName())
                      : MinuteCell.ABSENT);
          for (CellField field : CellField.values()) {
            Object value = point.getFieldValue(field.storeName());
            field.set(cell, value == null ? 0L : (Number) value);
          }
          cells.add(
              new AttributionCell(
                  point.getTagValue(AttributionStoreNames.ATTRIBUTE),
                  point.getTagValue(AttributionStoreNames.VALUE),
                  cell));
        }
      }
      return cells;
    } catch (Exception e) {
      return List.of(); // the sink has not created the measures yet
    }
  }
}
