package dev.aigw.insight.source.otlp;

import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The receiver's settings, read once from {@link OtlpReceiverOptions}; immutable and shipped to
 * every reader. Built (and validated) by {@link OtlpReceiverSourceBuilder}.
 */
public final class OtlpReceiverConfig implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int port;
  private final boolean portPerSubtask;
  private final boolean httpEnabled;
  private final int httpPort;
  private final String bindAddress;
  private final int maxMessageSizeBytes;
  private final int queueCapacity;
  private final AckMode ackMode;
  private final String tlsCertChainFile;
  private final String tlsPrivateKeyFile;
  private final String bearerToken;
  private final String bearerTokensFile;
  private final Duration bearerTokensCheckInterval;
  private final String bearerTokensEnv;
  private final Duration retryDelay;
  private final Duration shutdownTimeout;

  private OtlpReceiverConfig(ReadableConfig c) {
    this.port = c.get(OtlpReceiverOptions.PORT);
    this.portPerSubtask = c.get(OtlpReceiverOptions.PORT_PER_SUBTASK);
    this.httpEnabled = c.get(OtlpReceiverOptions.HTTP_ENABLED);
    this.httpPort = c.get(OtlpReceiverOptions.HTTP_PORT);
    this.bindAddress = c.get(OtlpReceiverOptions.BIND_ADDRESS);
    this.maxMessageSizeBytes = (int) c.get(OtlpReceiverOptions.MAX_MESSAGE_SIZE).getBytes();
    this.queueCapacity = c.get(OtlpReceiverOptions.QUEUE_CAPACITY);
    this.ackMode = AckMode.fromValue(c.get(OtlpReceiverOptions.ACK_MODE)).orElseThrow();
    this.tlsCertChainFile = c.get(OtlpReceiverOptions.TLS_CERT_CHAIN_FILE);
    this.tlsPrivateKeyFile = c.get(OtlpReceiverOptions.TLS_PRIVATE_KEY_FILE);
    this.bearerToken = c.get(OtlpReceiverOptions.BEARER_TOKEN);
    this.bearerTokensFile = c.get(OtlpReceiverOptions.BEARER_TOKENS_FILE);
    this.bearerTokensCheckInterval = c.get(OtlpReceiverOptions.BEARER_TOKENS_FILE_CHECK_INTERVAL);
    this.bearerTokensEnv = c.get(OtlpReceiverOptions.BEARER_TOKENS_ENV);
    this.retryDelay = c.get(OtlpReceiverOptions.RETRY_DELAY);
    this.shutdownTimeout = c.get(OtlpReceiverOptions.SHUTDOWN_TIMEOUT);
  }

  /** Reads already validated options (see {@link OtlpReceiverSourceBuilder#sanityCheck}). */
  static OtlpReceiverConfig fromValidated(ReadableConfig config) {
    return new OtlpReceiverConfig(config);
  }

  /** The port the reader of {@code subtaskIndex} listens on. */
  public int portFor(int subtaskIndex) {
    return portPerSubtask ? port + subtaskIndex : port;
  }

  /** The OTLP/HTTP port the reader of {@code subtaskIndex} listens on. */
  public int httpPortFor(int subtaskIndex) {
    return portPerSubtask ? httpPort + subtaskIndex : httpPort;
  }

  /** Whether the readers serve OTLP/HTTP besides OTLP/gRPC. */
  public boolean httpEnabled() {
    return httpEnabled;
  }

  public int httpPort() {
    return httpPort;
  }

  public int port() {
    return port;
  }

  public boolean portPerSubtask() {
    return portPerSubtask;
  }

  public String bindAddress() {
    return bindAddress;
  }

  public int maxMessageSizeBytes() {
    return maxMessageSizeBytes;
  }

  public int queueCapacity() {
    return queueCapacity;
  }

  public AckMode ackMode() {
    return ackMode;
  }

  /** Certificate chain and key files, present when TLS is enabled. */
  public Optional<String[]> tlsFiles() {
    return tlsCertChainFile == null
        ? Optional.empty()
        : Optional.of(new String[] {tlsCertChainFile, tlsPrivateKeyFile});
  }

  public Optional<String> bearerToken() {
    return Optional.ofNullable(bearerToken);
  }

  /** The token file ({@link OtlpReceiverOptions#BEARER_TOKENS_FILE}), if set. */
  public Optional<String> bearerTokensFile() {
    return Optional.ofNullable(bearerTokensFile);
  }

  public Duration bearerTokensCheckInterval() {
    return bearerTokensCheckInterval;
  }

  /** The environment variable holding tokens ({@link OtlpReceiverOptions#BEARER_TOKENS_ENV}). */
  public Optional<String> bearerTokensEnv() {
    return Optional.ofNullable(bearerTokensEnv);
  }

  /** Whether any token source is configured: then every call must carry an accepted token. */
  public boolean authenticationEnabled() {
    return bearerToken != null || bearerTokensFile != null || bearerTokensEnv != null;
  }

  public Duration retryDelay() {
    return retryDelay;
  }

  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  @Override
  public String toString() {
    return "OtlpReceiverConfig{port="
        + port
        + ", portPerSubtask="
        + portPerSubtask
        + ", http="
        + (httpEnabled ? Integer.toString(httpPort) : "off")
        + ", bindAddress="
        + bindAddress
        + ", maxMessageSizeBytes="
        + maxMessageSizeBytes
        + ", queueCapacity="
        + queueCapacity
        + ", ackMode="
        + ackMode.value()
        + ", tls="
        + (tlsCertChainFile != null)
        + ", bearerToken="
        + (bearerToken != null ? "<set>" : "<none>")
        + ", bearerTokensFile="
        + bearerTokensFile
        + ", bearerTokensEnv="
        + bearerTokensEnv
        + ", retryDelay="
        + retryDelay
        + ", shutdownTimeout="
        + shutdownTimeout
        + '}';
  }
}
