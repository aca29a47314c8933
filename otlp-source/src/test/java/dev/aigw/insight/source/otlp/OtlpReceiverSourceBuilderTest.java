package dev.aigw.insight.source.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.source.otlp.testing.ReceivedItem;
import dev.aigw.insight.source.otlp.testing.TestDecoder;
import java.time.Duration;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.api.Test;

class OtlpReceiverSourceBuilderTest {

  private static OtlpReceiverSourceBuilder<ReceivedItem> valid() {
    return OtlpReceiverSource.<ReceivedItem>builder().setDecoder(new TestDecoder());
  }

  @Test
  void defaults() {
    OtlpReceiverConfig config = valid().build().config();
    assertThat(config.port()).isEqualTo(4317);
    assertThat(config.portPerSubtask()).isFalse();
    assertThat(config.portFor(3)).isEqualTo(4317);
    assertThat(config.httpEnabled()).isTrue();
    assertThat(config.httpPortFor(3)).isEqualTo(4318);
    assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
    assertThat(config.maxMessageSizeBytes()).isEqualTo(4 * 1024 * 1024);
    assertThat(config.queueCapacity()).isEqualTo(10_000);
    assertThat(config.ackMode()).isEqualTo(AckMode.ON_RECEIVE);
    assertThat(config.tlsFiles()).isEmpty();
    assertThat(config.bearerToken()).isEmpty();
    assertThat(config.retryDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(valid().build().getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
  }

  @Test
  void readsEveryOptionFromAFlinkConfiguration() {
    Configuration conf = new Configuration();
    conf.setString("otlp.receiver.port", "14317");
    conf.setString("otlp.receiver.port-per-subtask", "true");
    conf.setString("otlp.http.enabled", "false");
    conf.setString("otlp.http.port", "14318");
    conf.setString("otlp.receiver.bind-address", "127.0.0.1");
    conf.setString("otlp.receiver.max-message-size", "1mb");
    conf.setString("otlp.receiver.queue-capacity", "50");
    conf.setString("otlp.receiver.ack-mode", "on-checkpoint");
    conf.setString("otlp.receiver.tls.cert-chain-file", "/tls/cert.pem");
    conf.setString("otlp.receiver.tls.private-key-file", "/tls/key.pem");
    conf.setString("otlp.receiver.bearer-token", "s3cret");
    conf.setString("otlp.receiver.retry-delay", "250 ms");
    conf.setString("otlp.receiver.shutdown-timeout", "3 s");
    conf.setString("unrelated.option", "ignored");

    OtlpReceiverConfig config = valid().setConfiguration(conf).build().config();

    assertThat(config.port()).isEqualTo(14317);
    assertThat(config.portFor(2)).isEqualTo(14319);
    assertThat(config.httpEnabled()).isFalse();
    assertThat(config.httpPortFor(2)).isEqualTo(14320);
    assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(config.maxMessageSizeBytes()).isEqualTo(1024 * 1024);
    assertThat(config.queueCapacity()).isEqualTo(50);
    assertThat(config.ackMode()).isEqualTo(AckMode.ON_CHECKPOINT);
    assertThat(config.tlsFiles())
        .hasValueSatisfying(f -> assertThat(f).containsExactly("/tls/cert.pem", "/tls/key.pem"));
    assertThat(config.bearerToken()).hasValue("s3cret");
    assertThat(config.retryDelay()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.toString()).doesNotContain("s3cret");
  }

  @Test
  void setterAfterConfigurationWins() {
    Configuration conf = new Configuration();
    conf.setString("otlp.receiver.port", "14317");
    assertThat(valid().setConfiguration(conf).setPort(5000).build().config().port())
        .isEqualTo(5000);
  }

  @Test
  void nullsRestoreDefaults() {
    OtlpReceiverConfig config =
        valid()
            .setBindAddress("127.0.0.1")
            .setBindAddress(null)
            .setAckMode(AckMode.ON_CHECKPOINT)
            .setAckMode(null)
            .setTls("/c.pem", "/k.pem")
            .setTls(null, null)
            .setBearerToken("t")
            .setBearerToken(null)
            .build()
            .config();
    assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
    assertThat(config.ackMode()).isEqualTo(AckMode.ON_RECEIVE);
    assertThat(config.tlsFiles()).isEmpty();
    assertThat(config.bearerToken()).isEmpty();
  }

  @Test
  void rejectsMissingDecoder() {
    assertThatThrownBy(() -> OtlpReceiverSource.<ReceivedItem>builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The OTLP receiver source needs setDecoder(...)");
  }

  @Test
  void rejectsPortZero() {
    assertInvalid(
        valid().setPort(0), "Invalid value 0 for 'otlp.receiver.port': must be in 1..65535");
  }

  @Test
  void rejectsPortAbove65535() {
    assertInvalid(
        valid().setPort(70000),
        "Invalid value 70000 for 'otlp.receiver.port': must be in 1..65535");
  }

  @Test
  void rejectsHttpPortOutOfRangeOrEqualToTheGrpcPort() {
    assertInvalid(
        valid().setHttpPort(0), "Invalid value 0 for 'otlp.http.port': must be in 1..65535");
    assertInvalid(
        valid().setPort(5000).setHttpPort(5000),
        "Invalid value 5000 for 'otlp.http.port': must differ from otlp.receiver.port (gRPC)");
    valid().setPort(5000).setHttpPort(5000).setHttpEnabled(false).build();
  }

  @Test
  void rejectsBlankBindAddress() {
    assertInvalid(
        valid().setBindAddress(" "),
        "Invalid value ' ' for 'otlp.receiver.bind-address': must be a host name or IP address, e.g. 0.0.0.0");
  }

  @Test
  void rejectsZeroMaxMessageSize() {
    assertInvalid(
        valid().setMaxMessageSize(MemorySize.ZERO),
        "Invalid value 0 bytes for 'otlp.receiver.max-message-size': must be between 1 byte and 2gb - 1");
  }

  @Test
  void rejectsMaxMessageSizeAbove2Gb() {
    assertInvalid(
        valid().setMaxMessageSize(MemorySize.parse("3gb")),
        "Invalid value 3 gb for 'otlp.receiver.max-message-size': must be between 1 byte and 2gb - 1");
  }

  @Test
  void rejectsZeroQueueCapacity() {
    assertInvalid(
        valid().setQueueCapacity(0),
        "Invalid value 0 for 'otlp.receiver.queue-capacity': must be at least 1");
  }

  @Test
  void rejectsUnknownAckMode() {
    Configuration conf = new Configuration();
    conf.setString("otlp.receiver.ack-mode", "on-flush");
    assertInvalid(
        valid().setConfiguration(conf),
        "Invalid value 'on-flush' for 'otlp.receiver.ack-mode': must be 'on-receive' or 'on-checkpoint'");
  }

  @Test
  void rejectsKeyWithoutCertificate() {
    Configuration conf = new Configuration();
    conf.setString("otlp.receiver.tls.private-key-file", "/tls/key.pem");
    assertInvalid(
        valid().setConfiguration(conf),
        "Invalid value null for 'otlp.receiver.tls.cert-chain-file': must be set when otlp.receiver.tls.private-key-file is set");
  }

  @Test
  void rejectsCertificateWithoutKey() {
    Configuration conf = new Configuration();
    conf.setString("otlp.receiver.tls.cert-chain-file", "/tls/cert.pem");
    assertInvalid(
        valid().setConfiguration(conf),
        "Invalid value null for 'otlp.receiver.tls.private-key-file': must be set when otlp.receiver.tls.cert-chain-file is set");
  }

  @Test
  void rejectsBlankCertificatePath() {
    assertInvalid(
        valid().setTls("", "/tls/key.pem"),
        "Invalid value '' for 'otlp.receiver.tls.cert-chain-file': must be a file path");
  }

  @Test
  void rejectsBlankKeyPath() {
    assertInvalid(
        valid().setTls("/tls/cert.pem", " "),
        "Invalid value ' ' for 'otlp.receiver.tls.private-key-file': must be a file path");
  }

  @Test
  void rejectsBlankBearerTokenWithoutEchoingIt() {
    assertInvalid(
        valid().setBearerToken("  "),
        "Invalid value '<blank>' for 'otlp.receiver.bearer-token': must not be blank; leave it unset to accept requests without a token");
  }

  @Test
  void rejectsZeroRetryDelay() {
    assertInvalid(
        valid().setRetryDelay(Duration.ZERO),
        "Invalid value PT0S for 'otlp.receiver.retry-delay': must be longer than 0");
  }

  @Test
  void rejectsNegativeShutdownTimeout() {
    assertInvalid(
        valid().setShutdownTimeout(Duration.ofSeconds(-1)),
        "Invalid value PT-1S for 'otlp.receiver.shutdown-timeout': must not be negative");
  }

  @Test
  void rejectsUnparsableValueNamingTheOption() {
    Configuration conf = new Configuration();
    conf.setString("otlp.receiver.port", "http");
    assertThatThrownBy(() -> valid().setConfiguration(conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("otlp.receiver.port");
  }

  private static void assertInvalid(OtlpReceiverSourceBuilder<?> builder, String message) {
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
