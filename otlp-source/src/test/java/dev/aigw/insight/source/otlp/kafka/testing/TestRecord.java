package dev.aigw.insight.source.otlp.kafka.testing;

import java.util.Objects;

/** A decoded item in tests: a POJO, so jobs run with generic types disabled. */
public class TestRecord {
  /** "metrics", "logs" or "traces". */
  public String signal;

  /** What identifies the item: metric name and series, log body or span name. */
  public String key;

  /** The point's value, the log record's time or the span's start time. */
  public long value;

  public TestRecord() {}

  public TestRecord(String signal, String key, long value) {
    this.signal = signal;
    this.key = key;
    this.value = value;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TestRecord)) {
      return false;
    }
    TestRecord r = (TestRecord) o;
    return value == r.value && Objects.equals(signal, r.signal) && Objects.equals(key, r.key);
  }

  @Override
  public int hashCode() {
    return Objects.hash(signal, key, value);
  }

  @Override
  public String toString() {
    return signal + ":" + key + "=" + value;
  }
}
