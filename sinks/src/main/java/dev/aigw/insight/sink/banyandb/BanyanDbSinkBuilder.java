package dev.aigw.insight.sink.banyandb;

import dev.aigw.insight.sink.badrecord.BadRecordMode;
import dev.aigw.insight.sink.banyandb.schema.BanyanDbSchema;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;

/**
 * Builds a {@link BanyanDbSink}: an emitter and a schema are required; every option has a default
 * ({@link BanyanDbSinkOptions}). {@link #build()} rejects wrong values, naming the option.
 */
public final class BanyanDbSinkBuilder<T> {
  private final Configuration configuration = new Configuration();
  private BanyanDbEmitter<T> emitter;
  private BanyanDbSchema schema;

  BanyanDbSinkBuilder() {}

  public BanyanDbSinkBuilder<T> setEmitter(BanyanDbEmitter<T> emitter) {
    this.emitter = emitter;
    return this;
  }

  public BanyanDbSinkBuilder<T> setSchema(BanyanDbSchema schema) {
    this.schema = schema;
    return this;
  }

  /** Takes every {@code banyandb.*} option present in the given configuration. */
  public BanyanDbSinkBuilder<T> setConfiguration(Configuration source) {
    for (ConfigOption<?> option : allOptions()) {
      copy(source, option);
    }
    return this;
  }

  public BanyanDbSinkBuilder<T> setTargets(String... targets) {
    configuration.set(BanyanDbSinkOptions.TARGETS, Arrays.asList(targets));
    return this;
  }

  public BanyanDbSinkBuilder<T> setBatchSize(int batchSize) {
    configuration.set(BanyanDbSinkOptions.BATCH_SIZE, batchSize);
    return this;
  }

  public BanyanDbSinkBuilder<T> setFlushInterval(Duration interval) {
    configuration.set(BanyanDbSinkOptions.FLUSH_INTERVAL, interval);
    return this;
  }

  public BanyanDbSinkBuilder<T> setMaxRetries(int maxRetries) {
    configuration.set(BanyanDbSinkOptions.MAX_RETRIES, maxRetries);
    return this;
  }

  public BanyanDbSinkBuilder<T> setBackoff(Duration initial, Duration max) {
    configuration.set(BanyanDbSinkOptions.INITIAL_BACKOFF, initial);
    configuration.set(BanyanDbSinkOptions.MAX_BACKOFF, max);
    return this;
  }

  public BanyanDbSinkBuilder<T> setRequestTimeout(Duration timeout) {
    configuration.set(BanyanDbSinkOptions.REQUEST_TIMEOUT, timeout);
    return this;
  }

  public BanyanDbSinkBuilder<T> setNotFoundGrace(Duration grace) {
    configuration.set(BanyanDbSinkOptions.NOT_FOUND_GRACE, grace);
    return this;
  }

  public BanyanDbSinkBuilder<T> setBadRecordMode(BadRecordMode mode) {
    configuration.set(BanyanDbSinkOptions.BAD_RECORD_MODE, mode);
    return this;
  }

  public BanyanDbSinkBuilder<T> setMaxTagValueSize(MemorySize size) {
    configuration.set(BanyanDbSinkOptions.MAX_TAG_VALUE_SIZE, size);
    return this;
  }

  public BanyanDbSinkBuilder<T> setCreateMissingSchema(boolean create) {
    configuration.set(BanyanDbSinkOptions.CREATE_MISSING_SCHEMA, create);
    return this;
  }

  /** Validates and builds the sink. */
  public BanyanDbSink<T> build() {
    sanityCheck();
    return new BanyanDbSink<>(new BanyanDbSinkConfig(configuration), schema, emitter);
  }

