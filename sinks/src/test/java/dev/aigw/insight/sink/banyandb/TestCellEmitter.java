package dev.aigw.insight.sink.banyandb;

/** Writes a {@link TestCell} to the test measure; latency is requests × 1.5. */
public class TestCellEmitter implements BanyanDbEmitter<TestCell> {
  private final String group;
  private final long offsetMillis;

  public TestCellEmitter(String group, long offsetMillis) {
    this.group = group;
    this.offsetMillis = offsetMillis;
  }

  @Override
  public void emit(TestCell cell, BanyanDbOutput output) {
    output.measure(
        MeasurePoint.builder(
                group, TestSchemas.MEASURE, cell.minute * TestSchemas.MINUTE + offsetMillis)
            .tag("service", cell.service)
            .tag("model", "gpt-4o")
            .field("requests", cell.requests)
            .field("latency_ms", cell.requests * 1.5)
            .build());
  }
}
