package dev.aigw.insight.dashboard.read.banyandb;

import dev.aigw.insight.dashboard.read.LongRangeAppAttributionChecks;
import dev.aigw.insight.dashboard.read.LongRangeFamilies;
import dev.aigw.insight.dashboard.read.LongRangeFamilyChecks;
import dev.aigw.insight.dashboard.read.apps.banyandb.BanyanDbAppAttributionStore;
import dev.aigw.insight.dashboard.read.apps.banyandb.BanyanDbAppCellStore;
import dev.aigw.insight.dashboard.read.attribution.BanyanDbAttributionStore;
import dev.aigw.insight.sink.banyandb.standin.BanyanDbStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * 30, 90 and 365-day ranges of the attribution, application and application attribution cells over
 * the BanyanDB stand-in holding {@link LongRangeFamilies}' minute, hour and day cells, written by
 * the job's emitters into the minute, hour and day groups: totals, day steps and the endpoints'
 * answers equal the traffic's exact sums ({@link LongRangeFamilyChecks}), as on OpenSearch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BanyanDbFamiliesLongRangeITCase {

  private BanyanDbStandIn standIn;
  private BanyanDbAttributionStore attribution;
  private BanyanDbAppCellStore apps;
  private LongRangeFamilyChecks checks;
  private BanyanDbAppAttributionStore appAttribution;
  private LongRangeAppAttributionChecks appAttributionChecks;

  @BeforeAll
  void write() throws Exception {
    standIn = BanyanDbStandIn.start();
    LongRangeFamilies families = new LongRangeFamilies();
    FamiliesOnBanyanDb.write(standIn.target(), "fr_minute", "fr_hour", "fr_day", families);
    attribution = BanyanDbAttributionStore.open(standIn.target(), "fr_minute", "fr_hour", "fr_day");
    apps = BanyanDbAppCellStore.open(standIn.target(), "fr_minute", "fr_hour", "fr_day");
    checks = new LongRangeFamilyChecks(attribution, apps, families);
    appAttribution =
        BanyanDbAppAttributionStore.open(standIn.target(), "fr_minute", "fr_hour", "fr_day");
    appAttributionChecks = new LongRangeAppAttributionChecks(appAttribution, families);
  }

  @AfterAll
  void stop() throws Exception {
    if (attribution != null) {
      attribution.close();
    }
    if (apps != null) {
      apps.close();
    }
    if (appAttribution != null) {
      appAttribution.close();
    }
    standIn.close();
  }

  @Test
  void attributionTotalsAreExact() {
    checks.attributionTotalsAreExact();
  }

  @Test
  void attributionDayStepsAreExact() {
    checks.attributionDayStepsAreExact();
  }

  @Test
  void appTotalsAndStepsAreExact() {
    checks.appTotalsAndStepsAreExact();
  }

  @Test
  void thirtyDayAnswersOfTheApis() throws Exception {
    checks.thirtyDayAnswersOfTheApis();
  }

  @Test
  void appAttributionTotalsAreExact() {
    appAttributionChecks.totalsAreExact();
  }

  @Test
  void appAttributionLastHourIsExact() {
    appAttributionChecks.lastHourIsExact();
  }

  @Test
  void appAttributionDayStepsAreExact() {
    appAttributionChecks.dayStepsAreExact();
  }

  @Test
  void appAttributionAnswersOfTheApi() throws Exception {
    appAttributionChecks.answersOfTheApi();
  }
}
