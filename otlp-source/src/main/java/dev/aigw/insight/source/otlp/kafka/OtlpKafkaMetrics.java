package dev.aigw.insight.source.otlp.kafka;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Job metrics of the Kafka deserializer. Registered in the source's metric group (sub-group {@code
 * deserializer}, where the connector places it); names documented in {@code docs/kafka.md}.
 */
public final class OtlpKafkaMetrics {

  /** Messages decoded into records (including ones that produced none). */
  public static final String MESSAGES_DECODED = "otlpKafkaMessagesDecoded";

  /** Messages that are not a serialized export request (garbage, tombstones): skipped. */
  public static final String MESSAGES_UNDECODABLE = "otlpKafkaMessagesUndecodable";

  /** Messages larger than {@code kafka.max-message-size}: skipped. */
  public static final String MESSAGES_OVERSIZED = "otlpKafkaMessagesOversized";

  /** Messages the decoder refused as a whole ({@code MalformedRequestException}): skipped. */
  public static final String MESSAGES_MALFORMED = "otlpKafkaMessagesMalformed";

  /** Messages on which the decoder failed unexpectedly (a bug): skipped, logged with the trace. */
  public static final String MESSAGES_DECODER_FAILED = "otlpKafkaMessagesDecoderFailed";

  /** Messages from a topic that is not mapped to a signal: skipped. */
  public static final String MESSAGES_UNKNOWN_TOPIC = "otlpKafkaMessagesUnknownTopic";

  /** Data points, log records or spans the decoder rejected individually. */
  public static final String ITEMS_REJECTED = "otlpKafkaItemsRejected";

  /** Records emitted downstream. */
  public static final String RECORDS_EMITTED = "otlpKafkaRecordsEmitted";

  final Counter messagesDecoded;
  final Counter messagesUndecodable;
  final Counter messagesOversized;
  final Counter messagesMalformed;
  final Counter messagesDecoderFailed;
  final Counter messagesUnknownTopic;
  final Counter itemsRejected;
  final Counter recordsEmitted;

  OtlpKafkaMetrics(MetricGroup group) {
    messagesDecoded = group.counter(MESSAGES_DECODED);
    messagesUndecodable = group.counter(MESSAGES_UNDECODABLE);
    messagesOversized = group.counter(MESSAGES_OVERSIZED);
    messagesMalformed = group.counter(MESSAGES_MALFORMED);
    messagesDecoderFailed = group.counter(MESSAGES_DECODER_FAILED);
    messagesUnknownTopic = group.counter(MESSAGES_UNKNOWN_TOPIC);
    itemsRejected = group.counter(ITEMS_REJECTED);
    recordsEmitted = group.counter(RECORDS_EMITTED);
  }
}
