package dev.aigw.insight.dashboard.read.apps.banyandb;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The application-cell reader's tests against a real BanyanDB at {@code BANYANDB_TARGETS} (e.g.
 * {@code 127.0.0.1:17912}); reported as skipped without it.
 */
@EnabledIfEnvironmentVariable(named = "BANYANDB_TARGETS", matches = ".+")
class BanyanDbAppCellStoreRealServerITCase extends BanyanDbAppCellStoreTestBase {
  private final String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

  @Override
  protected String startBanyanDb() {
    return System.getenv("BANYANDB_TARGETS").split("[,;]")[0].trim();
  }

  @Override
  protected String newGroup(String prefix) {
    return prefix + "_" + run;
  }
}
