package dev.aigw.insight.source.otlp.kafka;

/**
 * Where a {@code committed} start position begins on a partition that has no committed offset for
 * the consumer group (a new group, or offsets expired by the broker's retention).
 */
public enum OffsetResetStrategy {
  /** Read the partition from its oldest retained message: nothing buffered in Kafka is lost. */
  EARLIEST,
  /** Read only messages produced after the job started. */
  LATEST,
  /** Fail the job: an operator must decide (e.g. after offsets expired during a long outage). */
  NONE;

  org.apache.kafka.clients.consumer.OffsetResetStrategy toKafka() {
    switch (this) {
      case EARLIEST:
        return org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST;
      case LATEST:
        return org.apache.kafka.clients.consumer.OffsetResetStrategy.LATEST;
      default:
        return org.apache.kafka.clients.consumer.OffsetResetStrategy.NONE;
    }
  }
}
