package dev.aigw.insight.source.otlp;

/** Fixed event times (epoch nanos) for logs and spans in tests. */
final class GatewaySimulatorTimes {

  private static final long BASE = 1_780_000_000_000_000_000L;

  private GatewaySimulatorTimes() {}

  static long at(int second) {
    return BASE + second * 1_000_000_000L;
  }
}
