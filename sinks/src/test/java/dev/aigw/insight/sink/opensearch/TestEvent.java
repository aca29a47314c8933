package dev.aigw.insight.sink.opensearch;

/** A Flink POJO the sink tests index; {@code status} is text so a test can send a bad value. */
public class TestEvent {
  public String id;
  public long timeMs;
  public String service;
  public String status;
  public String note;

  public TestEvent() {}

  TestEvent(String id, long timeMs, String service, String status, String note) {
    this.id = id;
    this.timeMs = timeMs;
    this.service = service;
    this.status = status;
    this.note = note;
  }

  /** JSON of the event; {@code status} is written as a bare token so "abc" breaks the mapping. */
  String toJson() {
    return "{\"timestamp\":"
        + timeMs
        + ",\"service\":\""
        + service
        + "\",\"status\":"
        + (status.chars().allMatch(Character::isDigit) ? status : "\"" + status + "\"")
        + ",\"note\":\""
        + note
        + "\"}";
  }
}
