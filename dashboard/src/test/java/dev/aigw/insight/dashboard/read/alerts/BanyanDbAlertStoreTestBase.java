package dev.aigw.insight.dashboard.read.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.schema.alert.AlertEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Alert events written by the job's own BanyanDB sink and emitter ({@code AlertStream}) are read
 * back through {@link BanyanDbAlertStore} with every field exact, newest first, filtered by time
 * and service. Subclasses give the BanyanDB: the stand-in, or a real server at {@code
 * BANYANDB_TARGETS}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BanyanDbAlertStoreTestBase {
  static final long T = Instant.parse("2026-11-26T17:30:00Z").toEpochMilli();
  static final long MIN = AlertScenario.MIN;

  private final AlertScenario scenario = new AlertScenario(T);
  private String target;
  private String group;
  private BanyanDbAlertStore store;

  /** Starts the BanyanDB to write to and returns its gRPC target. */
  protected abstract String startBanyanDb() throws Exception;

  /** A group name not used before on that BanyanDB, with the given prefix. */
  protected abstract String newGroup(String prefix);

  /** Stops what {@link #startBanyanDb()} started. */
  protected void stopBanyanDb() throws Exception {}

  @BeforeAll
  void writeWithTheJobsSink() throws Exception {
    target = startBanyanDb();
    group = newGroup("genai_alerts");
    JobWrittenAlerts.toBanyanDb(target, group, scenario.all());
    store = BanyanDbAlertStore.open(target, group);
  }

  @AfterAll
  void stop() throws Exception {
    if (store != null) {
      store.close();
    }
    stopBanyanDb();
  }

  @Test
  void everyEventReadsBackExactNewestFirst() {
    List<AlertEvent> read = store.events(T - 3 * 24 * 60 * MIN, T + MIN, null, 100);
    assertThat(read)
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactly(
            scenario.checkoutErrors,
            scenario.outageResolved,
            scenario.outageFiring,
            scenario.searchBudget);
    assertThat(read.get(2).reason)
        .isEqualTo("4 failed requests in the kept access logs; status codes: 503×3, 429×1");
  }

  @Test
  void theRangeIsHalfOpenAndTheServiceFiltersOnTheServer() {
    assertThat(store.events(T - 60 * MIN, T - 20 * MIN, null, 100))
        .extracting(e -> e.idempotencyKey)
        .containsExactly(
            scenario.outageResolved.idempotencyKey, scenario.outageFiring.idempotencyKey);
    assertThat(store.events(T - 3 * 24 * 60 * MIN, T + MIN, "search", 100))
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactly(scenario.searchBudget);
    assertThat(store.events(T - 3 * 24 * 60 * MIN, T + MIN, "nobody", 100)).isEmpty();
  }

  @Test
  void theLimitKeepsTheNewest() {
    assertThat(store.events(T - 3 * 24 * 60 * MIN, T + MIN, null, 2))
        .extracting(e -> e.idempotencyKey)
        .containsExactly(
            scenario.checkoutErrors.idempotencyKey, scenario.outageResolved.idempotencyKey);
  }

  @Test
  void aGroupWithoutTheStreamReadsAsEmpty() {
    try (BanyanDbAlertStore none = BanyanDbAlertStore.open(target, newGroup("no_alerts"))) {
      assertThat(none.events(T - 60 * MIN, T + MIN, null, 10)).isEmpty();
    }
  }
}
