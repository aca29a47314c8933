package dev.aigw.insight.dashboard.read.banyandb;

import dev.aigw.insight.sink.banyandb.standin.BanyanDbStandIn;

/** The store's tests against the in-process BanyanDB stand-in. */
class BanyanDbTelemetryStoreITCase extends BanyanDbTelemetryStoreTestBase {
  private BanyanDbStandIn standIn;

  @Override
  protected String startBanyanDb() throws Exception {
    standIn = BanyanDbStandIn.start();
    return standIn.target();
  }

  @Override
  protected String newGroup(String prefix) {
    return prefix;
  }

  @Override
  protected void stopBanyanDb() throws Exception {
    standIn.close();
  }
}
