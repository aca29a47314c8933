package dev.aigw.insight.dashboard.read.opensearch;

import dev.aigw.insight.dashboard.read.LongRangeAppAttributionChecks;
import dev.aigw.insight.dashboard.read.LongRangeFamilies;
import dev.aigw.insight.dashboard.read.LongRangeFamilyChecks;
import dev.aigw.insight.dashboard.read.apps.opensearch.OpenSearchAppAttributionStore;
import dev.aigw.insight.dashboard.read.apps.opensearch.OpenSearchAppCellStore;
import dev.aigw.insight.dashboard.read.attribution.OpenSearchAttributionStore;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 30, 90 and 365-day ranges of the attribution, application and application attribution cells over
 * the embedded OpenSearch holding {@link LongRangeFamilies}' minute, hour and day cells, written
 * through the job's document converters and index templates into their daily, monthly and yearly
 * indices ({@link FamiliesOnOpenSearch}): totals, day steps and the endpoints' answers equal the
 * traffic's exact sums ({@link LongRangeFamilyChecks}).
 */
class FamiliesLongRangeITCase {

  @TempDir static Path home;
  private static EmbeddedOpenSearch openSearch;
  private static OpenSearchAttributionStore attribution;
  private static OpenSearchAppCellStore apps;
  private static LongRangeFamilyChecks checks;
  private static OpenSearchAppAttributionStore appAttribution;
  private static LongRangeAppAttributionChecks appAttributionChecks;

  @BeforeAll
  static void start() throws Exception {
    openSearch = EmbeddedOpenSearch.builder().homeDirectory(home).httpPort(0).start();
    LongRangeFamilies families = new LongRangeFamilies();
    FamiliesOnOpenSearch.write(openSearch.httpUri(), families);
    OpenSearchReadOptions options = OpenSearchReadOptions.of(List.of(openSearch.httpUri()));
    attribution = FamiliesOnOpenSearch.attributionStore(options);
    apps = FamiliesOnOpenSearch.appStore(options);
    checks = new LongRangeFamilyChecks(attribution, apps, families);
    appAttribution = FamiliesOnOpenSearch.appAttributionStore(options);
    appAttributionChecks = new LongRangeAppAttributionChecks(appAttribution, families);
  }

  @AfterAll
  static void stop() throws Exception {
    attribution.close();
    apps.close();
    appAttribution.close();
    openSearch.close();
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
