package dev.aigw.insight.source.otlp.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import dev.aigw.insight.source.otlp.decoder.DecoderContext;
import dev.aigw.insight.source.otlp.decoder.OtlpDecoder;
import dev.aigw.insight.source.otlp.protocol.DecodeFailure;
import dev.aigw.insight.source.otlp.protocol.OtlpSignal;
import dev.aigw.insight.source.otlp.protocol.SignalDecoding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the OpenTelemetry Collector's Kafka format ({@code encoding: otlp_proto}: one serialized
 * {@code Export*ServiceRequest} per message, the topic telling the signal) through an {@link
 * OtlpDecoder}.
 *
 * <p>A message that cannot be used (garbage bytes, larger than the size limit, refused by the
 * decoder) is skipped and counted in {@link OtlpKafkaMetrics}; it never fails the job, because a
 * failing message would be read again after every restart and stop the job for good. Records of a
 * message are emitted only after the decoder has finished it, so a refused message emits nothing.
 *
 * <p>The connector calls {@link #deserialize} on the task thread, in step with the offsets it puts
 * into checkpoints: a message's records and its offset land in the same checkpoint.
 */
public final class OtlpKafkaDeserializationSchema<T>
    implements KafkaRecordDeserializationSchema<T> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(OtlpKafkaDeserializationSchema.class);

  /** The scope variable under which Flink names the subtask in a metric group. */
  private static final String SUBTASK_INDEX_VARIABLE = "<subtask_index>";

  private final OtlpDecoder<T> decoder;
  private final HashMap<String, OtlpSignal> topicSignals;
  private final long maxMessageBytes;

  private transient OtlpKafkaMetrics metrics;
  private transient BufferingOutput<T> buffer;
  private transient LogOnce logOnce;

  /**
   * @param decoder turns export requests into records; opened in {@link #open}
   * @param topicSignals the signal carried by each subscribed topic
   * @param maxMessageBytes larger messages are skipped and counted
   */
  public OtlpKafkaDeserializationSchema(
      OtlpDecoder<T> decoder, Map<String, OtlpSignal> topicSignals, long maxMessageBytes) {
    if (maxMessageBytes <= 0) {
      throw new IllegalArgumentException("maxMessageBytes must be positive: " + maxMessageBytes);
    }
    this.decoder = decoder;
    this.topicSignals = new HashMap<>(topicSignals);
    this.maxMessageBytes = maxMessageBytes;
  }

  /** The deserializer for a validated config. */
  public static <T> OtlpKafkaDeserializationSchema<T> of(
      OtlpKafkaSourceConfig config, OtlpDecoder<T> decoder) {
    return new OtlpKafkaDeserializationSchema<>(
        decoder, config.subscribedTopics(), config.maxMessageBytes());
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) throws Exception {
    MetricGroup group = context.getMetricGroup();
    metrics = new OtlpKafkaMetrics(group);
    buffer = new BufferingOutput<>(metrics);
    logOnce = new LogOnce();
    int subtask = subtaskIndex(group);
    decoder.open(
        new DecoderContext() {
          @Override
          public MetricGroup metricGroup() {
            return group;
          }

          @Override
          public int subtaskIndex() {
            return subtask;
          }
        });
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
    OtlpSignal signal = topicSignals.get(record.topic());
    byte[] value = record.value();
    if (signal == null) {
      metrics.messagesUnknownTopic.inc();
      logOnce.warn(
          OtlpKafkaMetrics.MESSAGES_UNKNOWN_TOPIC, record, "topic maps to no signal", null);
      return;
    }
    if (value == null) {
      // A tombstone: the Collector never writes one, a misconfigured producer might.
      metrics.messagesUndecodable.inc();
      logOnce.warn(OtlpKafkaMetrics.MESSAGES_UNDECODABLE, record, "message has no value", null);
      return;
    }
    if (value.length > maxMessageBytes) {
      metrics.messagesOversized.inc();
      logOnce.warn(
          OtlpKafkaMetrics.MESSAGES_OVERSIZED,
          record,
          value.length + " bytes exceed kafka.max-message-size (" + maxMessageBytes + " bytes)",
          null);
      return;
    }
    buffer.clear();
    try {
      SignalDecoding.decode(signal, value, decoder, buffer, null);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      skipFailed(record, signal, e);
      return;
    }
    metrics.messagesDecoded.inc();
    buffer.drainTo(out);
  }

  /** Counts and logs a message the decoding refused ({@link DecodeFailure}). */
  private void skipFailed(ConsumerRecord<?, ?> record, OtlpSignal signal, Exception e) {
    switch (DecodeFailure.of(e)) {
      case UNREADABLE:
        metrics.messagesUndecodable.inc();
        logOnce.warn(
            OtlpKafkaMetrics.MESSAGES_UNDECODABLE,
            record,
            "not a serialized " + signal.text() + " export request: " + e.getMessage(),
            null);
        return;
      case MALFORMED:
        metrics.messagesMalformed.inc();
        logOnce.warn(OtlpKafkaMetrics.MESSAGES_MALFORMED, record, e.getMessage(), null);
        return;
      default:
        // A decoder bug must not turn one message into a job that restarts forever on it.
        metrics.messagesDecoderFailed.inc();
        logOnce.warn(OtlpKafkaMetrics.MESSAGES_DECODER_FAILED, record, e.toString(), e);
    }
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return decoder.getProducedType();
  }

  private static int subtaskIndex(MetricGroup group) {
    // The connector's InitializationContext does not expose the subtask; its metric group does.
    String index = group.getAllVariables().get(SUBTASK_INDEX_VARIABLE);
    try {
      return index == null ? 0 : Integer.parseInt(index);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Holds one message's records until the decoder is done with it; counts rejections. */
  private static final class BufferingOutput<T> implements DecodeOutput<T> {
    private final List<T> records = new ArrayList<>();
    private final OtlpKafkaMetrics metrics;

    BufferingOutput(OtlpKafkaMetrics metrics) {
      this.metrics = metrics;
    }

    @Override
    public void emit(T record) {
      records.add(record);
    }

    @Override
    public void reject(long count, String reason) {
      metrics.itemsRejected.inc(count);
      if (LOG.isDebugEnabled()) {
        LOG.debug("Decoder rejected {} item(s): {}", count, reason);
      }
    }

    void clear() {
      records.clear();
    }

    void drainTo(Collector<T> out) {
      for (T record : records) {
        out.collect(record);
      }
      metrics.recordsEmitted.inc(records.size());
      records.clear();
    }
  }

  /** Logs the first skipped message of each reason at WARN and the rest at DEBUG. */
  private static final class LogOnce {
    private final Set<String> warned = new HashSet<>();

    void warn(String reason, ConsumerRecord<?, ?> record, String detail, Throwable error) {
      boolean first = warned.add(reason);
      if (!first && !LOG.isDebugEnabled()) {
        return;
      }
      String message =
          "Skipped Kafka message {}-{}@{} ({}): {}"
              + (first ? " (further ones are counted in metric {} and logged at DEBUG)" : "");
      Object[] args =
          first
              ? new Object[] {
                record.topic(), record.partition(), record.offset(), reason, detail, reason, error
              }
              : new Object[] {
                record.topic(), record.partition(), record.offset(), reason, detail, error
              };
      if (first) {
        LOG.warn(message, args);
      } else {
        LOG.debug(message, args);
      }
    }
  }
}
