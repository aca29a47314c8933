package dev.aigw.insight.dashboard.read.banyandb;

import dev.aigw.insight.dashboard.read.LongRangeChecks;
import dev.aigw.insight.dashboard.read.LongRangeTraffic;
import dev.aigw.insight.sink.banyandb.standin.BanyanDbStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A 30-day range over the BanyanDB stand-in holding {@link LongRangeTraffic}'s minute, hour and day
 * cells, written by the job's emitters into the {@code genai_minute}, {@code genai_hour} and {@code
 * genai_day} groups: totals, day steps and the API's answers equal the traffic's exact sums ({@link
 * LongRangeChecks}), as on OpenSearch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BanyanDbLongRangeITCase {

  private BanyanDbStandIn standIn;
  private BanyanDbTelemetryStore store;
  private LongRangeChecks checks;

  @BeforeAll
  void write() throws Exception {
    standIn = BanyanDbStandIn.start();
    LongRangeTraffic traffic = new LongRangeTraffic();
    JobWrittenBanyanDb.writeRollUps(
        standIn.target(),
        "lr_minute",
        "lr_hour",
        "lr_day",
        traffic.minutes,
        traffic.hours,
        traffic.days);
    store =
        BanyanDbTelemetryStore.open(standIn.target(), "lr_minute", "lr_hour", "lr_day", "lr_logs");
    checks = new LongRangeChecks(store, traffic);
  }

  @AfterAll
  void stop() throws Exception {
    if (store != null) {
      store.close();
    }
    standIn.close();
  }

  @Test
  void thirtyDayTotalsAreExact() {
    checks.thirtyDayTotalsAreExact();
  }

  @Test
  void dayStepsAreExact() {
    checks.dayStepsAreExact();
  }

  @Test
  void thirtyDayAnswersOfTheApi() throws Exception {
    checks.thirtyDayAnswersOfTheApi();
  }
}
