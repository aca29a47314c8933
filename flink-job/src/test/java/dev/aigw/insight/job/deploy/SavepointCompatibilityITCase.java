package dev.aigw.insight.job.deploy;

import static dev.aigw.insight.job.testing.CellAssertions.assertMatches;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.GenAiInsightJob;
import dev.aigw.insight.job.aggregate.GenAiMetricsPipeline;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.temporality.IncarnationState;
import dev.aigw.insight.job.temporality.ResourceSeries;
import dev.aigw.insight.job.temporality.SeriesState;
import dev.aigw.insight.job.testing.Expectation;
import dev.aigw.insight.job.testing.ExpectedCell;
import dev.aigw.insight.job.testing.GatewaySimulator;
import dev.aigw.insight.job.testing.OpenSearchCells;
import dev.aigw.insight.job.testing.SimulatedRequest;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import dev.aigw.insight.source.otlp.testing.FreePort;
import dev.aigw.insight.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * State compatibility: a savepoint of each released state layout is kept under {@value #STORED},
 * and the current code must restore it and carry on where it stopped. A change that breaks the
 * state (a changed uid, an incompatible state type) fails here before it fails a user's upgrade.
 *
 * <p>Each savepoint holds the state after three exports of a CUMULATIVE gateway at fixed event
 * times (minutes 0–2 of 2026-01-01): the per-series totals, the gateway incarnation, and the open
 * window of minute 2. The test continues the same series; the cells must hold exact deltas, and the
 * minute that spans the savepoint must hold the stored part as well.
 *
 * <ul>
 *   <li>{@value #PREVIOUS}: per-series state layout of 0.1.0. Its cumulative state is taken over by
 *       the temporality operator; its DELTA duplicate history (operator {@value
 *       GenAiMetricsPipeline#UID_LEGACY_DELTA_DEDUP}) has no place in the new program, so the
 *       upgrade runs with non-restored state allowed (docs/operations.md).
 *   <li>{@value #CURRENT}: the current layout, restored as is.
 * </ul>
 *
 * <p>To refresh the current stored savepoint after an intended state change (see
 * docs/operations.md, "Changing state safely"): {@code mvn -B -o -pl flink-job -am verify
 * -Dit.test=SavepointCompatibilityITCase -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dsavepoint.regenerate=true}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SavepointCompatibilityITCase {

  /** The folder of the stored savepoints, one per state layout (relative to the module). */
  static final String STORED = "src/test/resources/savepoints";

  /** The state layout of 0.1.0: state per series. */
  static final String PREVIOUS = "0.1.0";

  /** The current state layout: state per resource. */
  static final String CURRENT = "0.2.0";

  private static final long M_NANOS =
      Instant.parse("2026-01-01T00:00:00Z").toEpochMilli() * 1_000_000L;
  private static final long S = 1_000_000_000L;

  /**
   * The job's clock: it starts just after the traffic (which ends before M + 5 min) and advances in
   * real time, for the idle watermark advance.
   */
  private static JobClock jobClock() {
    return JobClock.startingAt(M_NANOS / 1_000_000 + 5 * 60_000);
  }

  /** How far the clock of the running restore test ({@link #skippingClock}) has skipped ahead. */
  private static volatile long clockJumpMs;

  /** {@link #jobClock()} plus {@link #clockJumpMs}, which a test sets to let event time pass. */
  private static JobClock skippingClock() {
    JobClock base = jobClock();
    clockJumpMs = 0;
    return () -> base.nowMs() + clockJumpMs;
  }

  /**
   * Closes minute 3 at once. The last export (second 245) brings nothing new, so no point moves the
   * watermark past the minute; only the idle watermark does, which follows the clock from the last
   * point (second 200) and would take about 50 s of real time. A clock one minute ahead makes the
   * same idle advance immediate (and stays before the end of minute 4).
   */
  private static void skipToAfterMinuteThree() {
    clockJumpMs = 60_000;
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .build());

  private static EmbeddedOpenSearch openSearch;

  @BeforeAll
  static void startOpenSearch() throws IOException {
    openSearch = EmbeddedOpenSearch.builder().httpPort(0).start();
  }

  @AfterAll
  static void stopOpenSearch() throws IOException {
    if (openSearch != null) {
      openSearch.close();
    }
  }

  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {PREVIOUS, CURRENT})
  void storedSavepointRestoresAndItsCumulativeSeriesContinueAsDeltas(String version)
      throws Exception {
    int port = FreePort.range(1);
    Configuration conf = jobConfiguration(port, "restored-cells-" + version.replace('.', '-'));
    conf.set(StateRecoveryOptions.SAVEPOINT_PATH, storedSavepoint(version).toUri().toString());
    // only the 0.1.0 layout leaves state behind: its DELTA duplicate history (class comment)
    conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, version.equals(PREVIOUS));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    GenAiInsightJob.build(env, conf, skippingClock());
    JobClient job = env.executeAsync("savepoint-compatibility");
    OpenSearchCells store =
        new OpenSearchCells(openSearch.httpUri(), "restored-cells-" + version.replace('.', '-'));
    try (GatewaySimulator gw = gateway(port)) {
      awaitPort(port);
      // A fresh SDK instance of the same gateway process: it records what the stored run already
      // exported (those cumulative totals are in the savepoint) and continues the series.
      storedTraffic(gw);
      continuedTraffic(gw);
      gw.exportAt(M_NANOS + 160 * S);
      gw.exportAt(M_NANOS + 200 * S);
      gw.exportAt(M_NANOS + 245 * S); // nothing new
      skipToAfterMinuteThree();

      // Expected: minutes 2 and 3 with every value recorded from minute 2 on, i.e. the stored
      // part of minute 2 (in the savepoint's window state) plus the continued traffic, priced.
      Map<String, ExpectedCell> expected =
          Expectation.of(PriceTable.loadDefault())
              .only(e -> e.timeNanos >= M_NANOS + 120 * S)
              .add(gw)
              .cells();
      // on timeout, the comparison below names the missing or wrong cells
      Await.upTo(TIMEOUT, () -> store.all().size() >= expected.size());
      List<MinuteCell> cells = store.all();
      assertMatches(cells, expected, PercentileMethod.INTERPOLATED);
      // spelled out: gpt-4o's minute 2 = stored 2000 + continued delta 600 (not its total 5000)
      MinuteCell gpt4o =
          cells.stream()
              .filter(c -> c.windowStartMs == (M_NANOS + 120 * S) / 1_000_000)
              .filter(c -> c.scope == Scope.SERVICE && c.dimension == Dimension.MODEL)
              .filter(c -> c.model.equals("gpt-4o"))
              .findFirst()
              .orElseThrow();
      assertThat(gpt4o.inputTokens).isEqualTo(2600);
      assertThat(gpt4o.requests).isEqualTo(2);
    } finally {
      cancel(job);
    }
  }

  /**
   * Turning attribution on is an upgrade, not a restart: the stored state restores into a job with
   * attribution (its operators are new and start empty), the minute cells are the same as without
   * it, and the attribution cells hold what arrived after the restore, under {@code none} (the
   * traffic carries no team).
   */
  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {PREVIOUS, CURRENT})
  void storedSavepointRestoresIntoAJobWithAttribution(String version) throws Exception {
    int port = FreePort.range(1);
    // index patterns must not overlap: each sink installs a template for its own prefix
    String layout = version.replace('.', '-');
    Configuration conf = jobConfiguration(port, "upgraded-cells-" + layout);
    conf.setString("attribution.attributes", "team.id");
    conf.setString("attribution.index-prefix", "upgraded-by-team-" + layout);
    conf.set(StateRecoveryOptions.SAVEPOINT_PATH, storedSavepoint(version).toUri().toString());
    conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, version.equals(PREVIOUS));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    GenAiInsightJob.build(env, conf, skippingClock());
    JobClient job = env.executeAsync("savepoint-compatibility-attribution");
    OpenSearchCells store = new OpenSearchCells(openSearch.httpUri(), "upgraded-cells-" + layout);
    OpenSearchCells byTeam =
        new OpenSearchCells(openSearch.httpUri(), "upgraded-by-team-" + layout);
    try (GatewaySimulator gw = gateway(port)) {
      awaitPort(port);
      storedTraffic(gw);
      continuedTraffic(gw);
      gw.exportAt(M_NANOS + 160 * S);
      gw.exportAt(M_NANOS + 200 * S);
      gw.exportAt(M_NANOS + 245 * S);
      skipToAfterMinuteThree();

      Map<String, ExpectedCell> expected =
          Expectation.of(PriceTable.loadDefault())
              .only(e -> e.timeNanos >= M_NANOS + 120 * S)
              .add(gw)
              .cells();
      Await.upTo(TIMEOUT, () -> store.all().size() >= expected.size());
      assertMatches(store.all(), expected, PercentileMethod.INTERPOLATED);

      // attribution: the service's cells of the traffic after the restore (from second 135)
      Map<String, ExpectedCell> afterRestore = new java.util.LinkedHashMap<>();
      Expectation.of(PriceTable.loadDefault())
          .only(e -> e.timeNanos >= M_NANOS + 130 * S)
          .add(gw)
          .cells()
          .forEach(
              (k, c) -> {
                if (c.cell.scope == Scope.SERVICE && c.cell.dimension != Dimension.PROVIDER) {
                  afterRestore.put(k, c);
                }
              });
      Await.upTo(TIMEOUT, () -> byTeam.attributionCells().size() >= afterRestore.size());
      List<dev.aigw.insight.schema.attribution.AttributionCell> attributed =
          byTeam.attributionCells();
      assertThat(attributed)
          .allSatisfy(
              a -> {
                assertThat(a.attribute).isEqualTo("team.id");
                assertThat(a.value).isEqualTo("none");
              });
      assertMatches(
          attributed.stream().map(a -> a.cell).toList(),
          afterRestore,
          PercentileMethod.INTERPOLATED);
    } finally {
      cancel(job);
    }
  }

  /**
   * The hour and day roll-ups (on by default) are new operators: the stored state restores into a
   * job with them, the minute cells carry on exactly, and the hour and day cells hold every minute
   * emitted after the restore (the minute of the savepoint's open window included); the minutes
   * emitted before the savepoint never reached a roll-up. The clock then jumps past the hour, so
   * the idle watermark closes it.
   */
  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {PREVIOUS, CURRENT})
  void storedSavepointRestoresIntoAJobWithHourAndDayCells(String version) throws Exception {
    int port = FreePort.range(1);
    String layout = version.replace('.', '-');
    Configuration conf = jobConfiguration(port, "rollup-cells-" + layout);
    conf.setString("cells.hour.index-prefix", "rollup-hours-" + layout);
    conf.setString("cells.day.index-prefix", "rollup-days-" + layout);
    conf.set(StateRecoveryOptions.SAVEPOINT_PATH, storedSavepoint(version).toUri().toString());
    conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, version.equals(PREVIOUS));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    GenAiInsightJob.build(env, conf, skippingClock());
    JobClient job = env.executeAsync("savepoint-compatibility-rollups");
    OpenSearchCells minutes = new OpenSearchCells(openSearch.httpUri(), "rollup-cells-" + layout);
    OpenSearchCells hours = new OpenSearchCells(openSearch.httpUri(), "rollup-hours-" + layout);
    OpenSearchCells days = new OpenSearchCells(openSearch.httpUri(), "rollup-days-" + layout);
    try (GatewaySimulator gw = gateway(port)) {
      awaitPort(port);
      storedTraffic(gw);
      continuedTraffic(gw);
      gw.exportAt(M_NANOS + 160 * S);
      gw.exportAt(M_NANOS + 200 * S);
      gw.exportAt(M_NANOS + 245 * S);
      skipToAfterMinuteThree();
      Expectation afterRestore =
          Expectation.of(PriceTable.loadDefault())
              .only(e -> e.timeNanos >= M_NANOS + 120 * S)
              .add(gw);
      Map<String, ExpectedCell> expectedMinutes = afterRestore.cells();
      Await.upTo(TIMEOUT, () -> minutes.all().size() >= expectedMinutes.size());
      assertMatches(minutes.all(), expectedMinutes, PercentileMethod.INTERPOLATED);

      clockJumpMs = 25 * 3_600_000L; // a day passes without traffic: the hour and day close
      Map<String, ExpectedCell> expectedHours = afterRestore.per(3_600_000).cells();
      Await.upTo(TIMEOUT, () -> hours.all().size() >= expectedHours.size());
      assertMatches(hours.all(), expectedHours, PercentileMethod.INTERPOLATED);
      Map<String, ExpectedCell> expectedDays = afterRestore.per(86_400_000).cells();
      Await.upTo(TIMEOUT, () -> days.all().size() >= expectedDays.size());
      assertMatches(days.all(), expectedDays, PercentileMethod.INTERPOLATED);
    } finally {
      cancel(job);
      clockJumpMs = 0;
    }
  }

  /**
   * The attribution hour and day roll-ups are new operators too: the stored savepoint (a job
   * without attribution, hence without its roll-ups) restores into a job with attribution and all
   * roll-ups, and the attribution hour and day cells hold exactly the traffic after the restore
   * (under {@code none}: the traffic carries no team), aggregated over the hour and the day.
   */
  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {PREVIOUS, CURRENT})
  void storedSavepointRestoresIntoAJobWithAttributionHourAndDayCells(String version)
      throws Exception {
    int port = FreePort.range(1);
    String layout = version.replace('.', '-');
    Configuration conf = jobConfiguration(port, "attr-rollup-cells-" + layout);
    conf.setString("cells.hour.index-prefix", "attr-rollup-hours-" + layout);
    conf.setString("cells.day.index-prefix", "attr-rollup-days-" + layout);
    conf.setString("attribution.attributes", "team.id");
    conf.setString("attribution.index-prefix", "attr-rollup-by-team-" + layout);
    conf.setString("attribution.hour.index-prefix", "attr-rollup-team-hours-" + layout);
    conf.setString("attribution.day.index-prefix", "attr-rollup-team-days-" + layout);
    conf.set(StateRecoveryOptions.SAVEPOINT_PATH, storedSavepoint(version).toUri().toString());
    conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, version.equals(PREVIOUS));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    GenAiInsightJob.build(env, conf, skippingClock());
    JobClient job = env.executeAsync("savepoint-compatibility-attribution-rollups");
    OpenSearchCells minutes =
        new OpenSearchCells(openSearch.httpUri(), "attr-rollup-cells-" + layout);
    OpenSearchCells hours =
        new OpenSearchCells(openSearch.httpUri(), "attr-rollup-team-hours-" + layout);
    OpenSearchCells days =
        new OpenSearchCells(openSearch.httpUri(), "attr-rollup-team-days-" + layout);
    try (GatewaySimulator gw = gateway(port)) {
      awaitPort(port);
      storedTraffic(gw);
      continuedTraffic(gw);
      gw.exportAt(M_NANOS + 160 * S);
      gw.exportAt(M_NANOS + 200 * S);
      gw.exportAt(M_NANOS + 245 * S);
      skipToAfterMinuteThree();
      Map<String, ExpectedCell> expectedMinutes =
          Expectation.of(PriceTable.loadDefault())
              .only(e -> e.timeNanos >= M_NANOS + 120 * S)
              .add(gw)
              .cells();
      Await.upTo(TIMEOUT, () -> minutes.all().size() >= expectedMinutes.size());
      assertMatches(minutes.all(), expectedMinutes, PercentileMethod.INTERPOLATED);

      clockJumpMs = 25 * 3_600_000L; // a day passes without traffic: the hour and day close
      for (long period : List.of(3_600_000L, 86_400_000L)) {
        OpenSearchCells store = period == 3_600_000L ? hours : days;
        // attribution starts at the restore: the traffic from second 135 on
        Map<String, ExpectedCell> expected = new java.util.LinkedHashMap<>();
        Expectation.of(PriceTable.loadDefault())
            .only(e -> e.timeNanos >= M_NANOS + 130 * S)
            .add(gw)
            .per(period)
            .cells()
            .forEach(
                (k, c) -> {
                  if (c.cell.scope == Scope.SERVICE && c.cell.dimension != Dimension.PROVIDER) {
                    expected.put(k, c);
                  }
                });
        Await.upTo(TIMEOUT, () -> store.attributionCells().size() >= expected.size());
        List<dev.aigw.insight.schema.attribution.AttributionCell> attributed =
            store.attributionCells();
        assertThat(attributed)
            .allSatisfy(
                a -> {
                  assertThat(a.attribute).isEqualTo("team.id");
                  assertThat(a.value).isEqualTo("none");
                });
        assertMatches(
            attributed.stream().map(a -> a.cell).toList(), expected, PercentileMethod.INTERPOLATED);
      }
    } finally {
      cancel(job);
      clockJumpMs = 0;
    }
  }

  /** Cancels the job; if it had failed instead, throws its failure (the cause worth reading). */
  private static void cancel(JobClient job) throws Exception {
    JobStatus status = job.getJobStatus().get(60, TimeUnit.SECONDS);
    if (status == JobStatus.FAILED) {
      job.getJobExecutionResult().get(60, TimeUnit.SECONDS); // throws the job's failure
    }
    job.cancel().get(60, TimeUnit.SECONDS);
  }

  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {PREVIOUS, CURRENT})
  void storedCumulativeStateIsReadableWithTheCurrentStateTypes(String version) throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            GenAiInsightJob.withJobDefaults(new Configuration()));
    SavepointReader savepoint =
        SavepointReader.read(
            env, storedSavepoint(version).toUri().toString(), new EmbeddedRocksDBStateBackend());
    List<String> state = new ArrayList<>();
    try (CloseableIterator<String> it =
        savepoint
            .readKeyedState(
                OperatorIdentifier.forUid(GenAiMetricsPipeline.UID_TEMPORALITY),
                version.equals(PREVIOUS)
                    ? new LegacyCumulativeStateReader()
                    : new CumulativeStateReader())
            .executeAndCollect("read-stored-cumulative-state")) {
      it.forEachRemaining(state::add);
    }
    // one gateway incarnation, first exported at 00:00:15, and its three series (duration, input
    // and output tokens of gpt-4o) with the totals of the four stored requests as of 00:02:10
    assertThat(state)
        .containsExactlyInAnyOrder(
            "incarnation start=" + (M_NANOS + 5 * S) + " firstExport=" + (M_NANOS + 15 * S),
            "series time=" + (M_NANOS + 130 * S) + " count=4 sum=4.75",
            "series time=" + (M_NANOS + 130 * S) + " count=4 sum=4400.0",
            "series time=" + (M_NANOS + 130 * S) + " count=4 sum=1040.0");
  }

  /** Lists the cumulative→delta state of each resource as the current layout keeps it. */
  static final class CumulativeStateReader extends KeyedStateReaderFunction<String, String> {
    private transient ValueState<ResourceSeries> resource;

    @Override
    public void open(OpenContext context) {
      resource =
          getRuntimeContext()
              .getState(
                  new ValueStateDescriptor<>(
                      "resource-series", TypeInformation.of(ResourceSeries.class)));
    }

    @Override
    public void readKey(String key, Context context, Collector<String> out) throws Exception {
      ResourceSeries r = resource.value();
      for (Map.Entry<Long, IncarnationState> e : r.incarnations.entrySet()) {
        out.collect(
            "incarnation start=" + e.getKey() + " firstExport=" + e.getValue().firstExportNanos);
      }
      for (SeriesState s : r.cumulative.values()) {
        out.collect("series time=" + s.timeNanos + " count=" + s.count + " sum=" + s.sum);
      }
    }
  }

  /** The same for 0.1.0's layout (map states per resource), read with the job's state types. */
  static final class LegacyCumulativeStateReader extends KeyedStateReaderFunction<String, String> {
    private transient MapState<String, SeriesState> series;
    private transient MapState<Long, IncarnationState> incarnations;

    @Override
    public void open(OpenContext context) {
      series =
          getRuntimeContext()
              .getMapState(
                  new MapStateDescriptor<>(
                      "series", Types.STRING, TypeInformation.of(SeriesState.class)));
      incarnations =
          getRuntimeContext()
              .getMapState(
                  new MapStateDescriptor<>(
                      "incarnations", Types.LONG, TypeInformation.of(IncarnationState.class)));
    }

    @Override
    public void readKey(String resource, Context context, Collector<String> out) throws Exception {
      for (Map.Entry<Long, IncarnationState> e : incarnations.entries()) {
        out.collect(
            "incarnation start=" + e.getKey() + " firstExport=" + e.getValue().firstExportNanos);
      }
      for (SeriesState s : series.values()) {
        out.collect("series time=" + s.timeNanos + " count=" + s.count + " sum=" + s.sum);
      }
    }
  }

  @Test
  void aRenamedOperatorUidCannotTakeTheStoredState() throws Exception {
    Configuration conf = jobConfiguration(FreePort.range(1), "renamed-uid-cells");
    conf.set(StateRecoveryOptions.SAVEPOINT_PATH, storedSavepoint(CURRENT).toUri().toString());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    GenAiInsightJob.build(env, conf, jobClock());
    // the cumulative→delta operator as a careless refactoring would leave it: same code, new uid
    Transformation<?> cumulative =
        env.getTransformations().stream()
            .flatMap(t -> t.getTransitivePredecessors().stream())
            .filter(t -> GenAiMetricsPipeline.UID_TEMPORALITY.equals(t.getUid()))
            .findFirst()
            .orElseThrow();
    cumulative.setUid(GenAiMetricsPipeline.UID_TEMPORALITY + "-v2");
    // Flink names the orphaned state by the operator id that it derives from the old uid
    String operatorId =
        OperatorIdentifier.forUid(GenAiMetricsPipeline.UID_TEMPORALITY)
            .getOperatorId()
            .toHexString();

    assertThatThrownBy(
            () -> env.executeAsync("renamed-uid").getJobExecutionResult().get(60, TimeUnit.SECONDS))
        .hasStackTraceContaining("Cannot map checkpoint/savepoint state for operator " + operatorId)
        .hasStackTraceContaining("--allowNonRestoredState");
  }

  @Test
  void upgradingFrom010WithoutNonRestoredStateFailsOnlyOnTheRemovedDeltaDedup() throws Exception {
    Configuration conf = jobConfiguration(FreePort.range(1), "strict-upgrade-cells");
    conf.set(StateRecoveryOptions.SAVEPOINT_PATH, storedSavepoint(PREVIOUS).toUri().toString());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    GenAiInsightJob.build(env, conf, jobClock());
    String dedup =
        OperatorIdentifier.forUid(GenAiMetricsPipeline.UID_LEGACY_DELTA_DEDUP)
            .getOperatorId()
            .toHexString();
    assertThatThrownBy(
            () -> env.executeAsync("strict-upgrade").getJobExecutionResult().get(60, SECONDS))
        .hasStackTraceContaining("Cannot map checkpoint/savepoint state for operator " + dedup);
  }

  /**
   * Rewrites {@value #STORED} from a run of the current code. Runs only with {@code
   * -Dsavepoint.regenerate=true}: a normal build must test the stored savepoint, never replace it.
   */
  @Test
  @Order(0) // before the tests that restore what it writes
  @EnabledIfSystemProperty(named = "savepoint.regenerate", matches = "true")
  void regenerateStoredSavepoint() throws Exception {
    int port = FreePort.range(1);
    Configuration conf = jobConfiguration(port, "stored-run-cells");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    GenAiInsightJob.build(env, conf, jobClock());
    JobClient job = env.executeAsync("stored-savepoint");
    Path taken = Files.createTempDirectory("stored-savepoint");
    String savepoint;
    try (GatewaySimulator gw = gateway(port)) {
      awaitPort(port);
      storedTraffic(gw);
      gw.exportAt(M_NANOS + 15 * S);
      gw.exportAt(M_NANOS + 75 * S);
      gw.exportAt(M_NANOS + 130 * S);
      // Minute 1 is closed by the last export's watermark; wait for its six cells (gpt-4o only:
      // service and instance x all, provider, model), so that the savepoint holds the open window
      // of minute 2 only and the restored runs emit minutes 2 and 3.
      OpenSearchCells stored = new OpenSearchCells(openSearch.httpUri(), "stored-run-cells");
      long minute1 = (M_NANOS + 60 * S) / 1_000_000;
      Await.until(
          TIMEOUT,
          "the six cells of minute 1",
          () -> stored.all().stream().filter(c -> c.windowStartMs == minute1).count() == 6);
      // on-checkpoint acknowledgement: every answered export is covered by the savepoint
      savepoint =
          job.stopWithSavepoint(false, taken.toUri().toString(), SavepointFormatType.CANONICAL)
              .get(60, TimeUnit.SECONDS);
    }
    Path target = Path.of(STORED, CURRENT);
    deleteRecursively(target);
    Files.createDirectories(target);
    // a canonical savepoint is self-contained and relocatable: its files can move as a folder
    try (Stream<Path> files = Files.list(Path.of(java.net.URI.create(savepoint)))) {
      for (Path file : files.toList()) {
        Files.copy(file, target.resolve(file.getFileName()));
      }
    }
    deleteRecursively(taken);
    assertThat(target.resolve("_metadata")).isRegularFile();
  }

  /** The job's configuration in both runs: only the index prefix and the port may differ. */
  private static Configuration jobConfiguration(int port, String cellPrefix) throws IOException {
    Map<String, String> options =
        Map.ofEntries(
            Map.entry("cells.store", "OPENSEARCH"),
            Map.entry("cells.index-prefix", cellPrefix),
            Map.entry("logs.index-prefix", cellPrefix + "-logs"),
            Map.entry("opensearch.hosts", "http://127.0.0.1:" + openSearch.httpPort()),
            Map.entry("otlp.receiver.port", String.valueOf(port)),
            Map.entry("otlp.http.enabled", "false"),
            Map.entry("otlp.receiver.bind-address", "127.0.0.1"),
            Map.entry("otlp.receiver.ack-mode", "on-checkpoint"),
            Map.entry("execution.checkpointing.interval", "500 ms"),
            Map.entry("analysis.watermark.out-of-orderness", "1 s"),
            Map.entry("analysis.cumulative.first-point-grace", "30 s"),
            // The state is restored long after it was taken; with the default TTL (processing
            // time) the restored series would rightly be forgotten at once.
            Map.entry("analysis.series.ttl", "3650 d"));
    return GenAiInsightJob.withJobDefaults(Configuration.fromMap(options));
  }

  /** The traffic in the stored savepoint: minutes 0, 1 and the first part of minute 2. */
  private static void storedTraffic(GatewaySimulator gw) {
    gw.submit(request(6, "gpt-4o", 0.5, 1200, 300));
    gw.submit(request(9, "gpt-4o", 1.25, 800, 150));
    gw.submit(request(62, "gpt-4o", 0.75, 400, 90));
    gw.submit(request(121, "gpt-4o", 2.25, 2000, 500));
  }

  /** The continuation: the same series plus a new one of the same gateway incarnation. */
  private static void continuedTraffic(GatewaySimulator gw) {
    gw.submit(request(135, "gpt-4o", 0.25, 600, 120));
    gw.submit(
        SimulatedRequest.at(M_NANOS + 141 * S)
            .provider("anthropic")
            .model("claude-sonnet-4")
            .latency(1.5)
            .tokens(3000, 700));
    gw.submit(request(185, "gpt-4o", 0.5, 100, 20));
    gw.submit(
        SimulatedRequest.at(M_NANOS + 190 * S)
            .provider("anthropic")
            .model("claude-sonnet-4")
            .latency(3.0)
            .failed());
  }

  private static SimulatedRequest request(
      int second, String model, double latencySeconds, long input, long output) {
    return SimulatedRequest.at(M_NANOS + second * S)
        .provider("openai")
        .model(model)
        .latency(latencySeconds)
        .tokens(input, output);
  }

  private static GatewaySimulator gateway(int port) {
    return GatewaySimulator.builder("http://127.0.0.1:" + port)
        .service("gw")
        .instance("pod-a")
        .temporality(Temporality.CUMULATIVE)
        .startedAt(M_NANOS + 5 * S)
        // each export waits for a checkpoint (ack on checkpoint): room for a loaded machine
        .exportTimeout(Duration.ofSeconds(30))
        .build();
  }

  private static Path storedSavepoint(String version) {
    Path stored = Path.of(STORED, version).toAbsolutePath();
    assertThat(stored.resolve("_metadata"))
        .as("stored savepoint (regenerate with -Dsavepoint.regenerate=true)")
        .isRegularFile();
    return stored;
  }

  private static void awaitPort(int port) throws InterruptedException {
    Await.listening(TIMEOUT, "127.0.0.1", port);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.delete(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
