package dev.aigw.insight.sink.banyandb;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The shared sink tests against a real BanyanDB (e.g. {@code docker run -p 17912:17912
 * apache/skywalking-banyandb:0.10.x standalone}, then {@code BANYANDB_TARGETS=127.0.0.1:17912}).
 * Without the variable JUnit reports them as skipped.
 */
@EnabledIfEnvironmentVariable(named = "BANYANDB_TARGETS", matches = ".+")
class BanyanDbSinkRealServerITCase extends BanyanDbSinkTestBase {
  private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
  private static int groups;

  @Override
  protected String target() {
    return System.getenv("BANYANDB_TARGETS").split("[,;]")[0].trim();
  }

  @Override
  protected String newGroup() {
    return "aigw_it_" + RUN + "_" + (++groups);
  }
}
