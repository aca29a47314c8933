package dev.aigw.insight.job.emit.banyandb;

import dev.aigw.insight.sink.banyandb.standin.BanyanDbStandIn;

/** The end-to-end test against the in-process BanyanDB stand-in. */
class GatewayToBanyanDbITCase extends GatewayToBanyanDbTestBase {
  private BanyanDbStandIn standIn;

  @Override
  protected String startBanyanDb() throws Exception {
    standIn = BanyanDbStandIn.start();
    return standIn.target();
  }

  @Override
  protected String newGroup() {
    return "genai_minute";
  }

  @Override
  protected void stopBanyanDb() throws Exception {
    standIn.close();
  }
}
