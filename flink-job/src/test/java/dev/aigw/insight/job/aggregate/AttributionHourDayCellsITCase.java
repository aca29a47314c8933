package dev.aigw.insight.job.aggregate;

import static dev.aigw.insight.job.testing.CellAssertions.assertMatches;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.banyandb.BanyanDbQueryClient;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.decode.metrics.GenAiMetricDecoder;
import dev.aigw.insight.job.decode.metrics.ResourcePointsDecoder;
import dev.aigw.insight.job.emit.BothCellStores;
import dev.aigw.insight.job.emit.CellFamily;
import dev.aigw.insight.job.emit.banyandb.StoredAttributionCells;
import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.AttributionConfig;
import dev.aigw.insight.job.options.AttributionOptions;
import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.testing.DecodingFlatMap;
import dev.aigw.insight.job.testing.Expectation;
import dev.aigw.insight.job.testing.ExpectedCell;
import dev.aigw.insight.job.testing.OpenSearchCells;
import dev.aigw.insight.job.testing.Points;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.attribution.AttributionStoreNames;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import dev.aigw.insight.sink.banyandb.standin.BanyanDbStandIn;
import dev.aigw.insight.testing.Await;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attribution hour and day cells on a MiniCluster: three hours of scripted gateway traffic across a
 * UTC midnight, each request carrying a team (three teams, or none) and a tenant, sent through the
 * real OpenTelemetry SDK and analysed by the job's metrics and attribution pipelines with their
 * roll-ups. Every attribution hour and day cell must equal the service cell of that value's
 * requests aggregated directly over its hour or day, value by value: sums and counts exactly,
 * averages as Σsum / Σcount, percentiles exactly those of the directly merged bucket counts. Some
 * exports reach the job after later ones (late points); the cells are also written through the
 * BanyanDB sink (stand-in) and the OpenSearch sink and read back.
 */
class AttributionHourDayCellsITCase {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final long S = 1_000_000_000L;
  private static final long MIDNIGHT = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * S;
  private static final long START = MIDNIGHT - 90 * 60 * S;
  private static final long END = MIDNIGHT + 90 * 60 * S;
  private static final JobClock RECEIVER_CLOCK = JobClock.fixed(END / 1_000_000 + 5 * 60_000);
  private static final PriceTable PRICES = PriceTable.loadDefault();
  private static final List<String> TEAMS = Arrays.asList("red", "green", "blue", null);
  private static final List<String> TENANTS = List.of("acme", "globex");
  private static final String ATTRIBUTES = "team.id,tenant.id";

  private static LateExportTraffic traffic;

  @BeforeAll
  static void sendTraffic() throws Exception {
    traffic =
        LateExportTraffic.generate(
            23,
            START,
            END,
            (random, r) -> {
              String team = TEAMS.get(random.nextInt(TEAMS.size()));
              if (team != null) {
                r.attribute("team.id", team);
              }
              r.attribute("tenant.id", TENANTS.get(random.nextInt(TENANTS.size())));
            });
  }

  @Test
  void hourAndDayAttributionCellsEqualEachValuesTrafficAggregatedOverTheHourAndTheDay()
      throws Exception {
    try (BanyanDbStandIn standIn = BanyanDbStandIn.start();
        EmbeddedOpenSearch openSearch = EmbeddedOpenSearch.builder().httpPort(0).start()) {
      Map<CellResolution, List<AttributionCell>> cells =
          run(AnalysisConfig.defaults(), new Stores(standIn.target(), openSearch.httpUri()));

      for (CellResolution resolution : CellResolution.values()) {
        assertExact(cells.get(resolution), resolution, PercentileMethod.INTERPOLATED);
      }
      assertThat(starts(cells.get(CellResolution.HOUR))).hasSize(4); // 22:30 to 01:31
      assertThat(starts(cells.get(CellResolution.DAY))).hasSize(2);

      // the stores hold the same cells (rewrites overwrote, nothing twice)
      for (CellResolution resolution : List.of(CellResolution.HOUR, CellResolution.DAY)) {
        Map<String, AttributionCell> emitted = byKey(cells.get(resolution));
        String group = resolution.defaultGroup();
        Await.until(
            Duration.ofSeconds(60),
            resolution + " attribution cells in BanyanDB",
            () -> stored(standIn, group, resolution).size() == emitted.size());
        assertThat(byKey(stored(standIn, group, resolution))).isEqualTo(emitted);
        OpenSearchCells indices =
            new OpenSearchCells(
                openSearch.httpUri(), AttributionStoreNames.defaultIndexPrefix(resolution));
        Await.until(
            Duration.ofSeconds(60),
            resolution + " attribution cells in OpenSearch",
            () -> indices.attributionCells().size() == emitted.size());
        assertThat(byKey(indices.attributionCells())).isEqualTo(emitted);
      }
    }
  }

