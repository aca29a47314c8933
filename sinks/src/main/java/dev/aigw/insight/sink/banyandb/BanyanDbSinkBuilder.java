package dev.aigw.insight.sink.banyandb;

import static dev.aigw.insight.options.OptionChecks.checkAtLeast;
import static dev.aigw.insight.options.OptionChecks.checkOption;
import static dev.aigw.insight.options.OptionChecks.checkPositive;
import static dev.aigw.insight.sink.banyandb.BanyanDbSinkOptions.BATCH_SIZE;
import static dev.aigw.insight.sink.banyandb.BanyanDbSinkOptions.FLUSH_INTERVAL;
import static dev.aigw.insight.sink.banyandb.BanyanDbSinkOptions.INITIAL_BACKOFF;
import static dev.aigw.insight.sink.banyandb.BanyanDbSinkOptions.MAX_BACKOFF;
import static dev.aigw.insight.sink.banyandb.BanyanDbSinkOptions.MAX_RETRIES;
import static dev.aigw.insight.sink.banyandb.BanyanDbSinkOptions.MAX_TAG_VALUE_SIZE;
import static dev.aigw.insight.sink.banyandb.BanyanDbSinkOptions.NOT_FOUND_GRACE;
import static dev.aigw.insight.sink.banyandb.BanyanDbSinkOptions.REQUEST_TIMEOUT;

import dev.aigw.insight.options.OptionChecks;
import dev.aigw.insight.sink.badrecord.BadRecordMode;
import dev.aigw.insight.sink.banyandb.schema.BanyanDbSchema;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Builds a {@link BanyanDbSink}: an emitter and a schema are required; every option has a default
 * ({@link BanyanDbSinkOptions}). {@link #build()} runs {@link #sanityCheck()}, which names the
 * wrong option and value in the one format of {@link OptionChecks}.
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
  public BanyanDbSinkBuilder<T> setConfiguration(ReadableConfig source) {
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

  /** Checks the required parts and every option, naming the wrong one ({@link OptionChecks}). */
  private void sanityCheck() {
    if (emitter == null) {
      throw new IllegalArgumentException("The BanyanDB sink needs setEmitter(...)");
    }
    if (schema == null) {
      throw new IllegalArgumentException("The BanyanDB sink needs setSchema(...)");
    }
    List<String> targets = configuration.get(BanyanDbSinkOptions.TARGETS);
    checkOption(!targets.isEmpty(), BanyanDbSinkOptions.TARGETS, targets, "at least one host:port");
    for (String target : targets) {
      int colon = target.lastIndexOf(':');
      checkOption(
          colon > 0 && isPort(target.substring(colon + 1)),
          BanyanDbSinkOptions.TARGETS,
          target,
          "must be host:port");
    }
    checkAtLeast(BATCH_SIZE, configuration.get(BATCH_SIZE), 1);
    checkPositive(FLUSH_INTERVAL, configuration.get(FLUSH_INTERVAL));
    checkAtLeast(MAX_RETRIES, configuration.get(MAX_RETRIES), 0);
    Duration initial = configuration.get(INITIAL_BACKOFF);
    Duration max = configuration.get(MAX_BACKOFF);
    checkPositive(INITIAL_BACKOFF, initial);
    checkPositive(MAX_BACKOFF, max);
    checkOption(
        max.compareTo(initial) >= 0,
        MAX_BACKOFF,
        max,
        "must not be shorter than " + INITIAL_BACKOFF.key() + " (" + initial + ")");
    checkPositive(REQUEST_TIMEOUT, configuration.get(REQUEST_TIMEOUT));
    MemorySize maxValue = configuration.get(MAX_TAG_VALUE_SIZE);
    // below the dimension bound of the analysis: every bounded name must fit
    checkOption(maxValue.getBytes() >= 256, MAX_TAG_VALUE_SIZE, maxValue, "must be at least 256b");
    Duration grace = configuration.get(NOT_FOUND_GRACE);
    checkOption(!grace.isNegative(), NOT_FOUND_GRACE, grace, "must not be negative");
  }

  private static boolean isPort(String text) {
    try {
      int port = Integer.parseInt(text);
      return port > 0 && port < 65536;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private <V> void copy(ReadableConfig source, ConfigOption<V> option) {
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
