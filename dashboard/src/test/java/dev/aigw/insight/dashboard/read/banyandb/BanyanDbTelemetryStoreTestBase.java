package dev.aigw.insight.dashboard.read.banyandb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.dashboard.read.CellQuery;
import dev.aigw.insight.dashboard.read.LogPage;
import dev.aigw.insight.dashboard.read.LogQuery;
import dev.aigw.insight.dashboard.read.RangeTotals;
import dev.aigw.insight.dashboard.read.StoreUnavailableException;
import dev.aigw.insight.dashboard.read.UnsupportedQueryException;
import dev.aigw.insight.job.emit.banyandb.AccessLogStream;
import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import dev.aigw.insight.schema.log.AccessLogField;
import dev.aigw.insight.sink.banyandb.schema.TagFamilySpec;
import dev.aigw.insight.sink.banyandb.schema.TagSpec;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Cells and access logs written by the job's own emitters and sink are read back through {@link
 * BanyanDbTelemetryStore} with every value exact. Subclasses give the BanyanDB: the in-process
 * stand-in, or a real server at {@code BANYANDB_TARGETS}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BanyanDbTelemetryStoreTestBase {
  static final long T0 = Instant.parse("2026-11-26T17:30:00Z").toEpochMilli();
  static final long MIN = 60_000;

  private final List<MinuteCell> written = new ArrayList<>();
  private BanyanDbTelemetryStore store;
  private String target;
  private String minuteGroup;

  /** Starts the BanyanDB to write to and returns its gRPC target. */
  protected abstract String startBanyanDb() throws Exception;

  /** A group name not used before on that BanyanDB, with the given prefix. */
  protected abstract String newGroup(String prefix);

  /** Stops what {@link #startBanyanDb()} started. */
  protected void stopBanyanDb() throws Exception {}

  @BeforeAll
  void writeWithTheJobsEmitters() throws Exception {
    target = startBanyanDb();
    minuteGroup = newGroup("genai_minute");
    String logsGroup = newGroup("genai_logs");
    int seed = 1;
    for (Object[] c :
        new Object[][] {
          {Scope.SERVICE, Dimension.ALL, "gw", "", "", "", T0},
          {Scope.SERVICE, Dimension.ALL, "gw", "", "", "", T0 + MIN},
          {Scope.SERVICE, Dimension.ALL, "other", "", "", "", T0},
          {Scope.SERVICE, Dimension.ALL, "gw", "", "", "", T0 - 60 * MIN},
          {Scope.SERVICE, Dimension.PROVIDER, "gw", "", "openai", "", T0},
          {Scope.SERVICE, Dimension.PROVIDER, "gw", "", "anthropic", "", T0},
          {Scope.SERVICE, Dimension.PROVIDER, "gw", "", "openai", "", T0 + MIN},
          {Scope.SERVICE, Dimension.MODEL, "gw", "", "openai", "gpt-4o", T0},
          {Scope.SERVICE, Dimension.MODEL, "gw", "", "openai", "gpt-4o", T0 + MIN},
          {Scope.SERVICE, Dimension.MODEL, "gw", "", "anthropic", "claude-sonnet", T0},
          {Scope.SERVICE, Dimension.MODEL, "gw", "", "openai", "<img src=x onerror=1>", T0},
          {Scope.INSTANCE, Dimension.ALL, "gw", "pod-a", "", "", T0},
          {Scope.INSTANCE, Dimension.ALL, "gw", "pod-b", "", "", T0},
          {Scope.INSTANCE, Dimension.PROVIDER, "gw", "pod-a", "openai", "", T0},
          {Scope.INSTANCE, Dimension.MODEL, "gw", "pod-a", "openai", "gpt-4o", T0},
        }) {
      written.add(
          cell(
              seed++,
              (Scope) c[0],
              (Dimension) c[1],
              (String) c[2],
              (String) c[3],
              (String) c[4],
              (String) c[5],
              (Long) c[6]));
    }
    List<AccessLogRecord> logs =
        List.of(
            log(T0 + 1_000, "gw", "pod-a", "openai", "gpt-4o", 200, "r1", "hello world"),
            log(T0 + 2_000, "gw", "pod-a", "openai", "gpt-4o", 503, "r2", "upstream reset"),
            log(T0 + 3_000, "gw", "pod-b", "anthropic", "claude-sonnet", 429, "r3", "slow down"),
            log(T0 + 4_000, "gw", "pod-b", "openai", "gpt-4o", 200, "r4", "fine"),
            log(T0 + 5_000, "other", "pod-c", "openai", "gpt-4o", 500, "r5", "elsewhere"));
    JobWrittenBanyanDb.write(target, minuteGroup, logsGroup, written, logs);
    store = BanyanDbTelemetryStore.open(target, minuteGroup, logsGroup);
  }

  @AfterAll
  void stop() throws Exception {
    if (store != null) {
      store.close();
    }
    stopBanyanDb();
  }

  @Test
  void everyCellOfEveryMeasureReadsBackWithEveryValueExact() {
    for (Scope scope : Scope.values()) {
      for (Dimension dimension : Dimension.values()) {
        List<MinuteCell> expected =
            written.stream()
                .filter(c -> c.scope == scope && c.dimension == dimension)
                .filter(c -> c.windowStartMs >= T0 && c.windowStartMs < T0 + 10 * MIN)
                .sorted(
                    java.util.Comparator.comparingLong((MinuteCell c) -> c.windowStartMs)
                        .thenComparing(c -> c.service)
                        .thenComparing(c -> c.instance)
                        .thenComparing(c -> c.provider)
                        .thenComparing(c -> c.model))
                .toList();
        assertThat(store.cells(CellQuery.of(scope, dimension, T0, T0 + 10 * MIN)))
            .as("%s %s", scope, dimension)
            .containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void coordinatesNarrowTheCellsAndTheRangeIsHalfOpen() {
    List<MinuteCell> cells =
        store.cells(
            CellQuery.of(Scope.SERVICE, Dimension.MODEL, T0, T0 + MIN)
                .withService("gw")
                .withProvider("openai"));
    assertThat(cells).extracting(c -> c.model).containsExactly("<img src=x onerror=1>", "gpt-4o");
    assertThat(cells).extracting(c -> c.windowStartMs).containsOnly(T0);
    assertThat(cells.get(1)).isEqualTo(find(Scope.SERVICE, Dimension.MODEL, "gpt-4o", T0));
  }

  @Test
  void aCoordinateTheMeasureDoesNotHaveIsABadQuery() {
    assertThatThrownBy(
            () ->
                store.cells(
                    CellQuery.of(Scope.SERVICE, Dimension.ALL, T0, T0 + MIN).withModel("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model");
  }

  @Test
  void totalsSumTheAdditiveValuesExactlyPerGroupLargestFirst() {
    List<RangeTotals> totals =
        store.totals(
            CellQuery.of(Scope.SERVICE, Dimension.MODEL, T0, T0 + 10 * MIN).withService("gw"),
            CellTag.MODEL,
            2);
    // gpt-4o has two minutes (seeds 8 and 9): the most requests; then the XSS-named model (11).
    assertThat(totals)
        .extracting(RangeTotals::group)
        .containsExactly("gpt-4o", "<img src=x onerror=1>");
    MinuteCell a = find(Scope.SERVICE, Dimension.MODEL, "gpt-4o", T0);
    MinuteCell b = find(Scope.SERVICE, Dimension.MODEL, "gpt-4o", T0 + MIN);
    RangeTotals gpt = totals.get(0);
    assertThat(gpt.minutes()).isEqualTo(2);
    for (CellField field : CellField.values()) {
      if (!field.isAdditive()) {
        assertThat(gpt.integers()).doesNotContainKey(field);
        assertThat(gpt.floats()).doesNotContainKey(field);
      } else if (field.type() == CellField.Type.INTEGER) {
        assertThat(gpt.integer(field))
            .as(field.storeName())
            .isEqualTo(field.value(a).longValue() + field.value(b).longValue());
      } else {
        assertThat(gpt.floating(field))
            .as(field.storeName())
            .isEqualTo(field.doubleValue(a) + field.doubleValue(b));
      }
    }
    assertThat(gpt.integer(CellField.REQUESTS)).isEqualTo(8_000 + 9_000);
  }

  @Test
  void totalsByProviderAndByInstance() {
    assertThat(
            store.totals(
                CellQuery.of(Scope.SERVICE, Dimension.PROVIDER, T0, T0 + 10 * MIN),
                CellTag.PROVIDER,
                10))
        .extracting(RangeTotals::group, t -> t.integer(CellField.REQUESTS))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("openai", 5_000L + 7_000L),
            org.assertj.core.groups.Tuple.tuple("anthropic", 6_000L));
    assertThat(
            store.totals(
                CellQuery.of(Scope.INSTANCE, Dimension.ALL, T0, T0 + 10 * MIN),
                CellTag.INSTANCE,
                10))
        .extracting(RangeTotals::group, t -> t.integer(CellField.ERRORS))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("pod-b", 13_001L),
            org.assertj.core.groups.Tuple.tuple("pod-a", 12_001L));
  }

  @Test
  void logsAreFilteredOnTheServerAndByStatusClassAndTextNewestFirst() {
    LogPage page = store.logs(logs("gw", null, null, null, null, 0, 10));
    assertThat(page.total()).isEqualTo(4);
    assertThat(page.records())
        .extracting(r -> r.get("request_id"))
        .containsExactly("r4", "r3", "r2", "r1");
    Map<String, Object> r2 = page.records().get(2);
    assertThat(r2)
        .containsEntry("timestamp", T0 + 2_000)
        .containsEntry("service", "gw")
        .containsEntry("instance", "pod-a")
        .containsEntry("provider", "openai")
        .containsEntry("model", "gpt-4o")
        .containsEntry("status_code", 503L)
        .containsEntry("duration_ms", 1_502L)
        .containsEntry("input_tokens", 102L)
        .containsEntry("output_tokens", 52L)
        .containsEntry("estimated_cost", 0.25)
        .containsEntry("body", "upstream reset");

    assertThat(store.logs(logs("gw", null, null, "5xx", null, 0, 10)).records())
        .extracting(r -> r.get("request_id"))
        .containsExactly("r2");
    assertThat(store.logs(logs(null, "pod-b", null, "4xx", null, 0, 10)).records())
        .extracting(r -> r.get("request_id"))
        .containsExactly("r3");
    assertThat(store.logs(logs(null, null, "openai", null, "RESET", 0, 10)).records())
        .extracting(r -> r.get("request_id"))
        .containsExactly("r2");
  }

  @Test
  void logsArePaged() {
    LogPage second = store.logs(logs(null, null, null, null, null, 1, 2));
    assertThat(second.total()).isEqualTo(5);
    assertThat(second.records()).extracting(r -> r.get("request_id")).containsExactly("r3", "r2");
    assertThat(store.logs(logs(null, null, null, null, null, 3, 2)).records()).isEmpty();
  }

  @Test
  void aKeepReasonFilterIsRefusedWithTheReason() {
    assertThatThrownBy(
            () ->
                store.logs(
                    new LogQuery(
                        T0, T0 + MIN, null, null, null, null, null, "KEEP_ERROR", null, 0, 10)))
        .isInstanceOf(UnsupportedQueryException.class)
        .hasMessageContaining("why a record was kept");
  }

  @Test
  void groupsTheJobHasNotCreatedYetReadAsEmpty() {
    try (BanyanDbTelemetryStore fresh =
        BanyanDbTelemetryStore.open(target, newGroup("absent"), newGroup("absent_logs"))) {
      assertThat(fresh.cells(CellQuery.of(Scope.SERVICE, Dimension.ALL, T0, T0 + MIN))).isEmpty();
      assertThat(
              fresh.totals(
                  CellQuery.of(Scope.SERVICE, Dimension.ALL, T0, T0 + MIN), CellTag.SERVICE, 5))
          .isEmpty();
      assertThat(fresh.logs(logs(null, null, null, null, null, 0, 10)).total()).isZero();
    }
  }

  @Test
  void aStoreThatIsDownIsReportedWithItsAddress() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (BanyanDbTelemetryStore down = BanyanDbTelemetryStore.open("127.0.0.1:" + closedPort)) {
      assertThatThrownBy(() -> down.cells(CellQuery.of(Scope.SERVICE, Dimension.ALL, T0, T0 + MIN)))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("BanyanDB at 127.0.0.1:" + closedPort + " cannot be reached");
      assertThatThrownBy(() -> down.logs(logs(null, null, null, null, null, 0, 10)))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("cannot be reached");
    }
  }

  @Test
  void theStoreProjectsEveryTagOfTheStreamTheJobDefines() {
    List<String> tags = new ArrayList<>();
    for (TagFamilySpec family : AccessLogStream.stream("g").tagFamilies()) {
      for (TagSpec tag : family.tags()) {
        tags.add(tag.name());
      }
    }
    assertThat(
            java.util.Arrays.stream(AccessLogField.values())
                .filter(f -> f.tagType() != null)
                .map(AccessLogField::storeName))
        .containsExactlyInAnyOrderElementsOf(tags);
  }

  private MinuteCell find(Scope scope, Dimension dimension, String model, long minute) {
    return written.stream()
        .filter(c -> c.scope == scope && c.dimension == dimension)
        .filter(c -> c.model.equals(model) && c.windowStartMs == minute)
        .findFirst()
        .orElseThrow();
  }

  private static LogQuery logs(
      String service,
      String instance,
      String provider,
      String statusClass,
      String text,
      int page,
      int size) {
    return new LogQuery(
        T0, T0 + 10 * MIN, service, instance, provider, null, statusClass, null, text, page, size);
  }

  /**
   * A cell whose every value is distinct and exact in binary: field i of cell s is {@code s·1000 +
   * i}, floats divided by 1024 (so that sums compare bit for bit).
   */
  private static MinuteCell cell(
      int seed,
      Scope scope,
      Dimension dimension,
      String service,
      String instance,
      String provider,
      String model,
      long minute) {
    MinuteCell cell = MinuteCell.at(minute, scope, dimension, service, instance, provider, model);
    for (CellField field : CellField.values()) {
      long value = seed * 1_000L + field.ordinal();
      field.set(cell, field.type() == CellField.Type.INTEGER ? value : value / 1024.0);
    }
    return cell;
  }

  private static AccessLogRecord log(
      long timestampMs,
      String service,
      String instance,
      String provider,
      String model,
      int status,
      String requestId,
      String body) {
    int n = Integer.parseInt(requestId.substring(1));
    AccessLogRecord r = new AccessLogRecord();
    r.timestampMs = timestampMs;
    r.service = service;
    r.instance = instance;
    r.model = model;
    r.body = body;
    r.estimatedCost = n / 8.0;
    r.attributes.put("x-request-id", requestId);
    r.attributes.put("gen_ai.provider.name", provider);
    r.attributes.put("response_code", Integer.toString(status));
    r.attributes.put("duration", Integer.toString(1_500 + n));
    r.attributes.put("gen_ai.usage.input_tokens", Integer.toString(100 + n));
    r.attributes.put("gen_ai.usage.output_tokens", Integer.toString(50 + n));
    return r;
  }
}