  @Test
  void withSkyWalkingPercentilesEveryAttributionHourAndDayCellIsExact() throws Exception {
    AnalysisConfig config =
        AnalysisConfig.builder().percentileMethod(PercentileMethod.SKYWALKING).build();
    Map<CellResolution, List<AttributionCell>> cells = run(config, null);
    for (CellResolution resolution : CellResolution.values()) {
      assertExact(cells.get(resolution), resolution, PercentileMethod.SKYWALKING);
    }
  }

  /**
   * Lateness made exact: attribution partials with watermarks right behind each of them (one
   * subtask). A late partial re-fires its minute after its hour and day have fired; both are
   * rewritten with it. A partial beyond the allowed lateness changes no minute, so neither its hour
   * nor its day.
   */
  @Test
  void aLateMinuteRewritesItsAttributionHourAndDayATooLateOneNone() throws Exception {
    long h = MIDNIGHT / 1_000_000;
    List<AttributedLeaf> partials =
        List.of(
            partial("red", h - 30 * 60_000, 1, 0, 0, 0), // 23:30
            partial("red", h - 10_000, 0, 1, 0, 0), // 23:59:50
            partial("blue", h + 50_000, 0, 0, 1, 0), // 00:00:50: 23:59, its hour and day fire
            partial("red", h - 5_000, 0, 0, 0, 1), // 23:59:55, late by 55 s: within the lateness
            partial("red", h + 5 * 60_000, 1, 0, 0, 0), // 00:05: 23:59 is past its lateness
            partial("red", h - 20_000, 0, 0, 5, 0)); // 23:59:40, too late: dropped
    AnalysisConfig config =
        AnalysisConfig.builder()
            .allowedLateness(Duration.ofMinutes(1))
            .percentileMethod(PercentileMethod.SKYWALKING)
            .build();
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(AttributionOptions.ATTRIBUTES, "team.id");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    DataStream<AttributedLeaf> in =
        env.fromData(partials, TypeInformation.of(AttributedLeaf.class))
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<AttributedLeaf>forGenerator(ctx -> new RightBehind())
                    .withTimestampAssigner((partial, previous) -> partial.eventTimeMs()));
    SingleOutputStreamOperator<AttributionCell> minutes =
        AttributionPipeline.cells(
            config, AttributionConfig.fromConfiguration(conf), JobClock.SYSTEM, in);
    AttributionRollUps.RollUps rollUps = AttributionRollUps.build(minutes, config);
    List<Tuple2<String, AttributionCell>> emitted = new ArrayList<>();
    try (CloseableIterator<Tuple2<String, AttributionCell>> it =
        tagged(minutes, CellResolution.MINUTE)
            .union(
                tagged(rollUps.hours(), CellResolution.HOUR),
                tagged(rollUps.days(), CellResolution.DAY))
            .executeAndCollect("attribution-late-minute-it")) {
      it.forEachRemaining(emitted::add);
    }
    List<Tuple2<String, Long>> red =
        emitted.stream()
            .filter(t -> t.f1.value.equals("red") && t.f1.cell.dimension == Dimension.ALL)
            .map(
                t ->
                    Tuple2.of(
                        t.f0 + "@" + Instant.ofEpochMilli(t.f1.cell.windowStartMs),
                        t.f1.cell.requests))
            .toList();
    // in each resolution's emission order: 23:59, its hour and its day fire on time, then again
    // with the late partial
    assertThat(red)
        .filteredOn(t -> t.f0.startsWith("MINUTE@2025-12-31T23:59"))
        .extracting(t -> t.f1)
        .containsExactly(1L, 2L);
    assertThat(red)
        .filteredOn(t -> t.f0.startsWith("HOUR@2025-12-31T23:00"))
        .extracting(t -> t.f1)
        .containsExactly(2L, 3L);
    assertThat(red)
        .filteredOn(t -> t.f0.startsWith("DAY@2025-12-31"))
        .extracting(t -> t.f1)
        .containsExactly(2L, 3L);
    Map<String, AttributionCell> last = new LinkedHashMap<>();
    emitted.forEach(t -> last.put(t.f0 + "|" + t.f1.cellKey(), t.f1));
    for (String resolution : List.of("HOUR", "DAY")) {
      long start = resolution.equals("HOUR") ? h - 3_600_000 : h - 86_400_000;
      for (Dimension d : AttributionStoreNames.DIMENSIONS) {
        MinuteCell c = last.get(resolution + "|" + key(start, d, "red")).cell;
        // 23:30 (≤1 s), 23:59:50 (1–2 s), 23:59:55 (>4 s); not the too-late five of 2–4 s
        assertThat(c.requests).isEqualTo(3);
        assertThat(c.latencySumMs).isEqualTo((0.5 + 1.5 + 5) * 1000);
        assertThat(c.latencyAvgMs).isEqualTo((0.5 + 1.5 + 5) / 3 * 1000);
        // SkyWalking: rank 2 of 3 is in (1, 2], rank 3 in the open last bucket (its lower bound)
        assertThat(c.latencyP50Ms).isEqualTo(2000.0);
        assertThat(c.latencyP99Ms).isEqualTo(4000.0);
      }
      // blue's one partial is in the next hour and day
      assertThat(last).doesNotContainKey(resolution + "|" + key(start, Dimension.ALL, "blue"));
      assertThat(last.get(resolution + "|" + key(h, Dimension.ALL, "blue")).cell.requests)
          .isEqualTo(1);
      assertThat(last.get(resolution + "|" + key(h, Dimension.ALL, "red")).cell.requests)
          .isEqualTo(1);
    }
  }

  private static String key(long startMs, Dimension dimension, String team) {
    boolean byModel = dimension == Dimension.MODEL;
    MinuteCell cell =
        MinuteCell.at(
            startMs,
            Scope.SERVICE,
            dimension,
            "svc",
            null,
            byModel ? "openai" : null,
            byModel ? "gpt-4o" : null);
    return new AttributionCell("team.id", team, cell).cellKey();
  }

  /** One request-duration partial of service svc, team {@code team}, at {@code timeMs}. */
  private static AttributedLeaf partial(String team, long timeMs, long... counts) {
    LeafAggregate values =
        Points.partial(Points.delta("s", timeMs * 1_000_000 - S, timeMs * 1_000_000, counts));
    AttributedLeaf leaf = AttributedLeaf.of("team.id", team, "svc", "openai", "gpt-4o");
    leaf.merge(values);
    return leaf;
  }

  /** Watermarks right behind the newest partial, emitted with each partial. */
  private static final class RightBehind implements WatermarkGenerator<AttributedLeaf> {
    private long max = Long.MIN_VALUE;

    @Override
    public void onEvent(AttributedLeaf event, long timestamp, WatermarkOutput output) {
      max = Math.max(max, timestamp);
      output.emitWatermark(new Watermark(max - 1));
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {}
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Each (attribute, value)'s cells of a resolution are exactly the service-scope cells (all
   * providers and per model) of that value's requests aggregated directly over the period, their
   * percentiles those of the directly merged bucket counts; no other value has cells.
   */
  private static void assertExact(
      List<AttributionCell> actual, CellResolution resolution, PercentileMethod method) {
    Map<String, Map<String, ExpectedCell>> expected = new TreeMap<>();
    for (String team : TEAMS) {
      expected.put(
          "team.id=" + (team == null ? AttributionCell.NONE : team),
          expected(resolution, "team.id", team));
    }
    for (String tenant : TENANTS) {
      expected.put("tenant.id=" + tenant, expected(resolution, "tenant.id", tenant));
    }
    Map<String, List<MinuteCell>> byValue = new TreeMap<>();
    for (AttributionCell c : actual) {
      byValue.computeIfAbsent(c.attribute + "=" + c.value, k -> new ArrayList<>()).add(c.cell);
    }
    assertThat(byValue.keySet()).as(resolution.name()).isEqualTo(expected.keySet());
    for (Map.Entry<String, Map<String, ExpectedCell>> e : expected.entrySet()) {
      assertThat(e.getValue()).as(e.getKey()).isNotEmpty();
      assertMatches(byValue.get(e.getKey()), e.getValue(), method);
      HourDayCellsITCase.assertPercentilesOfTheMergedBuckets(
          byValue.get(e.getKey()), e.getValue(), method);
    }
  }

  /** The expected service-scope cells (all providers, per model) of one attribute value. */
  private static Map<String, ExpectedCell> expected(
      CellResolution resolution, String attribute, String value) {
    Map<String, ExpectedCell> kept = new LinkedHashMap<>();
    Expectation.of(PRICES)
        .add(traffic.a, traffic.b)
        .only(e -> Objects.equals(e.request.attribute(attribute), value))
        .per(resolution.periodMs())
        .cells()
        .forEach(
            (k, c) -> {
              if (c.cell.scope == Scope.SERVICE && c.cell.dimension != Dimension.PROVIDER) {
                kept.put(k, c);
              }
            });
    return kept;
  }

  private static Map<String, AttributionCell> byKey(List<AttributionCell> cells) {
    Map<String, AttributionCell> map = new TreeMap<>();
    for (AttributionCell c : cells) {
      assertThat(map.put(c.cellKey(), c)).as("cell %s twice", c.cellKey()).isNull();
    }
    return map;
  }

  private static List<Long> starts(List<AttributionCell> cells) {
    return cells.stream().map(c -> c.cell.windowStartMs).distinct().toList();
  }

  /**
   * The attribution cells of a resolution in BanyanDB; none while the sink has not created them.
   */
  private static List<AttributionCell> stored(
      BanyanDbStandIn standIn, String group, CellResolution resolution) {
    Instant from = Instant.ofEpochSecond(START / S - 86_400);
    Instant to = Instant.ofEpochSecond(END / S + 86_400);
    try (BanyanDbQueryClient connection = BanyanDbQueryClient.open(standIn.target())) {
      return StoredAttributionCells.read(connection.client(), group, resolution, from, to);
    } catch (Exception e) {
      return List.of();
    }
  }

  /** Where the sinks write, or null for no sinks. */
  private record Stores(String banyanDbTarget, java.net.URI openSearch) {}

  /**
   * Decoder, the job's metrics and attribution pipelines and the attribution roll-ups over the
   * exports on the MiniCluster; every attribution minute, hour and day cell as emitted, the last
   * emission of each cell kept (the stores keep the last write of a cell key).
   */
  private static Map<CellResolution, List<AttributionCell>> run(
      AnalysisConfig config, Stores stores) throws Exception {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(50));
    conf.set(AttributionOptions.ATTRIBUTES, ATTRIBUTES);
    AttributionConfig attribution = AttributionConfig.fromConfiguration(conf);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    List<byte[]> payloads = new ArrayList<>();
    for (ExportMetricsServiceRequest r : traffic.exports) {
      payloads.add(r.toByteArray());
    }
    DataStream<ResourcePoints> points =
        env.fromData(payloads)
            .flatMap(
                new DecodingFlatMap(
                    new ResourcePointsDecoder(
                        GenAiMetricDecoder.create(config, attribution, RECEIVER_CLOCK))))
            .setParallelism(1)
            .name("decode");
    AttributionPipeline.Partials partials =
        AttributionPipeline.partials(points, config, attribution, JobClock.SYSTEM);
    // the service cells run too (they are fed by the same temporality stage), unread here
    GenAiMetricsPipeline.cells(config, JobClock.SYSTEM, partials.metrics());
    SingleOutputStreamOperator<AttributionCell> minutes =
        AttributionPipeline.cells(config, attribution, JobClock.SYSTEM, partials.attributed());
    AttributionRollUps.RollUps rollUps = AttributionRollUps.build(minutes, config);
    if (stores != null) {
      sink(rollUps.hours(), CellResolution.HOUR, stores);
      sink(rollUps.days(), CellResolution.DAY, stores);
    }
    DataStream<Tuple2<String, AttributionCell>> all =
        tagged(minutes, CellResolution.MINUTE)
            .union(
                tagged(rollUps.hours(), CellResolution.HOUR),
                tagged(rollUps.days(), CellResolution.DAY));
    Map<CellResolution, Map<String, AttributionCell>> last = new EnumMap<>(CellResolution.class);
    for (CellResolution r : CellResolution.values()) {
      last.put(r, new TreeMap<>());
    }
    try (CloseableIterator<Tuple2<String, AttributionCell>> it =
        all.executeAndCollect("attribution-hour-day-it")) {
      it.forEachRemaining(t -> last.get(CellResolution.valueOf(t.f0)).put(t.f1.cellKey(), t.f1));
    }
    Map<CellResolution, List<AttributionCell>> out = new EnumMap<>(CellResolution.class);
    last.forEach((r, cells) -> out.put(r, new ArrayList<>(cells.values())));
    return out;
  }

  private static DataStream<Tuple2<String, AttributionCell>> tagged(
      DataStream<AttributionCell> cells, CellResolution resolution) {
    String name = resolution.name();
    return cells
        .map(c -> Tuple2.of(name, c))
        .returns(Types.TUPLE(Types.STRING, TypeInformation.of(AttributionCell.class)));
  }

  private static void sink(
      DataStream<AttributionCell> cells, CellResolution resolution, Stores stores) {
    Configuration schema = new Configuration();
    schema.set(AttributionOptions.ATTRIBUTES, ATTRIBUTES);
    BothCellStores.sink(
        cells,
        CellFamily.ATTRIBUTION,
        resolution,
        AttributionStoreNames.defaultIndexPrefix(resolution),
        schema,
        stores.banyanDbTarget(),
        stores.openSearch());
  }
}