  private void sanityCheck() {
    if (emitter == null) {
      throw new IllegalArgumentException("The BanyanDB sink needs an emitter (setEmitter)");
    }
    if (schema == null) {
      throw new IllegalArgumentException("The BanyanDB sink needs a schema (setSchema)");
    }
    List<String> targets = configuration.get(BanyanDbSinkOptions.TARGETS);
    if (targets.isEmpty()) {
      throw invalid(BanyanDbSinkOptions.TARGETS, targets, "at least one host:port");
    }
    for (String target : targets) {
      int colon = target.lastIndexOf(':');
      if (colon <= 0 || !isPort(target.substring(colon + 1))) {
        throw invalid(BanyanDbSinkOptions.TARGETS, target, "host:port");
      }
    }
    positive(BanyanDbSinkOptions.BATCH_SIZE);
    positive(BanyanDbSinkOptions.FLUSH_INTERVAL);
    int retries = configuration.get(BanyanDbSinkOptions.MAX_RETRIES);
    if (retries < 0) {
      throw invalid(BanyanDbSinkOptions.MAX_RETRIES, retries, "a value >= 0");
    }
    positive(BanyanDbSinkOptions.INITIAL_BACKOFF);
    positive(BanyanDbSinkOptions.MAX_BACKOFF);
    if (configuration
            .get(BanyanDbSinkOptions.MAX_BACKOFF)
            .compareTo(configuration.get(BanyanDbSinkOptions.INITIAL_BACKOFF))
        < 0) {
      throw invalid(
          BanyanDbSinkOptions.MAX_BACKOFF,
          configuration.get(BanyanDbSinkOptions.MAX_BACKOFF),
          "at least " + BanyanDbSinkOptions.INITIAL_BACKOFF.key());
    }
    positive(BanyanDbSinkOptions.REQUEST_TIMEOUT);
    long maxValue = configuration.get(BanyanDbSinkOptions.MAX_TAG_VALUE_SIZE).getBytes();
    if (maxValue < 256) {
      // below the dimension bound of the analysis: every bounded name must fit
      throw invalid(BanyanDbSinkOptions.MAX_TAG_VALUE_SIZE, maxValue + " bytes", "at least 256b");
    }
    Duration grace = configuration.get(BanyanDbSinkOptions.NOT_FOUND_GRACE);
    if (grace.isNegative()) {
      throw invalid(BanyanDbSinkOptions.NOT_FOUND_GRACE, grace, "a duration >= 0");
    }
  }

  private void positive(ConfigOption<?> option) {
    Object value = configuration.get(option);
    boolean ok =
        value instanceof Integer i
            ? i > 0
            : !((Duration) value).isNegative() && !((Duration) value).isZero();
    if (!ok) {
      throw invalid(option, value, "a positive value");
    }
  }

  private static boolean isPort(String text) {
    try {
      int port = Integer.parseInt(text);
      return port > 0 && port < 65536;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static IllegalArgumentException invalid(
      ConfigOption<?> option, Object value, String need) {
    return new IllegalArgumentException(
        "Invalid value '" + value + "' for option " + option.key() + ": expected " + need);
  }

  @SuppressWarnings("unchecked")
  private <V> void copy(Configuration source, ConfigOption<V> option) {
    source.getOptional(option).ifPresent(v -> configuration.set(option, v));
  }

  private static List<ConfigOption<?>> allOptions() {
    return List.of(
        BanyanDbSinkOptions.TARGETS,
        BanyanDbSinkOptions.BATCH_SIZE,
        BanyanDbSinkOptions.FLUSH_INTERVAL,
        BanyanDbSinkOptions.MAX_RETRIES,
        BanyanDbSinkOptions.INITIAL_BACKOFF,
        BanyanDbSinkOptions.MAX_BACKOFF,
        BanyanDbSinkOptions.REQUEST_TIMEOUT,
        BanyanDbSinkOptions.NOT_FOUND_GRACE,
        BanyanDbSinkOptions.CREATE_MISSING_SCHEMA,
        BanyanDbSinkOptions.BAD_RECORD_MODE,
        BanyanDbSinkOptions.MAX_TAG_VALUE_SIZE);
  }
}
