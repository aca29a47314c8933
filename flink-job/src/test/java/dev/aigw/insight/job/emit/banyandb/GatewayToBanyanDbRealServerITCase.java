package dev.aigw.insight.job.emit.banyandb;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The end-to-end test against a real BanyanDB at {@code BANYANDB_TARGETS} (e.g. {@code
 * 127.0.0.1:17912}); reported as skipped without it.
 */
@EnabledIfEnvironmentVariable(named = "BANYANDB_TARGETS", matches = ".+")
class GatewayToBanyanDbRealServerITCase extends GatewayToBanyanDbTestBase {
  @Override
  protected String startBanyanDb() {
    return System.getenv("BANYANDB_TARGETS").split("[,;]")[0].trim();
  }

  @Override
  protected String newGroup() {
    return "genai_e2e_" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
  }
}
