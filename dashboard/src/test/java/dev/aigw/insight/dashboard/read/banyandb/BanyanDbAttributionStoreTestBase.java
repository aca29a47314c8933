package dev.aigw.insight.dashboard.read.banyandb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.dashboard.read.GroupSteps;
import dev.aigw.insight.dashboard.read.RangeTotals;
import dev.aigw.insight.dashboard.read.StoreUnavailableException;
import dev.aigw.insight.dashboard.read.attribution.AttributionQuery;
import dev.aigw.insight.dashboard.read.attribution.AttributionTag;
import dev.aigw.insight.dashboard.read.attribution.BanyanDbAttributionStore;
import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Attribution cells written by the job's own emitter and sink are read back through {@link
 * BanyanDbAttributionStore}: every value exact, the totals of each value summed exactly, the steps
 * folded, the attribute names found. Subclasses give the BanyanDB: the in-process stand-in, or a
 * real server at {@code BANYANDB_TARGETS}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BanyanDbAttributionStoreTestBase {
  static final long T0 = Instant.parse("2026-11-26T17:30:00Z").toEpochMilli();
  static final long MIN = 60_000;

  private final List<AttributionCell> written = new ArrayList<>();
  private BanyanDbAttributionStore store;
  private String target;

  /** Starts the BanyanDB to write to and returns its gRPC target. */
  protected abstract String startBanyanDb() throws Exception;

  /** A group name not used before on that BanyanDB, with the given prefix. */
  protected abstract String newGroup(String prefix);

  /** Stops what {@link #startBanyanDb()} started. */
  protected void stopBanyanDb() throws Exception {}

  @BeforeAll
  void writeWithTheJobsEmitter() throws Exception {
    target = startBanyanDb();
    String group = newGroup("genai_minute");
    int seed = 1;
    for (Object[] c :
        new Object[][] {
          {"team.id", "red", "gw", "", "", T0},
          {"team.id", "red", "gw", "", "", T0 + MIN},
          {"team.id", "blue", "gw", "", "", T0},
          {"team.id", AttributionCell.NONE, "gw", "", "", T0 + MIN},
          {"team.id", "<b>x</b>", "gw", "", "", T0},
          {"team.id", "red", "other-gw", "", "", T0},
          {"team.id", "red", "gw", "", "", T0 - 60 * MIN},
          {"tenant.id", "acme", "gw", "", "", T0},
          {"team.id", "red", "gw", "openai", "gpt-4o", T0},
          {"team.id", "red", "gw", "openai", "gpt-4o", T0 + MIN},
          {"team.id", "blue", "gw", "anthropic", "claude-sonnet", T0},
        }) {
      written.add(
          cell(
              seed++,
              (String) c[0],
              (String) c[1],
              (String) c[2],
              (String) c[3],
              (String) c[4],
              (Long) c[5]));
    }
    JobWrittenBanyanDb.writeAttribution(target, group, "team.id,tenant.id", written);
    store = BanyanDbAttributionStore.open(target, group);
  }

  @AfterAll
  void stop() throws Exception {
    if (store != null) {
      store.close();
    }
    stopBanyanDb();
  }

  @Test
  void everyCellReadsBackWithEveryValueExact() {
    for (Dimension dimension : List.of(Dimension.ALL, Dimension.MODEL)) {
      AttributionQuery query = new AttributionQuery("team.id", dimension, T0, T0 + 10 * MIN, null);
      List<AttributionCell> expected =
          written.stream()
              .filter(a -> a.attribute.equals("team.id") && a.cell.dimension == dimension)
              .filter(a -> a.cell.windowStartMs >= T0)
              .sorted(
                  Comparator.comparingLong((AttributionCell a) -> a.cell.windowStartMs)
                      .thenComparing(a -> a.cell.service)
                      .thenComparing(a -> a.value)
                      .thenComparing(a -> a.cell.provider)
                      .thenComparing(a -> a.cell.model))
              .toList();
      assertThat(store.cells(query)).as("%s", dimension).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void totalsPerValueAreExactSumsOfTheRangesCells() {
    AttributionQuery query = AttributionQuery.of("team.id", T0, T0 + 10 * MIN).withService("gw");
    List<RangeTotals> totals = store.totals(query, List.of(AttributionTag.VALUE), 10);
    // most requests first
    assertThat(totals)
        .extracting(t -> t.integer(CellField.REQUESTS))
        .isSortedAccordingTo(Comparator.reverseOrder());
    assertThat(totals)
        .extracting(RangeTotals::group)
        .containsExactlyInAnyOrder("red", "blue", AttributionCell.NONE, "<b>x</b>");
    for (RangeTotals t : totals) {
      List<MinuteCell> cells =
          written.stream()
              .filter(
                  a ->
                      a.attribute.equals("team.id")
                          && a.value.equals(t.group())
                          && a.cell.service.equals("gw")
                          && a.cell.dimension == Dimension.ALL
                          && a.cell.windowStartMs >= T0)
              .map(a -> a.cell)
              .toList();
      assertThat(t.minutes()).isEqualTo(cells.size());
      for (CellField f : CellField.values()) {
        if (f.isAdditive() && f.type() == CellField.Type.INTEGER) {
          assertThat(t.integer(f))
              .as("%s %s", t.group(), f.storeName())
              .isEqualTo(cells.stream().mapToLong(c -> f.value(c).longValue()).sum());
        } else if (f.isAdditive()) {
          assertThat(t.floating(f))
              .as("%s %s", t.group(), f.storeName())
              .isEqualTo(cells.stream().mapToDouble(f::doubleValue).sum());
        }
      }
    }
    // across services, and by (value, service), and per model
    List<RangeTotals> all =
        store.totals(
            AttributionQuery.of("team.id", T0, T0 + 10 * MIN),
            List.of(AttributionTag.VALUE, AttributionTag.SERVICE),
            10);
    assertThat(all).extracting(RangeTotals::key).contains(List.of("red", "other-gw"));
    List<RangeTotals> models =
        store.totals(
            AttributionQuery.of("team.id", T0, T0 + 10 * MIN).byModel(),
            List.of(AttributionTag.VALUE, AttributionTag.PROVIDER, AttributionTag.MODEL),
            10);
    assertThat(models)
        .extracting(RangeTotals::key)
        .containsExactly(
            List.of("red", "openai", "gpt-4o"), List.of("blue", "anthropic", "claude-sonnet"));
    assertThat(models.get(0).integer(CellField.REQUESTS))
        .isEqualTo(written.get(8).cell.requests + written.get(9).cell.requests);
  }

  @Test
  void stepsFoldPerValueAndAttributesAreFound() {
    AttributionQuery query = AttributionQuery.of("team.id", T0, T0 + 2 * MIN).withService("gw");
    List<GroupSteps> steps =
        store.steps(query, List.of(AttributionTag.VALUE), List.of(CellField.COST_PICOS), MIN, 10);
    GroupSteps red = steps.stream().filter(g -> g.key().equals(List.of("red"))).findFirst().get();
    assertThat(red.values().get(CellField.COST_PICOS))
        .containsExactly(written.get(0).cell.costPicos, written.get(1).cell.costPicos);
    GroupSteps none = steps.stream().filter(g -> g.key().equals(List.of("none"))).findFirst().get();
    assertThat(none.values().get(CellField.COST_PICOS))
        .containsExactly(null, written.get(3).cell.costPicos);

    assertThat(store.attributes(T0, T0 + 10 * MIN)).containsExactly("team.id", "tenant.id");
    assertThat(store.attributes(T0 - 120 * MIN, T0 - 90 * MIN)).isEmpty();
  }

  @Test
  void aGroupWithoutMeasuresReadsEmptyAndAStoreThatIsDownSaysSo() throws Exception {
    try (BanyanDbAttributionStore empty = BanyanDbAttributionStore.open(target, "no_such_group")) {
      assertThat(empty.attributes(T0, T0 + MIN)).isEmpty();
      assertThat(
              empty.totals(
                  AttributionQuery.of("team.id", T0, T0 + MIN), List.of(AttributionTag.VALUE), 10))
          .isEmpty();
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (BanyanDbAttributionStore down = BanyanDbAttributionStore.open("127.0.0.1:" + port)) {
      assertThatThrownBy(() -> down.attributes(T0, T0 + MIN))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("BanyanDB at 127.0.0.1:" + port);
    }
  }

  private static AttributionCell cell(
      int seed,
      String attribute,
      String value,
      String service,
      String provider,
      String model,
      long minute) {
    Dimension dimension = provider.isEmpty() ? Dimension.ALL : Dimension.MODEL;
    MinuteCell cell = MinuteCell.at(minute, Scope.SERVICE, dimension, service, "", provider, model);
    for (CellField field : CellField.values()) {
      long v = seed * 1_000L + field.ordinal();
      field.set(cell, field.type() == CellField.Type.INTEGER ? v : v / 1024.0);
    }
    return new AttributionCell(attribute, value, cell);
  }
}
