package dev.aigw.insight.sink.banyandb;

/** A Flink POJO standing in for an aggregate cell in sink tests. */
public class TestCell {
  public String service;
  public long minute;
  public long requests;

  public TestCell() {}

  public TestCell(String service, long minute, long requests) {
    this.service = service;
    this.minute = minute;
    this.requests = requests;
  }

  /** The cell generated for index {@code i}: 3 services, one minute each, requests = i. */
  public static TestCell of(long i) {
    return new TestCell("svc-" + (i % 3), 29_000_000 + i / 3, i);
  }
}
