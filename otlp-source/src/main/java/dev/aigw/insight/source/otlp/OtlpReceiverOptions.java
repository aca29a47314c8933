package dev.aigw.insight.source.otlp;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/** Typed configuration options of the OTLP receiver source; read by {@link OtlpReceiverConfig}. */
public final class OtlpReceiverOptions {

  private OtlpReceiverOptions() {}

  /** The OTLP/gRPC port; the OTLP standard port is 4317. */
  public static final ConfigOption<Integer> PORT =
      ConfigOptions.key("otlp.receiver.port")
          .intType()
          .defaultValue(4317)
          .withDescription(
              "TCP port of the OTLP/gRPC server run by each source reader (with port-per-subtask,"
                  + " the first of a range).");

  /** Whether each reader also serves OTLP/HTTP (the default port of most SDKs and agents). */
  public static final ConfigOption<Boolean> HTTP_ENABLED =
      ConfigOptions.key("otlp.http.enabled")
          .booleanType()
          .defaultValue(true)
          .withDescription(
              "If true, each source reader also runs an OTLP/HTTP server (POST /v1/metrics,"
                  + " /v1/logs, /v1/traces; protobuf or JSON) on otlp.http.port, beside the gRPC"
                  + " server and feeding the same queue.");

  /** The OTLP/HTTP port; the OTLP standard port is 4318. */
  public static final ConfigOption<Integer> HTTP_PORT =
      ConfigOptions.key("otlp.http.port")
          .intType()
          .defaultValue(4318)
          .withDescription(
              "TCP port of the OTLP/HTTP server run by each source reader (with port-per-subtask,"
                  + " the first of a range). Bind address, TLS, bearer tokens, size limit, queue"
                  + " and ack mode are the gRPC server's.");

  /** Whether reader i listens on port + i, so that several readers can share one host. */
  public static final ConfigOption<Boolean> PORT_PER_SUBTASK =
      ConfigOptions.key("otlp.receiver.port-per-subtask")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "If true, the reader of subtask i listens on port + i (and on otlp.http.port + i);"
                  + " needed when several readers share one host (e.g. several slots per"
                  + " TaskManager).");

  /** The address the gRPC server binds to. */
  public static final ConfigOption<String> BIND_ADDRESS =
      ConfigOptions.key("otlp.receiver.bind-address")
          .stringType()
          .defaultValue("0.0.0.0")
          .withDescription("Local address the OTLP/gRPC and OTLP/HTTP servers bind to.");

  /** The largest accepted (decompressed) request; larger ones get RESOURCE_EXHAUSTED. */
  public static final ConfigOption<MemorySize> MAX_MESSAGE_SIZE =
      ConfigOptions.key("otlp.receiver.max-message-size")
          .memoryType()
          .defaultValue(MemorySize.parse("4mb"))
          .withDescription(
              "Largest accepted export request after decompression; a larger request is answered"
                  + " RESOURCE_EXHAUSTED.");

  /** Capacity of the hand-off queue between gRPC threads and the task thread, in items. */
  public static final ConfigOption<Integer> QUEUE_CAPACITY =
      ConfigOptions.key("otlp.receiver.queue-capacity")
          .intType()
          .defaultValue(10_000)
          .withDescription(
              "Decoded items (data points, log records, spans; see OtlpDecoder#itemsIn) buffered"
                  + " between the gRPC threads and the task thread; when full,"
                  + " requests are answered UNAVAILABLE with RetryInfo. A request is always"
                  + " accepted when the queue is empty, however large.");

  /** When a request is acknowledged: on-receive or on-checkpoint. */
  public static final ConfigOption<String> ACK_MODE =
      ConfigOptions.key("otlp.receiver.ack-mode")
          .stringType()
          .defaultValue(AckMode.ON_RECEIVE.value())
          .withDescription(
              "'on-receive': answer as soon as the request is queued (lowest latency; a crash can"
                  + " lose queued data). 'on-checkpoint': answer when the checkpoint covering the"
                  + " request completes (at-least-once; clients must wait up to a checkpoint"
                  + " interval).");

  /** PEM certificate chain file; TLS is on when this and the key file are set. */
  public static final ConfigOption<String> TLS_CERT_CHAIN_FILE =
      ConfigOptions.key("otlp.receiver.tls.cert-chain-file")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "PEM file with the server certificate chain; set together with the private key file"
                  + " to enable TLS.");

  /** PEM PKCS#8 private key file for TLS. */
  public static final ConfigOption<String> TLS_PRIVATE_KEY_FILE =
      ConfigOptions.key("otlp.receiver.tls.private-key-file")
          .stringType()
          .noDefaultValue()
          .withDescription("PEM file with the server's unencrypted PKCS#8 private key.");

  /** Optional bearer token every request must carry in its authorization header. */
  public static final ConfigOption<String> BEARER_TOKEN =
      ConfigOptions.key("otlp.receiver.bearer-token")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "If set, every request must carry 'authorization: Bearer <token>'; others are"
                  + " answered UNAUTHENTICATED and not processed. Prefer"
                  + " otlp.receiver.bearer-tokens-file or otlp.receiver.bearer-tokens-env: a value"
                  + " here sits in the job's configuration.");

  /** File with accepted bearer tokens, one per line; re-read when it changes. */
  public static final ConfigOption<String> BEARER_TOKENS_FILE =
      ConfigOptions.key("otlp.receiver.bearer-tokens-file")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "File with accepted bearer tokens, one per line ('#' starts a comment line). Re-read"
                  + " when it changes (checked every"
                  + " otlp.receiver.bearer-tokens-file.check-interval), so tokens rotate without a"
                  + " restart: add the new token, move the clients, remove the old token. Accepted"
                  + " together with otlp.receiver.bearer-token and otlp.receiver.bearer-tokens-env.");

  /** How often the token file is checked for changes. */
  public static final ConfigOption<Duration> BEARER_TOKENS_FILE_CHECK_INTERVAL =
      ConfigOptions.key("otlp.receiver.bearer-tokens-file.check-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription(
              "How often the receiver checks otlp.receiver.bearer-tokens-file for changes.");

  /** Name of an environment variable holding accepted bearer tokens. */
  public static final ConfigOption<String> BEARER_TOKENS_ENV =
      ConfigOptions.key("otlp.receiver.bearer-tokens-env")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Name of an environment variable of the TaskManagers that holds accepted bearer"
                  + " tokens, separated by commas or newlines (e.g. filled from a Kubernetes"
                  + " Secret). Read when the receiver starts.");

  /** Delay advertised to throttled clients in RetryInfo. */
  public static final ConfigOption<Duration> RETRY_DELAY =
      ConfigOptions.key("otlp.receiver.retry-delay")
          .durationType()
          .defaultValue(Duration.ofSeconds(1))
          .withDescription(
              "Retry delay advertised in the RetryInfo of UNAVAILABLE answers (queue full,"
                  + " shutdown).");

  /** How long close() lets in-flight calls finish before it cuts connections. */
  public static final ConfigOption<Duration> SHUTDOWN_TIMEOUT =
      ConfigOptions.key("otlp.receiver.shutdown-timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(5))
          .withDescription("How long closing the reader waits for in-flight calls to finish.");
}
