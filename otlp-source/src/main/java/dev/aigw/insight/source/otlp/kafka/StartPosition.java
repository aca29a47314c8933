package dev.aigw.insight.source.otlp.kafka;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

/**
 * Where the source starts reading partitions that are not in restored state: {@code committed},
 * {@code earliest}, {@code latest} or {@code timestamp:<epoch millis>}.
 *
 * <p>A job restored from a checkpoint or savepoint ignores this: it resumes from the offsets in its
 * state, which is what makes a restart neither lose nor repeat a message.
 */
public final class StartPosition implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final String TIMESTAMP_PREFIX = "timestamp:";

  /** What {@link #parse} accepts, as the option check says it. */
  public static final String ACCEPTED =
      "must be committed, earliest, latest or timestamp:<epoch millis> (e.g."
          + " timestamp:1767225600000)";

  /** The kind of start position. */
  public enum Kind {
    COMMITTED,
    EARLIEST,
    LATEST,
    TIMESTAMP
  }

  private final Kind kind;
  private final long timestampMs;

  private StartPosition(Kind kind, long timestampMs) {
    this.kind = kind;
    this.timestampMs = timestampMs;
  }

  /** Start from the consumer group's committed offsets. */
  public static StartPosition committed() {
    return new StartPosition(Kind.COMMITTED, -1);
  }

  /** Start from the oldest retained message. */
  public static StartPosition earliest() {
    return new StartPosition(Kind.EARLIEST, -1);
  }

  /** Start after the newest message. */
  public static StartPosition latest() {
    return new StartPosition(Kind.LATEST, -1);
  }

  /** Start from the first message whose Kafka timestamp is at or after {@code epochMillis}. */
  public static StartPosition timestamp(long epochMillis) {
    if (epochMillis < 0) {
      throw new IllegalArgumentException("timestamp must be >= 0 epoch millis, got " + epochMillis);
    }
    return new StartPosition(Kind.TIMESTAMP, epochMillis);
  }

  /**
   * Parses {@code committed|earliest|latest|timestamp:<epoch millis>} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  public static StartPosition parse(String spec) {
    String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
    switch (s) {
      case "committed":
        return committed();
      case "earliest":
        return earliest();
      case "latest":
        return latest();
      default:
        break;
    }
    if (s.startsWith(TIMESTAMP_PREFIX)) {
      try {
        return timestamp(Long.parseLong(s.substring(TIMESTAMP_PREFIX.length()).trim()));
      } catch (IllegalArgumentException e) {
        // NumberFormatException is an IllegalArgumentException: both end in the message below.
      }
    }
    throw new IllegalArgumentException("'" + spec + "' is not a start position; " + ACCEPTED);
  }

  public Kind kind() {
    return kind;
  }

  /** Epoch millis of a {@link Kind#TIMESTAMP} position, -1 otherwise. */
  public long timestampMs() {
    return timestampMs;
  }

  /** The connector's initializer; {@code reset} applies to {@link Kind#COMMITTED} only. */
  OffsetsInitializer toOffsetsInitializer(OffsetResetStrategy reset) {
    switch (kind) {
      case COMMITTED:
        return OffsetsInitializer.committedOffsets(reset.toKafka());
      case EARLIEST:
        return OffsetsInitializer.earliest();
      case LATEST:
        return OffsetsInitializer.latest();
      default:
        return OffsetsInitializer.timestamp(timestampMs);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StartPosition
        && ((StartPosition) o).kind == kind
        && ((StartPosition) o).timestampMs == timestampMs;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, timestampMs);
  }

  @Override
  public String toString() {
    return kind == Kind.TIMESTAMP
        ? TIMESTAMP_PREFIX + timestampMs
        : kind.name().toLowerCase(Locale.ROOT);
  }
}
