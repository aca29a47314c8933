package dev.aigw.insight.source.otlp;

import static dev.aigw.insight.options.OptionChecks.checkAtLeast;
import static dev.aigw.insight.options.OptionChecks.checkOption;
import static dev.aigw.insight.options.OptionChecks.checkPositive;

import dev.aigw.insight.options.OptionChecks;
import dev.aigw.insight.source.otlp.decoder.OtlpDecoder;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Builds an {@link OtlpReceiverSource}; options come from {@link OtlpReceiverOptions}, set one by
 * one or passed through with {@link #setConfiguration}. {@link #build()} validates them and names
 * the wrong option and value.
 */
public final class OtlpReceiverSourceBuilder<T> {

  private static final List<ConfigOption<?>> ALL_OPTIONS =
      List.of(
          OtlpReceiverOptions.PORT,
          OtlpReceiverOptions.PORT_PER_SUBTASK,
          OtlpReceiverOptions.HTTP_ENABLED,
          OtlpReceiverOptions.HTTP_PORT,
          OtlpReceiverOptions.BIND_ADDRESS,
          OtlpReceiverOptions.MAX_MESSAGE_SIZE,
          OtlpReceiverOptions.QUEUE_CAPACITY,
          OtlpReceiverOptions.ACK_MODE,
          OtlpReceiverOptions.TLS_CERT_CHAIN_FILE,
          OtlpReceiverOptions.TLS_PRIVATE_KEY_FILE,
          OtlpReceiverOptions.BEARER_TOKEN,
          OtlpReceiverOptions.BEARER_TOKENS_FILE,
          OtlpReceiverOptions.BEARER_TOKENS_FILE_CHECK_INTERVAL,
          OtlpReceiverOptions.BEARER_TOKENS_ENV,
          OtlpReceiverOptions.RETRY_DELAY,
          OtlpReceiverOptions.SHUTDOWN_TIMEOUT);

  private final Configuration options = new Configuration();
  private OtlpDecoder<T> decoder;

  OtlpReceiverSourceBuilder() {}

  /** The decoder that turns export requests into records (required). */
  public OtlpReceiverSourceBuilder<T> setDecoder(OtlpDecoder<T> decoder) {
    this.decoder = decoder;
    return this;
  }

  /**
   * Copies every {@code otlp.receiver.*} and {@code otlp.http.*} option present in {@code config}.
   */
  public OtlpReceiverSourceBuilder<T> setConfiguration(ReadableConfig config) {
    for (ConfigOption<?> option : ALL_OPTIONS) {
      copy(config, option);
    }
    return this;
  }

  private <V> void copy(ReadableConfig config, ConfigOption<V> option) {
    config.getOptional(option).ifPresent(value -> options.set(option, value));
  }

  /** {@link OtlpReceiverOptions#PORT}. */
  public OtlpReceiverSourceBuilder<T> setPort(int port) {
    options.set(OtlpReceiverOptions.PORT, port);
    return this;
  }

  /** {@link OtlpReceiverOptions#PORT_PER_SUBTASK}. */
  public OtlpReceiverSourceBuilder<T> setPortPerSubtask(boolean portPerSubtask) {
    options.set(OtlpReceiverOptions.PORT_PER_SUBTASK, portPerSubtask);
    return this;
  }

  /** {@link OtlpReceiverOptions#HTTP_PORT}. */
  public OtlpReceiverSourceBuilder<T> setHttpPort(int port) {
    options.set(OtlpReceiverOptions.HTTP_PORT, port);
    return this;
  }

  /** {@link OtlpReceiverOptions#HTTP_ENABLED}. */
  public OtlpReceiverSourceBuilder<T> setHttpEnabled(boolean enabled) {
    options.set(OtlpReceiverOptions.HTTP_ENABLED, enabled);
    return this;
  }

  /** {@link OtlpReceiverOptions#BIND_ADDRESS}; null restores the default. */
  public OtlpReceiverSourceBuilder<T> setBindAddress(String bindAddress) {
    setOrReset(OtlpReceiverOptions.BIND_ADDRESS, bindAddress);
    return this;
  }

  /** {@link OtlpReceiverOptions#MAX_MESSAGE_SIZE}. */
  public OtlpReceiverSourceBuilder<T> setMaxMessageSize(MemorySize maxMessageSize) {
    options.set(OtlpReceiverOptions.MAX_MESSAGE_SIZE, maxMessageSize);
    return this;
  }

  /** {@link OtlpReceiverOptions#QUEUE_CAPACITY}. */
  public OtlpReceiverSourceBuilder<T> setQueueCapacity(int records) {
    options.set(OtlpReceiverOptions.QUEUE_CAPACITY, records);
    return this;
  }

  /** {@link OtlpReceiverOptions#ACK_MODE}; null restores the default. */
  public OtlpReceiverSourceBuilder<T> setAckMode(AckMode ackMode) {
    setOrReset(OtlpReceiverOptions.ACK_MODE, ackMode == null ? null : ackMode.value());
    return this;
  }

  /**
   * {@link OtlpReceiverOptions#TLS_CERT_CHAIN_FILE} and {@link
   * OtlpReceiverOptions#TLS_PRIVATE_KEY_FILE}; nulls turn TLS off.
   */
  public OtlpReceiverSourceBuilder<T> setTls(String certChainFile, String privateKeyFile) {
    setOrReset(OtlpReceiverOptions.TLS_CERT_CHAIN_FILE, certChainFile);
    setOrReset(OtlpReceiverOptions.TLS_PRIVATE_KEY_FILE, privateKeyFile);
    return this;
  }

  /** {@link OtlpReceiverOptions#BEARER_TOKEN}; null turns the check off. */
  public OtlpReceiverSourceBuilder<T> setBearerToken(String token) {
    setOrReset(OtlpReceiverOptions.BEARER_TOKEN, token);
    return this;
  }

  /**
   * {@link OtlpReceiverOptions#BEARER_TOKENS_FILE} and its check interval; a null file turns that
   * source off.
   */
  public OtlpReceiverSourceBuilder<T> setBearerTokensFile(String file, Duration checkInterval) {
    setOrReset(OtlpReceiverOptions.BEARER_TOKENS_FILE, file);
    options.set(OtlpReceiverOptions.BEARER_TOKENS_FILE_CHECK_INTERVAL, checkInterval);
    return this;
  }

  /** {@link OtlpReceiverOptions#BEARER_TOKENS_ENV}; null turns that source off. */
  public OtlpReceiverSourceBuilder<T> setBearerTokensEnv(String variableName) {
    setOrReset(OtlpReceiverOptions.BEARER_TOKENS_ENV, variableName);
    return this;
  }

  private void setOrReset(ConfigOption<String> option, String value) {
    if (value == null) {
      options.removeConfig(option);
    } else {
      options.set(option, value);
    }
  }

  /** {@link OtlpReceiverOptions#RETRY_DELAY}. */
  public OtlpReceiverSourceBuilder<T> setRetryDelay(Duration retryDelay) {
    options.set(OtlpReceiverOptions.RETRY_DELAY, retryDelay);
    return this;
  }

  /** {@link OtlpReceiverOptions#SHUTDOWN_TIMEOUT}. */
  public OtlpReceiverSourceBuilder<T> setShutdownTimeout(Duration shutdownTimeout) {
    options.set(OtlpReceiverOptions.SHUTDOWN_TIMEOUT, shutdownTimeout);
    return this;
  }

  /** Validates and builds the source. */
  public OtlpReceiverSource<T> build() {
    sanityCheck();
    return new OtlpReceiverSource<>(decoder, OtlpReceiverConfig.fromValidated(options));
  }

  /**
   * Checks every option; the message names the option and the wrong value ({@link OptionChecks}).
   */
  void sanityCheck() {
    if (decoder == null) {
      throw new IllegalArgumentException("The OTLP receiver source needs setDecoder(...)");
    }
    int port = options.get(OtlpReceiverOptions.PORT);
    checkOption(port >= 1 && port <= 65535, OtlpReceiverOptions.PORT, port, "must be in 1..65535");
    int httpPort = options.get(OtlpReceiverOptions.HTTP_PORT);
    checkOption(
        httpPort >= 1 && httpPort <= 65535,
        OtlpReceiverOptions.HTTP_PORT,
        httpPort,
        "must be in 1..65535");
    checkOption(
        !options.get(OtlpReceiverOptions.HTTP_ENABLED) || httpPort != port,
        OtlpReceiverOptions.HTTP_PORT,
        httpPort,
        "must differ from " + OtlpReceiverOptions.PORT.key() + " (gRPC)");
    String bind = options.get(OtlpReceiverOptions.BIND_ADDRESS);
    checkOption(
        bind != null && !bind.isBlank(),
        OtlpReceiverOptions.BIND_ADDRESS,
        bind,
        "must be a host name or IP address, e.g. 0.0.0.0");
    MemorySize maxSize = options.get(OtlpReceiverOptions.MAX_MESSAGE_SIZE);
    checkOption(
        maxSize.getBytes() >= 1 && maxSize.getBytes() <= Integer.MAX_VALUE,
        OtlpReceiverOptions.MAX_MESSAGE_SIZE,
        maxSize,
        "must be between 1 byte and 2gb - 1");
    int capacity = options.get(OtlpReceiverOptions.QUEUE_CAPACITY);
    checkAtLeast(OtlpReceiverOptions.QUEUE_CAPACITY, capacity, 1);
    String ackMode = options.get(OtlpReceiverOptions.ACK_MODE);
    checkOption(
        ackMode != null && AckMode.fromValue(ackMode).isPresent(),
        OtlpReceiverOptions.ACK_MODE,
        ackMode,
        "must be '" + AckMode.ON_RECEIVE.value() + "' or '" + AckMode.ON_CHECKPOINT.value() + "'");
    String cert = options.get(OtlpReceiverOptions.TLS_CERT_CHAIN_FILE);
    String key = options.get(OtlpReceiverOptions.TLS_PRIVATE_KEY_FILE);
    checkOption(
        cert != null || key == null,
        OtlpReceiverOptions.TLS_CERT_CHAIN_FILE,
        cert,
        "must be set when " + OtlpReceiverOptions.TLS_PRIVATE_KEY_FILE.key() + " is set");
    checkOption(
        key != null || cert == null,
        OtlpReceiverOptions.TLS_PRIVATE_KEY_FILE,
        key,
        "must be set when " + OtlpReceiverOptions.TLS_CERT_CHAIN_FILE.key() + " is set");
    checkOption(
        cert == null || !cert.isBlank(),
        OtlpReceiverOptions.TLS_CERT_CHAIN_FILE,
        cert,
        "must be a file path");
    checkOption(
        key == null || !key.isBlank(),
        OtlpReceiverOptions.TLS_PRIVATE_KEY_FILE,
        key,
        "must be a file path");
    String token = options.get(OtlpReceiverOptions.BEARER_TOKEN);
    // The token's value is never echoed: only whether it was blank.
    checkOption(
        token == null || !token.isBlank(),
        OtlpReceiverOptions.BEARER_TOKEN,
        "<blank>",
        "must not be blank; leave it unset to accept requests without a token");
    String tokensFile = options.get(OtlpReceiverOptions.BEARER_TOKENS_FILE);
    checkOption(
        tokensFile == null || !tokensFile.isBlank(),
        OtlpReceiverOptions.BEARER_TOKENS_FILE,
        tokensFile,
        "must be a file path");
    Duration tokensCheck = options.get(OtlpReceiverOptions.BEARER_TOKENS_FILE_CHECK_INTERVAL);
    checkPositive(OtlpReceiverOptions.BEARER_TOKENS_FILE_CHECK_INTERVAL, tokensCheck);
    String tokensEnv = options.get(OtlpReceiverOptions.BEARER_TOKENS_ENV);
    checkOption(
        tokensEnv == null || tokensEnv.matches("[A-Za-z_][A-Za-z0-9_]*"),
        OtlpReceiverOptions.BEARER_TOKENS_ENV,
        tokensEnv,
        "must be an environment variable name (letters, digits, '_')");
    Duration retryDelay = options.get(OtlpReceiverOptions.RETRY_DELAY);
    checkPositive(OtlpReceiverOptions.RETRY_DELAY, retryDelay);
    Duration shutdown = options.get(OtlpReceiverOptions.SHUTDOWN_TIMEOUT);
    checkOption(
        !shutdown.isNegative(),
        OtlpReceiverOptions.SHUTDOWN_TIMEOUT,
        shutdown,
        "must not be negative");
  }
}
