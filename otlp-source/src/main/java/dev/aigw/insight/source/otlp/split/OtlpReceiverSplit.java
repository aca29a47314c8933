package dev.aigw.insight.source.otlp.split;

import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * The one split a reader owns: the right to run a receiver for its subtask. It carries no position,
 * because a push source cannot replay.
 */
public final class OtlpReceiverSplit implements SourceSplit {

  private final int subtaskIndex;

  public OtlpReceiverSplit(int subtaskIndex) {
    this.subtaskIndex = subtaskIndex;
  }

  /** The subtask this split was assigned to. */
  public int subtaskIndex() {
    return subtaskIndex;
  }

  @Override
  public String splitId() {
    return "otlp-receiver-" + subtaskIndex;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OtlpReceiverSplit && ((OtlpReceiverSplit) o).subtaskIndex == subtaskIndex;
  }

  @Override
  public int hashCode() {
    return Objects.hash(subtaskIndex);
  }

  @Override
  public String toString() {
    return splitId();
  }
}
