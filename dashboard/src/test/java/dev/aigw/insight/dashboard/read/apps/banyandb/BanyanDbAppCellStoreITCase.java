package dev.aigw.insight.dashboard.read.apps.banyandb;

import dev.aigw.insight.sink.banyandb.standin.BanyanDbStandIn;

/** The application-cell reader's tests against the in-process BanyanDB stand-in. */
class BanyanDbAppCellStoreITCase extends BanyanDbAppCellStoreTestBase {
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
