package dev.aigw.insight.dashboard.read.banyandb;

import dev.aigw.insight.sink.banyandb.standin.BanyanDbStandIn;

/** The attribution reader's tests against the in-process BanyanDB stand-in. */
class BanyanDbAttributionStoreITCase extends BanyanDbAttributionStoreTestBase {
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
