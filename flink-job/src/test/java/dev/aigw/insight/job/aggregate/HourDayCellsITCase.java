package dev.aigw.insight.job.aggregate;

import static dev.aigw.insight.job.testing.CellAssertions.assertMatches;
import static dev.aigw.insight.job.testing.CellAssertions.byKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aigw.insight.banyandb.BanyanDbQueryClient;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.decode.metrics.ResourcePointsDecoder;
import dev.aigw.insight.job.emit.BothCellStores;
import dev.aigw.insight.job.emit.CellFamily;
import dev.aigw.insight.job.emit.banyandb.StoredCells;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.testing.DecodingFlatMap;
import dev.aigw.insight.job.testing.Expectation;
import dev.aigw.insight.job.testing.ExpectedCell;
import dev.aigw.insight.job.testing.GatewaySimulator;
import dev.aigw.insight.job.testing.OpenSearchCells;
import dev.aigw.insight.job.testing.Points;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.sink.banyandb.standin.BanyanDbStandIn;
import dev.aigw.insight.testing.Await;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
 * Hour and day cells on a MiniCluster: three hours of scripted gateway traffic across a UTC
 * midnight, sent through the real OpenTelemetry SDK, decoded and analysed by the job's pipeline
 * with the roll-ups. Every hour and day cell must equal the cell of the same traffic aggregated
 * directly over its hour or day, value by value: sums and counts exactly, averages as Σsum /
 * Σcount, percentiles exactly those of the directly merged bucket counts (and within the bounds the
 * minute cells' tests use). Some exports reach the job after later ones (late points); the hour and
 * day cells are also written through the BanyanDB sink (stand-in) and the OpenSearch sink and read
 * back.
 */
class HourDayCellsITCase {

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
  private static final double[] PS = {50, 75, 90, 95, 99};

  private static LateExportTraffic traffic;

  @BeforeAll
  static void sendTraffic() throws Exception {
    traffic = LateExportTraffic.generate(19, START, END, (random, r) -> {});
  }

  @Test
  void hourAndDayCellsEqualTheTrafficAggregatedOverTheHourAndTheDayAndReachBothStores()
      throws Exception {
    try (BanyanDbStandIn standIn = BanyanDbStandIn.start();
        EmbeddedOpenSearch openSearch = EmbeddedOpenSearch.builder().httpPort(0).start()) {
      Map<CellResolution, List<MinuteCell>> cells =
          run(AnalysisConfig.defaults(), new Stores(standIn.target(), openSearch.httpUri()));

      for (CellResolution resolution : CellResolution.values()) {
        Map<String, ExpectedCell> expected = expected(resolution);
        List<MinuteCell> actual = cells.get(resolution);
        assertMatches(actual, expected, PercentileMethod.INTERPOLATED);
        assertPercentilesOfTheMergedBuckets(actual, expected, PercentileMethod.INTERPOLATED);
      }
      assertThat(starts(cells.get(CellResolution.HOUR))).hasSize(4); // 22:30 to 01:31
      assertThat(starts(cells.get(CellResolution.DAY))).hasSize(2);

      // the stores hold the same cells (rewrites overwrote, nothing twice)
      Map<String, MinuteCell> hours = byKey(cells.get(CellResolution.HOUR));
      Map<String, MinuteCell> days = byKey(cells.get(CellResolution.DAY));
      Instant from = Instant.ofEpochSecond(START / S - 86_400);
      Instant to = Instant.ofEpochSecond(END / S + 86_400);
      Await.until(
          Duration.ofSeconds(60),
          "hour and day cells in BanyanDB",
          () ->
              stored(standIn, "genai_hour", CellResolution.HOUR).size() == hours.size()
                  && stored(standIn, "genai_day", CellResolution.DAY).size() == days.size());
      assertThat(byKey(stored(standIn, "genai_hour", CellResolution.HOUR))).isEqualTo(hours);
      assertThat(byKey(stored(standIn, "genai_day", CellResolution.DAY))).isEqualTo(days);
      OpenSearchCells hourIndices = new OpenSearchCells(openSearch.httpUri(), "aigw-hour-cells");
      OpenSearchCells dayIndices = new OpenSearchCells(openSearch.httpUri(), "aigw-day-cells");
      Await.until(
          Duration.ofSeconds(60),
          "hour and day cells in OpenSearch",
          () -> hourIndices.all().size() == hours.size() && dayIndices.all().size() == days.size());
      assertThat(byKey(hourIndices.all())).isEqualTo(hours);
      assertThat(byKey(dayIndices.all())).isEqualTo(days);
    }
  }

  @Test
  void withSkyWalkingPercentilesEveryHourAndDayCellIsExact() throws Exception {
    AnalysisConfig config =
        AnalysisConfig.builder().percentileMethod(PercentileMethod.SKYWALKING).build();
    Map<CellResolution, List<MinuteCell>> cells = run(config, null);
    for (CellResolution resolution : CellResolution.values()) {
      Map<String, ExpectedCell> expected = expected(resolution);
      assertMatches(cells.get(resolution), expected, PercentileMethod.SKYWALKING);
      assertPercentilesOfTheMergedBuckets(
          cells.get(resolution), expected, PercentileMethod.SKYWALKING);
    }
  }

  /**
   * Lateness made exact: partials with watermarks right behind each of them (one subtask, so every
   * operator sees the same order). A late partial re-fires its minute after its hour and day have
   * fired; both are rewritten with it. A partial beyond the allowed lateness changes no minute, so
   * neither its hour nor its day.
   */
  @Test
  void aLateMinuteRewritesItsHourAndDayATooLateOneNone() throws Exception {
    long h = MIDNIGHT / 1_000_000;
    List<LeafAggregate> partials =
        List.of(
            partial(h - 30 * 60_000, 1, 0, 0, 0), // 23:30
            partial(h - 10_000, 0, 1, 0, 0), // 23:59:50
            partial(h + 50_000, 0, 0, 1, 0), // 00:00:50: minute, hour and day of 23:59 fire
            partial(h - 5_000, 0, 0, 0, 1), // 23:59:55, late by 55 s: within the lateness
            partial(h + 5 * 60_000, 1, 0, 0, 0), // 00:05: 23:59 is past its lateness
            partial(h - 20_000, 0, 0, 5, 0)); // 23:59:40, too late: dropped
    AnalysisConfig config =
        AnalysisConfig.builder()
            .allowedLateness(Duration.ofMinutes(1))
            .percentileMethod(PercentileMethod.SKYWALKING)
            .build();
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    DataStream<LeafAggregate> in =
        env.fromData(partials, TypeInformation.of(LeafAggregate.class))
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<LeafAggregate>forGenerator(ctx -> new RightBehind())
                    .withTimestampAssigner((partial, previous) -> partial.eventTimeMs()));
    SingleOutputStreamOperator<MinuteCell> minutes =
        GenAiMetricsPipeline.cells(config, JobClock.SYSTEM, in);
    RollUpPipeline.RollUps rollUps = RollUpPipeline.build(minutes, config);
    List<Tuple2<String, MinuteCell>> emitted = new ArrayList<>();
    try (CloseableIterator<Tuple2<String, MinuteCell>> it =
        tagged(minutes, CellResolution.MINUTE)
            .union(
                tagged(rollUps.hours(), CellResolution.HOUR),
                tagged(rollUps.days(), CellResolution.DAY))
            .executeAndCollect("late-minute-it")) {
      it.forEachRemaining(emitted::add);
    }
    List<Tuple2<String, Long>> requests =
        emitted.stream()
            .filter(t -> t.f1.scope == SCOPE && t.f1.dimension == DIM)
            .map(
                t ->
                    Tuple2.of(t.f0 + "@" + Instant.ofEpochMilli(t.f1.windowStartMs), t.f1.requests))
            .toList();
    // in each resolution's emission order: 23:59, its hour and its day fire on time, then again
    // with the late partial
    assertThat(requests)
        .filteredOn(t -> t.f0.startsWith("MINUTE@2025-12-31T23:59"))
        .extracting(t -> t.f1)
        .containsExactly(1L, 2L);
    assertThat(requests)
        .filteredOn(t -> t.f0.startsWith("HOUR@2025-12-31T23:00"))
        .extracting(t -> t.f1)
        .containsExactly(2L, 3L);
    assertThat(requests)
        .filteredOn(t -> t.f0.startsWith("DAY@2025-12-31"))
        .extracting(t -> t.f1)
        .containsExactly(2L, 3L);
    Map<String, MinuteCell> last = new java.util.LinkedHashMap<>();
    emitted.forEach(t -> last.put(t.f0 + "|" + t.f1.cellKey(), t.f1));
    MinuteCell hour23 =
        last.get("HOUR|" + MinuteCell.cellKey(h - 3_600_000, SCOPE, DIM, "svc", "", "", ""));
    MinuteCell day31 =
        last.get("DAY|" + MinuteCell.cellKey(h - 86_400_000, SCOPE, DIM, "svc", "", "", ""));
    MinuteCell hour0 = last.get("HOUR|" + MinuteCell.cellKey(h, SCOPE, DIM, "svc", "", "", ""));
    MinuteCell day1 = last.get("DAY|" + MinuteCell.cellKey(h, SCOPE, DIM, "svc", "", "", ""));
    // 23:30 (≤1 s), 23:59:50 (1–2 s), 23:59:55 (>4 s); not the too-late five of 2–4 s
    for (MinuteCell c : List.of(hour23, day31)) {
      assertThat(c.requests).isEqualTo(3);
      assertThat(c.latencySumMs).isEqualTo((0.5 + 1.5 + 5) * 1000);
      assertThat(c.latencyAvgMs).isEqualTo((0.5 + 1.5 + 5) / 3 * 1000);
      // SkyWalking: rank 2 of 3 is in (1, 2], rank 3 in the open last bucket (its lower bound)
      assertThat(c.latencyP50Ms).isEqualTo(2000.0);
      assertThat(c.latencyP99Ms).isEqualTo(4000.0);
    }
    for (MinuteCell c : List.of(hour0, day1)) {
      assertThat(c.requests).isEqualTo(2);
      assertThat(c.latencySumMs).isEqualTo((3 + 0.5) * 1000);
    }
  }

  private static final dev.aigw.insight.schema.cell.Scope SCOPE =
      dev.aigw.insight.schema.cell.Scope.SERVICE;
  private static final dev.aigw.insight.schema.cell.Dimension DIM =
      dev.aigw.insight.schema.cell.Dimension.ALL;

  /** One request-duration partial of service svc, instance i1, at {@code timeMs}. */
  private static LeafAggregate partial(long timeMs, long... counts) {
    return Points.partial(Points.delta("s", timeMs * 1_000_000 - S, timeMs * 1_000_000, counts));
  }

  /** Watermarks right behind the newest partial, emitted with each partial. */
  private static final class RightBehind implements WatermarkGenerator<LeafAggregate> {
    private long max = Long.MIN_VALUE;

    @Override
    public void onEvent(LeafAggregate event, long timestamp, WatermarkOutput output) {
      max = Math.max(max, timestamp);
      output.emitWatermark(new Watermark(max - 1));
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {}
  }

  // ---------------------------------------------------------------------------------------------

  private static Map<String, ExpectedCell> expected(CellResolution resolution) {
    return Expectation.of(PRICES).add(traffic.a, traffic.b).per(resolution.periodMs()).cells();
  }

  private static List<Long> starts(List<MinuteCell> cells) {
    return cells.stream().map(c -> c.windowStartMs).distinct().toList();
  }

  /**
   * Every percentile of every cell is the one of the cell's samples merged directly into bucket
   * counts (with their min and max), never an average of shorter cells' percentiles.
   */
  static void assertPercentilesOfTheMergedBuckets(
      List<MinuteCell> actual, Map<String, ExpectedCell> expected, PercentileMethod method) {
    Map<String, MinuteCell> got = byKey(actual);
    for (Map.Entry<String, ExpectedCell> e : expected.entrySet()) {
      MinuteCell c = got.get(e.getKey());
      ExpectedCell x = e.getValue();
      assertDirect(
          e.getKey() + " latency",
          x.latencySeconds,
          GatewaySimulator.DURATION_BOUNDS,
          method,
          c.latencyP50Ms,
          c.latencyP75Ms,
          c.latencyP90Ms,
          c.latencyP95Ms,
          c.latencyP99Ms);
      assertDirect(
          e.getKey() + " ttft",
          x.ttftSeconds,
          GatewaySimulator.TTFT_BOUNDS,
          method,
          c.ttftP50Ms,
          c.ttftP75Ms,
          c.ttftP90Ms,
          c.ttftP95Ms,
          c.ttftP99Ms);
      assertDirect(
          e.getKey() + " tpot",
          x.tpotSeconds,
          GatewaySimulator.TPOT_BOUNDS,
          method,
          c.tpotP50Ms,
          c.tpotP75Ms,
          c.tpotP90Ms,
          c.tpotP95Ms,
          c.tpotP99Ms);
    }
  }

  private static void assertDirect(
      String what,
      List<Double> samples,
      List<Double> boundList,
      PercentileMethod method,
      double... actualMs) {
    double[] bounds = boundList.stream().mapToDouble(Double::doubleValue).toArray();
    long[] counts = new long[bounds.length + 1];
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    for (double v : samples) {
      int i = 0;
      while (i < bounds.length && v > bounds[i]) {
        i++;
      }
      counts[i]++;
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
    }
    HistogramAccumulator direct = new HistogramAccumulator();
    direct.add(bounds, counts, sum, samples.size(), min, max);
    for (int i = 0; i < PS.length; i++) {
      assertThat(actualMs[i])
          .as("%s P%s of the directly merged buckets", what, PS[i])
          .isCloseTo(Percentiles.of(direct, PS[i], method) * 1000.0, within(1e-9));
    }
  }

  /** The cells of a resolution's measures in BanyanDB; none while the sink has not created them. */
  private static List<MinuteCell> stored(
      BanyanDbStandIn standIn, String group, CellResolution resolution) {
    Instant from = Instant.ofEpochSecond(START / S - 86_400);
    Instant to = Instant.ofEpochSecond(END / S + 86_400);
    try (BanyanDbQueryClient connection = BanyanDbQueryClient.open(standIn.target())) {
      return StoredCells.read(connection.client(), group, resolution, from, to);
    } catch (Exception e) {
      return List.of();
    }
  }

  /** Where the sinks write, or null for no sinks. */
  private record Stores(String banyanDbTarget, java.net.URI openSearch) {}

  /**
   * Decoder, the job's analysis and its roll-ups over the exports on the MiniCluster; every minute,
   * hour and day cell as emitted, the last emission of each cell kept (the stores keep the last
   * write of a cell key).
   */
  private static Map<CellResolution, List<MinuteCell>> run(AnalysisConfig config, Stores stores)
      throws Exception {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(50));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    List<byte[]> payloads = new ArrayList<>();
    for (ExportMetricsServiceRequest r : traffic.exports) {
      payloads.add(r.toByteArray());
    }
    SingleOutputStreamOperator<MinuteCell> minutes =
        GenAiMetricsPipeline.build(
            env.fromData(payloads)
                .flatMap(new DecodingFlatMap(ResourcePointsDecoder.create(config, RECEIVER_CLOCK)))
                .setParallelism(1)
                .name("decode"),
            config);
    RollUpPipeline.RollUps rollUps = RollUpPipeline.build(minutes, config);
    if (stores != null) {
      sink(rollUps.hours(), CellResolution.HOUR, stores);
      sink(rollUps.days(), CellResolution.DAY, stores);
    }
    DataStream<Tuple2<String, MinuteCell>> all =
        tagged(minutes, CellResolution.MINUTE)
            .union(
                tagged(rollUps.hours(), CellResolution.HOUR),
                tagged(rollUps.days(), CellResolution.DAY));
    Map<CellResolution, Map<String, MinuteCell>> last = new EnumMap<>(CellResolution.class);
    for (CellResolution r : CellResolution.values()) {
      last.put(r, new java.util.TreeMap<>());
    }
    try (CloseableIterator<Tuple2<String, MinuteCell>> it = all.executeAndCollect("hour-day-it")) {
      it.forEachRemaining(t -> last.get(CellResolution.valueOf(t.f0)).put(t.f1.cellKey(), t.f1));
    }
    Map<CellResolution, List<MinuteCell>> out = new EnumMap<>(CellResolution.class);
    last.forEach((r, cells) -> out.put(r, new ArrayList<>(cells.values())));
    return out;
  }

  private static DataStream<Tuple2<String, MinuteCell>> tagged(
      DataStream<MinuteCell> cells, CellResolution resolution) {
    String name = resolution.name();
    return cells
        .map(c -> Tuple2.of(name, c))
        .returns(Types.TUPLE(Types.STRING, TypeInformation.of(MinuteCell.class)));
  }

  private static void sink(DataStream<MinuteCell> cells, CellResolution resolution, Stores stores) {
    BothCellStores.sink(
        cells,
        CellFamily.GATEWAY,
        resolution,
        resolution.defaultIndexPrefix(),
        new Configuration(),
        stores.banyanDbTarget(),
        stores.openSearch());
  }
}
