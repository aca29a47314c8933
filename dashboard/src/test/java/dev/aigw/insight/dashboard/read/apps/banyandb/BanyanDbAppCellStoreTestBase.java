package dev.aigw.insight.dashboard.read.apps.banyandb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.dashboard.read.StoreUnavailableException;
import dev.aigw.insight.dashboard.read.apps.AppCellQuery;
import dev.aigw.insight.dashboard.read.apps.AppFields;
import dev.aigw.insight.dashboard.read.apps.AppSteps;
import dev.aigw.insight.dashboard.read.apps.AppTotals;
import dev.aigw.insight.job.emit.banyandb.AppCellEmitter;
import dev.aigw.insight.job.emit.banyandb.GenAiMeasures;
import dev.aigw.insight.job.emit.banyandb.GenAiStorageOptions;
import dev.aigw.insight.schema.app.AppCell;
import dev.aigw.insight.schema.app.AppCellField;
import dev.aigw.insight.schema.app.AppDimension;
import dev.aigw.insight.sink.banyandb.BanyanDbSink;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Application cells written by the job's own emitter, schema and sink are read back through {@link
 * BanyanDbAppCellStore}: range totals per group and per-step series with every value exact (sums in
 * 64-bit integers, percentiles at their highest). Subclasses give the BanyanDB: the in-process
 * stand-in, or a real server at {@code BANYANDB_TARGETS}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BanyanDbAppCellStoreTestBase {
  static final long MIN = 60_000;

  /** Half an hour ago: within a real server's retention of the minute group. */
  static final long T0 = System.currentTimeMillis() / MIN * MIN - 30 * MIN;

  private final List<AppCell> written = new ArrayList<>();
  private BanyanDbAppCellStore store;
  private String group;

  /** Starts the BanyanDB to write to and returns its gRPC target. */
  protected abstract String startBanyanDb() throws Exception;

  /** A group name not used before on that BanyanDB, with the given prefix. */
  protected abstract String newGroup(String prefix);

  /** Stops what {@link #startBanyanDb()} started. */
  protected void stopBanyanDb() throws Exception {}

  @BeforeAll
  void writeWithTheJobsEmitter() throws Exception {
    String target = startBanyanDb();
    group = newGroup("genai_minute");
    int seed = 1;
    for (Object[] c :
        new Object[][] {
          {AppDimension.APPLICATION_MODEL, "shop", "openai", "gpt-4o", T0},
          {AppDimension.APPLICATION_MODEL, "shop", "openai", "gpt-4o", T0 + MIN},
          {AppDimension.APPLICATION_MODEL, "shop", "anthropic", "claude-sonnet-4-5", T0},
          {AppDimension.APPLICATION_MODEL, "legacy", "openai", "gpt-4o", T0},
          {AppDimension.APPLICATION_MODEL, "<img src=x>", "openai", "<b>m</b>", T0 + 2 * MIN},
          {AppDimension.PROVIDER, "", "openai", "", T0},
          {AppDimension.PROVIDER, "", "openai", "", T0 + MIN},
          {AppDimension.PROVIDER, "", "anthropic", "", T0},
          {AppDimension.PROVIDER_MODEL, "", "openai", "gpt-4o", T0},
          {AppDimension.PROVIDER_MODEL, "", "anthropic", "claude-sonnet-4-5", T0},
        }) {
      written.add(
          cell(
              (AppDimension) c[0],
              (String) c[1],
              (String) c[2],
              (String) c[3],
              (long) c[4],
              seed++));
    }
    Configuration storage = new Configuration();
    storage.set(GenAiStorageOptions.MINUTE_GROUP, group);
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    env.fromData(TypeInformation.of(AppCell.class), written.toArray(new AppCell[0]))
        .sinkTo(
            BanyanDbSink.<AppCell>builder()
                .setTargets(target)
                .setSchema(GenAiMeasures.schema(storage))
                .setEmitter(new AppCellEmitter(group))
                .build())
        .name("app-cells")
        .uid("app-cells");
    env.execute("write-app-cells");
    store = BanyanDbAppCellStore.open(target, group);
  }

  @AfterAll
  void close() throws Exception {
    if (store != null) {
      store.close();
    }
    stopBanyanDb();
  }

  /** A cell with distinct values derived from {@code seed} (a large cost: exact 64-bit sums). */
  private static AppCell cell(
      AppDimension dimension, String app, String provider, String model, long minute, int seed) {
    AppCell c = AppCell.at(minute, dimension, app, provider, model);
    c.calls = 10L * seed;
    c.errors = seed;
    c.successRate = 0.9;
    c.latencySumMs = 1000L * seed + 7;
    c.latencyAvgMs = c.latencySumMs / (double) c.calls;
    c.latencyP50Ms = 100.5 * seed;
    c.latencyP75Ms = 200.25 * seed;
    c.latencyP90Ms = 300.125 * seed;
    c.latencyP95Ms = 400.0625 * seed + (seed % 3 == 0 ? 5000 : 0);
    c.latencyP99Ms = 500.5 * seed;
    c.inputTokens = 1000L * seed;
    c.outputTokens = 100L * seed;
    c.cacheReadTokens = 10L * seed;
    c.cacheCreationTokens = seed;
    c.reasoningTokens = 2L * seed;
    c.costPicos = 9_007_199_254_740_000L + seed; // near 2^53: a sum of two is not a double
    c.estimatedCost = c.costPicos / 1e12;
    c.cacheSavingsPicos = 3L * seed;
    c.unpricedTokens = seed % 2;
    c.ttftCount = seed % 2 == 0 ? 0 : seed;
    c.ttftSumMs = c.ttftCount * 50L;
    c.ttftAvgMs = c.ttftCount == 0 ? 0 : 50;
    c.ttftP50Ms = c.ttftCount == 0 ? 0 : 40.5 * seed;
    c.ttftP75Ms = c.ttftCount == 0 ? 0 : 45.5 * seed;
    c.ttftP90Ms = c.ttftCount == 0 ? 0 : 48.5 * seed;
    c.ttftP95Ms = c.ttftCount == 0 ? 0 : 49.5 * seed;
    c.ttftP99Ms = c.ttftCount == 0 ? 0 : 50.5 * seed;
    c.streamingCalls = seed;
    c.streamingShare = seed / (double) c.calls;
    return c;
  }

  private List<AppCell> written(AppDimension dimension, Predicate<AppCell> which) {
    return written.stream().filter(c -> c.dimension == dimension).filter(which).toList();
  }

  private static void assertTotals(AppTotals t, List<AppCell> cells) {
    assertThat(cells).isNotEmpty();
    for (AppCellField f : AppFields.ADDITIVE) {
      long sum = 0;
      for (AppCell c : cells) {
        sum = Math.addExact(sum, f.value(c).longValue());
      }
      assertThat(t.sum(f)).as(f.storeName()).isEqualTo(sum);
    }
    for (AppCellField f : AppFields.PERCENTILES) {
      double max = cells.stream().mapToDouble(c -> f.value(c).doubleValue()).max().orElseThrow();
      assertThat(t.highest(f)).as(f.storeName()).isEqualTo(max);
    }
    assertThat(t.minutes())
        .isEqualTo(cells.stream().mapToLong(c -> c.windowStartMs).distinct().count());
  }

  @Test
  void applicationsTotalsGroupByApplicationMostCallsFirst() {
    AppCellQuery q = AppCellQuery.of(AppDimension.APPLICATION_MODEL, T0 - 5 * MIN, T0 + 5 * MIN);
    List<AppTotals> totals = store.totals(q, List.of("application"), 10);
    assertThat(totals.stream().map(AppTotals::group))
        .containsExactly("shop", "<img src=x>", "legacy");
    for (AppTotals t : totals) {
      assertTotals(
          t, written(AppDimension.APPLICATION_MODEL, c -> c.application.equals(t.group())));
    }
    assertThat(store.totals(q, List.of("application"), 1)).hasSize(1);
  }

  @Test
  void anApplicationsModelsAndOneSelectionsTotals() {
    AppCellQuery shop =
        new AppCellQuery(
            AppDimension.APPLICATION_MODEL, T0 - 5 * MIN, T0 + 5 * MIN, "shop", null, null);
    List<AppTotals> models = store.totals(shop, List.of("provider", "model"), 10);
    assertThat(models.stream().map(AppTotals::key))
        .containsExactly(List.of("anthropic", "claude-sonnet-4-5"), List.of("openai", "gpt-4o"));
    assertTotals(
        models.get(1),
        written(
            AppDimension.APPLICATION_MODEL,
            c -> c.application.equals("shop") && c.provider.equals("openai")));

    AppCellQuery openai =
        new AppCellQuery(AppDimension.PROVIDER, T0 - 5 * MIN, T0 + 5 * MIN, null, "openai", null);
    List<AppTotals> one = store.totals(openai, List.of(), 1);
    assertThat(one).hasSize(1);
    assertThat(one.get(0).key()).isEmpty();
    assertTotals(one.get(0), written(AppDimension.PROVIDER, c -> c.provider.equals("openai")));
  }

  @Test
  void stepsSumAndTakeTheHighestPerStep() {
    AppCellQuery shop =
        new AppCellQuery(
            AppDimension.APPLICATION_MODEL, T0 - 2 * MIN, T0 + 3 * MIN, "shop", null, null);
    AppSteps minutes = store.steps(shop, MIN);
    List<AppCell> atT0 =
        written(
            AppDimension.APPLICATION_MODEL,
            c -> c.application.equals("shop") && c.windowStartMs == T0);
    assertThat(minutes.of(AppCellField.CALLS)).hasSize(5);
    assertThat(minutes.of(AppCellField.CALLS)[0]).isNull();
    assertThat(minutes.of(AppCellField.CALLS)[2])
        .isEqualTo(atT0.stream().mapToLong(c -> c.calls).sum());
    assertThat(minutes.of(AppCellField.COST_PICOS)[2])
        .isEqualTo(Math.addExact(atT0.get(0).costPicos, atT0.get(1).costPicos));
    assertThat(minutes.of(AppCellField.LATENCY_P95_MS)[2])
        .isEqualTo(atT0.stream().mapToDouble(c -> c.latencyP95Ms).max().orElseThrow());
    assertThat(minutes.of(AppCellField.CALLS)[4]).isNull();

    // steps of two minutes from T0 - 2 min: [T0-2, T0), [T0, T0+2), [T0+2, T0+3)
    AppSteps twos = store.steps(shop, 2 * MIN);
    assertThat(twos.of(AppCellField.CALLS)).hasSize(3);
    List<AppCell> step = written(AppDimension.APPLICATION_MODEL, c -> c.application.equals("shop"));
    assertThat(twos.of(AppCellField.CALLS)[1])
        .isEqualTo(step.stream().mapToLong(c -> c.calls).sum());
    assertThat(twos.of(AppCellField.TTFT_SUM_MS)[1])
        .isEqualTo(step.stream().mapToLong(c -> c.ttftSumMs).sum());
    assertThat(twos.of(AppCellField.LATENCY_P99_MS)[1])
        .isEqualTo(step.stream().mapToDouble(c -> c.latencyP99Ms).max().orElseThrow());
    assertThat(twos.of(AppCellField.CALLS)[0]).isNull();
    assertThat(twos.of(AppCellField.CALLS)[2]).isNull();
  }

  @Test
  void aGroupTheJobHasNotCreatedReadsEmpty() {
    try (BanyanDbAppCellStore other =
        BanyanDbAppCellStore.open(targetOf(store), newGroup("no_such_group"))) {
      AppCellQuery q = AppCellQuery.of(AppDimension.PROVIDER, T0 - MIN, T0 + MIN);
      assertThat(other.totals(q, List.of("provider"), 10)).isEmpty();
      assertThat(other.steps(q, MIN).of(AppCellField.CALLS)).containsOnlyNulls();
    }
  }

  @Test
  void aStoreThatCannotBeReachedSaysSo() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (BanyanDbAppCellStore down = BanyanDbAppCellStore.open("127.0.0.1:" + port, group)) {
      AppCellQuery q = AppCellQuery.of(AppDimension.PROVIDER, T0 - MIN, T0 + MIN);
      assertThatThrownBy(() -> down.totals(q, List.of("provider"), 10))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("cannot be reached");
    }
  }

  private static String targetOf(BanyanDbAppCellStore store) {
    String s = store.toString();
    return s.substring(s.indexOf(" at ") + 4, s.indexOf(" group "));
  }
}
