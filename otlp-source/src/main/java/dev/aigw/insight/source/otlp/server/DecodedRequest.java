package dev.aigw.insight.source.otlp.server;

import java.util.List;

/** The records decoded from one export call, and the answer owed to it once they are handled. */
public final class DecodedRequest<T> {

  private final List<T> records;
  private final PendingAck ack;

  public DecodedRequest(List<T> records, PendingAck ack) {
    this.records = records;
    this.ack = ack;
  }

  public List<T> records() {
    return records;
  }

  public PendingAck ack() {
    return ack;
  }
}
