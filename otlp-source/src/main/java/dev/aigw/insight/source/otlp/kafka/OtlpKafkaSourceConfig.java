package dev.aigw.insight.source.otlp.kafka;

import static dev.aigw.insight.options.OptionChecks.checkAtLeast;
import static dev.aigw.insight.options.OptionChecks.checkOption;

import dev.aigw.insight.options.OptionChecks;
import dev.aigw.insight.source.otlp.protocol.OtlpSignal;
import java.io.Serializable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Immutable, validated settings of the Kafka ingestion path; built from {@link OtlpKafkaOptions}
 * with {@link #fromConfiguration} or by hand with {@link #builder()}.
 */
public final class OtlpKafkaSourceConfig implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * Consumer properties the source sets itself: passing them through {@code kafka.properties.*}
   * would silently fight the typed option (or, for auto commit, break the offsets-in-state
   * guarantee), so the builder refuses them and names the option to use instead.
   */
  private static final Map<String, String> RESERVED_PROPERTIES =
      Map.of(
          "bootstrap.servers",
          OtlpKafkaOptions.BOOTSTRAP_SERVERS.key(),
          "group.id",
          OtlpKafkaOptions.GROUP_ID.key(),
          "auto.offset.reset",
          OtlpKafkaOptions.OFFSET_RESET.key(),
          "enable.auto.commit",
          "(none: offsets are committed on checkpoints)",
          "key.deserializer",
          "(none: the source reads raw bytes)",
          "value.deserializer",
          "(none: the source reads raw bytes)");

  private final String bootstrapServers;
  private final Map<OtlpSignal, String> topics;
  private final Set<OtlpSignal> signals;
  private final String groupId;
  private final StartPosition startPosition;
  private final OffsetResetStrategy offsetReset;
  private final long maxMessageBytes;
  private final Map<String, String> consumerProperties;

  private OtlpKafkaSourceConfig(Builder b, StartPosition startPosition) {
    this.bootstrapServers = b.bootstrapServers.trim();
    this.topics = Collections.unmodifiableMap(new EnumMap<>(b.topics));
    this.signals = Collections.unmodifiableSet(EnumSet.copyOf(b.signals));
    this.groupId = b.groupId.trim();
    this.startPosition = startPosition;
    this.offsetReset = b.offsetReset;
    this.maxMessageBytes = b.maxMessageBytes;
    this.consumerProperties = Collections.unmodifiableMap(new TreeMap<>(b.consumerProperties));
  }

  /** A builder preset with the options' defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the {@code kafka.*} options, including every {@code kafka.properties.*} entry.
   *
   * @throws IllegalArgumentException naming the wrong option and value
   */
  public static OtlpKafkaSourceConfig fromConfiguration(ReadableConfig config) {
    Builder b =
        builder()
            .bootstrapServers(config.get(OtlpKafkaOptions.BOOTSTRAP_SERVERS))
            .topic(OtlpSignal.METRICS, config.get(OtlpKafkaOptions.METRICS_TOPIC))
            .topic(OtlpSignal.LOGS, config.get(OtlpKafkaOptions.LOGS_TOPIC))
            .topic(OtlpSignal.TRACES, config.get(OtlpKafkaOptions.TRACES_TOPIC))
            .signals(config.get(OtlpKafkaOptions.SIGNALS))
            .groupId(config.get(OtlpKafkaOptions.GROUP_ID))
            .startPosition(config.get(OtlpKafkaOptions.START_POSITION))
            .offsetReset(config.get(OtlpKafkaOptions.OFFSET_RESET))
            .maxMessageBytes(config.get(OtlpKafkaOptions.MAX_MESSAGE_SIZE).getBytes());
    for (Map.Entry<String, String> e : config.toMap().entrySet()) {
      if (e.getKey().startsWith(OtlpKafkaOptions.PROPERTIES_PREFIX)) {
        b.consumerProperty(
            e.getKey().substring(OtlpKafkaOptions.PROPERTIES_PREFIX.length()), e.getValue());
      }
    }
    return b.build();
  }

  /**
   * This configuration restricted to one signal, for a job that reads each signal with its own
   * source (its own decoder and output type). The consumer group is shared: the source assigns
   * partitions itself, and offsets are committed per partition.
   *
   * @throws IllegalArgumentException if {@code signal} is not among {@link #signals()}
   */
  public OtlpKafkaSourceConfig forSignal(OtlpSignal signal) {
    if (!signals.contains(signal)) {
      throw OptionChecks.invalidOption(
          OtlpKafkaOptions.SIGNALS.key(), signals, "must include " + signal + " to read it");
    }
    Builder b =
        builder()
            .bootstrapServers(bootstrapServers)
            .signals(signal)
            .groupId(groupId)
            .startPosition(startPosition)
            .offsetReset(offsetReset)
            .maxMessageBytes(maxMessageBytes);
    topics.forEach(b::topic);
    consumerProperties.forEach(b::consumerProperty);
    return b.build();
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Topic of each signal, enabled or not. */
  public Map<OtlpSignal, String> topics() {
    return topics;
  }

  /** The signals consumed. */
  public Set<OtlpSignal> signals() {
    return signals;
  }

  /** Topic to signal, for the enabled signals only: what the source subscribes to. */
  public Map<String, OtlpSignal> subscribedTopics() {
    Map<String, OtlpSignal> result = new LinkedHashMap<>();
    for (OtlpSignal s : signals) {
      result.put(topics.get(s), s);
    }
    return Collections.unmodifiableMap(result);
  }

  public String groupId() {
    return groupId;
  }

  public StartPosition startPosition() {
    return startPosition;
  }

  public OffsetResetStrategy offsetReset() {
    return offsetReset;
  }

  public long maxMessageBytes() {
    return maxMessageBytes;
  }

  /**
   * Consumer properties passed through unchanged, e.g. {@code security.protocol}, {@code sasl.*}.
   */
  public Map<String, String> consumerProperties() {
    return consumerProperties;
  }

  @Override
  public String toString() {
    // Property values are left out: sasl.jaas.config and ssl passwords must not reach a log.
    return "OtlpKafkaSourceConfig{bootstrapServers="
        + bootstrapServers
        + ", topics="
        + subscribedTopics()
        + ", groupId="
        + groupId
        + ", startPosition="
        + startPosition
        + ", offsetReset="
        + offsetReset
        + ", maxMessageBytes="
        + maxMessageBytes
        + ", consumerProperties="
        + consumerProperties.keySet()
        + '}';
  }

  /** Builder that validates in {@link #build()}; defaults are the options' defaults. */
  public static final class Builder {
    private String bootstrapServers;
    private final Map<OtlpSignal, String> topics = new EnumMap<>(OtlpSignal.class);
    private Set<OtlpSignal> signals = EnumSet.noneOf(OtlpSignal.class);
    private String groupId = OtlpKafkaOptions.GROUP_ID.defaultValue();
    private String startPosition = OtlpKafkaOptions.START_POSITION.defaultValue();
    private OffsetResetStrategy offsetReset = OtlpKafkaOptions.OFFSET_RESET.defaultValue();
    private long maxMessageBytes = OtlpKafkaOptions.MAX_MESSAGE_SIZE.defaultValue().getBytes();
    private final Map<String, String> consumerProperties = new LinkedHashMap<>();

    private Builder() {
      topics.put(OtlpSignal.METRICS, OtlpKafkaOptions.METRICS_TOPIC.defaultValue());
      topics.put(OtlpSignal.LOGS, OtlpKafkaOptions.LOGS_TOPIC.defaultValue());
      topics.put(OtlpSignal.TRACES, OtlpKafkaOptions.TRACES_TOPIC.defaultValue());
      signals.addAll(OtlpKafkaOptions.SIGNALS.defaultValue());
    }

    public Builder bootstrapServers(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
      return this;
    }

    public Builder topic(OtlpSignal signal, String topic) {
      topics.put(signal, topic);
      return this;
    }

    public Builder signals(List<OtlpSignal> signals) {
      this.signals = signals.isEmpty() ? EnumSet.noneOf(OtlpSignal.class) : EnumSet.copyOf(signals);
      return this;
    }

    public Builder signals(OtlpSignal... signals) {
      return signals(List.of(signals));
    }

    public Builder groupId(String groupId) {
      this.groupId = groupId;
      return this;
    }

    /** {@code committed|earliest|latest|timestamp:<epoch millis>}. */
    public Builder startPosition(String startPosition) {
      this.startPosition = startPosition;
      return this;
    }

    public Builder startPosition(StartPosition startPosition) {
      return startPosition(startPosition.toString());
    }

    public Builder offsetReset(OffsetResetStrategy offsetReset) {
      this.offsetReset = offsetReset;
      return this;
    }

    public Builder maxMessageBytes(long maxMessageBytes) {
      this.maxMessageBytes = maxMessageBytes;
      return this;
    }

    /** A Kafka consumer property passed through, without the {@code kafka.properties.} prefix. */
    public Builder consumerProperty(String key, String value) {
      consumerProperties.put(key, value);
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the wrong option and value
     */
    public OtlpKafkaSourceConfig build() {
      return new OtlpKafkaSourceConfig(this, sanityCheck());
    }

    /** Checks every setting, naming the wrong option and value ({@link OptionChecks}). */
    private StartPosition sanityCheck() {
      checkOption(
          bootstrapServers != null && !bootstrapServers.isBlank(),
          OtlpKafkaOptions.BOOTSTRAP_SERVERS,
          bootstrapServers,
          "must name the Kafka brokers (host:port[,host:port...])");
      checkOption(
          !signals.isEmpty(),
          OtlpKafkaOptions.SIGNALS,
          signals,
          "must name at least one of metrics, logs, traces");
      Map<String, OtlpSignal> seen = new LinkedHashMap<>();
      for (OtlpSignal signal : signals) {
        String option = topicOption(signal);
        String topic = topics.get(signal);
        checkOption(
            topic != null && !topic.isBlank() && topic.equals(topic.trim()),
            option,
            topic,
            "must be a topic name");
        OtlpSignal other = seen.putIfAbsent(topic, signal);
        // The topic is the only thing that tells the signal of a message.
        checkOption(
            other == null,
            option,
            topic,
            "must differ from "
                + (other == null ? "" : topicOption(other))
                + "; each signal needs its own topic");
      }
      checkOption(
          groupId != null && !groupId.isBlank(),
          OtlpKafkaOptions.GROUP_ID,
          groupId,
          "must name the consumer group");
      checkOption(
          offsetReset != null, OtlpKafkaOptions.OFFSET_RESET, null, "must be EARLIEST or LATEST");
      checkAtLeast(OtlpKafkaOptions.MAX_MESSAGE_SIZE, maxMessageBytes, 1);
      for (Map.Entry<String, String> e : consumerProperties.entrySet()) {
        String key = OtlpKafkaOptions.PROPERTIES_PREFIX + e.getKey();
        String replacement = RESERVED_PROPERTIES.get(e.getKey());
        checkOption(
            replacement == null, key, e.getValue(), "is set by the source; use " + replacement);
        checkOption(e.getValue() != null, key, null, "must have a value");
      }
      try {
        return StartPosition.parse(startPosition);
      } catch (IllegalArgumentException e) {
        throw OptionChecks.invalidOption(
            OtlpKafkaOptions.START_POSITION.key(), startPosition, StartPosition.ACCEPTED, e);
      }
    }

    private static String topicOption(OtlpSignal signal) {
      switch (signal) {
        case METRICS:
          return OtlpKafkaOptions.METRICS_TOPIC.key();
        case LOGS:
          return OtlpKafkaOptions.LOGS_TOPIC.key();
        default:
          return OtlpKafkaOptions.TRACES_TOPIC.key();
      }
    }
  }
}
