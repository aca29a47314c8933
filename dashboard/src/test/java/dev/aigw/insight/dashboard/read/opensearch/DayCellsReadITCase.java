package dev.aigw.insight.dashboard.read.opensearch;

import dev.aigw.insight.dashboard.read.LongRangeChecks;
import dev.aigw.insight.dashboard.read.LongRangeTraffic;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 30-day range over the embedded OpenSearch holding {@link LongRangeTraffic}'s minute, hour and
 * day cells, written through the job's document converter and index template into their own daily,
 * monthly and yearly indices ({@link LongRangeOnOpenSearch}): totals, day steps and the API's
 * answers equal the traffic's exact sums ({@link LongRangeChecks}).
 */
class DayCellsReadITCase {

  @TempDir static Path home;
  private static EmbeddedOpenSearch openSearch;
  private static OpenSearchTelemetryStore store;
  private static LongRangeChecks checks;

  @BeforeAll
  static void start() throws Exception {
    openSearch = EmbeddedOpenSearch.builder().homeDirectory(home).httpPort(0).start();
    OpenSearchReadOptions options =
        OpenSearchReadOptions.of(List.of(openSearch.httpUri()))
            .withIndexPrefixes("lr-cells", "lr-logs");
    store = new OpenSearchTelemetryStore(options, "lr-hour-cells", "lr-day-cells");
    LongRangeTraffic traffic = new LongRangeTraffic();
    LongRangeOnOpenSearch.write(
        openSearch.httpUri(), traffic, "lr-cells", "lr-hour-cells", "lr-day-cells");
    checks = new LongRangeChecks(store, traffic);
  }

  @AfterAll
  static void stop() throws Exception {
    store.close();
    openSearch.close();
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
