package dev.aigw.insight.sink.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.sink.badrecord.BadRecordMode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class OpenSearchSinkBuilderTest {

  @Test
  void defaults() {
    OpenSearchSinkConfig config = OpenSearchSinkConfig.fromConfiguration(new Configuration());
    assertThat(config.hosts()).containsExactly(URI.create("http://127.0.0.1:9200"));
    assertThat(config.maxBatchActions()).isEqualTo(1000);
    assertThat(config.maxBatchBytes()).isEqualTo(5L * 1024 * 1024);
    assertThat(config.flushInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.maxInFlightRequests()).isEqualTo(2);
    assertThat(config.maxBufferedActions()).isEqualTo(10_000);
    assertThat(config.maxDocumentBytes()).isEqualTo(1024L * 1024);
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.maxRetries()).isEqualTo(10);
    assertThat(config.initialBackoff()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.badRecordMode()).isEqualTo(BadRecordMode.DEAD_LETTER);
    assertThat(config.deadLetterIndexPrefix()).isEqualTo("aigw-dead-letter");
    assertThat(config.installIndexTemplate()).isTrue();
    assertThat(config.username()).isNull();
    assertThat(config.caFile()).isNull();
  }

  @Test
  void readsEveryOption() {
    Configuration conf = new Configuration();
    conf.setString("opensearch.hosts", "https://a.example:9200/;https://b.example:9200");
    conf.setString("opensearch.username", "writer");
    conf.setString("opensearch.password", "pw");
    conf.setString("opensearch.tls.ca-file", "/etc/ca.pem");
    conf.setString("opensearch.bulk.max-actions", "500");
    conf.setString("opensearch.bulk.max-size", "2mb");
    conf.setString("opensearch.bulk.flush-interval", "5 s");
    conf.setString("opensearch.bulk.max-in-flight-requests", "4");
    conf.setString("opensearch.bulk.max-buffered-actions", "600");
    conf.setString("opensearch.max-document-size", "512kb");
    conf.setString("opensearch.request-timeout", "10 s");
    conf.setString("opensearch.retry.max-retries", "3");
    conf.setString("opensearch.retry.initial-backoff", "100 ms");
    conf.setString("opensearch.retry.max-backoff", "1 s");
    conf.setString("opensearch.bad-record.mode", "DROP");
    conf.setString("opensearch.dead-letter.index-prefix", "my-letters");
    conf.setString("opensearch.index-template.install", "false");

    OpenSearchSinkConfig config = OpenSearchSinkConfig.fromConfiguration(conf);

    assertThat(config.hosts())
        .containsExactly(
            URI.create("https://a.example:9200"), URI.create("https://b.example:9200"));
    assertThat(config.username()).isEqualTo("writer");
    assertThat(config.password()).isEqualTo("pw");
    assertThat(config.caFile()).isEqualTo("/etc/ca.pem");
    assertThat(config.maxBatchActions()).isEqualTo(500);
    assertThat(config.maxBatchBytes()).isEqualTo(2L * 1024 * 1024);
    assertThat(config.flushInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.maxInFlightRequests()).isEqualTo(4);
    assertThat(config.maxBufferedActions()).isEqualTo(600);
    assertThat(config.maxDocumentBytes()).isEqualTo(512L * 1024);
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.maxRetries()).isEqualTo(3);
    assertThat(config.initialBackoff()).isEqualTo(Duration.ofMillis(100));
    assertThat(config.maxBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.badRecordMode()).isEqualTo(BadRecordMode.DROP);
    assertThat(config.deadLetterIndexPrefix()).isEqualTo("my-letters");
    assertThat(config.installIndexTemplate()).isFalse();
  }

  @Test
  void rewrittenDocumentsGoOneRequestAtATimeWhateverTheOptionSays() {
    OpenSearchSinkConfig rewritten =
        OpenSearchSink.<String>builder()
            .setMaxInFlightRequests(4)
            .setRewritesInOrder(true)
            .buildConfig();
    OpenSearchSinkConfig writtenOnce =
        OpenSearchSink.<String>builder().setMaxInFlightRequests(4).buildConfig();

    assertThat(rewritten.maxInFlightRequests()).isEqualTo(1);
    assertThat(writtenOnce.maxInFlightRequests()).isEqualTo(4);
  }

  @Test
  void backoffDoublesUpToTheMaximum() {
    OpenSearchSinkConfig config =
        OpenSearchSink.<String>builder()
            .setBackoff(Duration.ofMillis(100), Duration.ofMillis(700))
            .buildConfig();
    assertThat(config.backoffBeforeRetry(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(config.backoffBeforeRetry(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(config.backoffBeforeRetry(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(config.backoffBeforeRetry(4)).isEqualTo(Duration.ofMillis(700));
    assertThat(config.backoffBeforeRetry(60)).isEqualTo(Duration.ofMillis(700));
  }

  @Test
  void rejectsNoHosts() {
    assertInvalid(
        OpenSearchSink.<String>builder().setHosts(List.of()),
        "Invalid value [] for 'opensearch.hosts': at least one host is required");
  }

  @Test
  void rejectsHostWithoutHttpScheme() {
    assertInvalid(
        OpenSearchSink.<String>builder().setHost("search.example:9200"),
        "Invalid value 'search.example:9200' for 'opensearch.hosts': must start with http:// or https://");
  }

  @Test
  void rejectsHostWithoutHostName() {
    assertInvalid(
        OpenSearchSink.<String>builder().setHost("http:///x"),
        "Invalid value 'http:///x' for 'opensearch.hosts': must name a host");
  }

  @Test
  void rejectsUsernameWithoutPassword() {
    assertInvalid(
        OpenSearchSink.<String>builder().setBasicAuth("writer", null),
        "Invalid value null for 'opensearch.password': basic auth needs both opensearch.username and opensearch.password");
  }

  @Test
  void rejectsPasswordWithoutUsername() {
    assertInvalid(
        OpenSearchSink.<String>builder().setBasicAuth(null, "pw"),
        "Invalid value null for 'opensearch.username': basic auth needs both opensearch.username and opensearch.password");
  }

  @Test
  void rejectsCaFileAndTrustStoreTogether() {
    assertInvalid(
        OpenSearchSink.<String>builder()
            .setHost("https://a:9200")
            .setCaFile("/ca.pem")
            .setTrustStore("/t.p12", "pw", "PKCS12"),
        "Invalid value '/ca.pem' for 'opensearch.tls.ca-file': must not be set together with opensearch.tls.trust-store.path");
  }

  @Test
  void rejectsTlsTrustWithoutHttpsHost() {
    assertInvalid(
        OpenSearchSink.<String>builder().setHost("http://a:9200").setCaFile("/ca.pem"),
        "Invalid value '/ca.pem' for 'opensearch.tls.ca-file': TLS trust needs a host in opensearch.hosts that uses https");
  }

  @Test
  void rejectsUnknownTrustStoreType() {
    assertInvalid(
        OpenSearchSink.<String>builder().setHost("https://a:9200").setTrustStore("/t", null, "PEM"),
        "Invalid value 'PEM' for 'opensearch.tls.trust-store.type': must be PKCS12 or JKS");
  }

  @Test
  void rejectsNonPositiveBatchActions() {
    assertInvalid(
        OpenSearchSink.<String>builder().setMaxBatchActions(0),
        "Invalid value 0 for 'opensearch.bulk.max-actions': must be at least 1");
  }

  @Test
  void rejectsNonPositiveBatchSize() {
    assertInvalid(
        OpenSearchSink.<String>builder().setMaxBatchBytes(-1),
        "Invalid value -1 for 'opensearch.bulk.max-size': must be at least 1");
  }

  @Test
  void rejectsNonPositiveInFlight() {
    assertInvalid(
        OpenSearchSink.<String>builder().setMaxInFlightRequests(0),
        "Invalid value 0 for 'opensearch.bulk.max-in-flight-requests': must be at least 1");
  }

  @Test
  void rejectsNonPositiveDocumentSize() {
    assertInvalid(
        OpenSearchSink.<String>builder().setMaxDocumentBytes(0),
        "Invalid value 0 for 'opensearch.max-document-size': must be at least 1");
  }

  @Test
  void rejectsZeroFlushInterval() {
    assertInvalid(
        OpenSearchSink.<String>builder().setFlushInterval(Duration.ZERO),
        "Invalid value PT0S for 'opensearch.bulk.flush-interval': must be longer than 0");
  }

  @Test
  void rejectsZeroRequestTimeout() {
    assertInvalid(
        OpenSearchSink.<String>builder().setRequestTimeout(Duration.ZERO),
        "Invalid value PT0S for 'opensearch.request-timeout': must be longer than 0");
  }

  @Test
  void rejectsZeroInitialBackoff() {
    assertInvalid(
        OpenSearchSink.<String>builder().setBackoff(Duration.ZERO, Duration.ofSeconds(1)),
        "Invalid value PT0S for 'opensearch.retry.initial-backoff': must be longer than 0");
  }

  @Test
  void rejectsMaxBackoffBelowInitial() {
    assertInvalid(
        OpenSearchSink.<String>builder().setBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)),
        "Invalid value PT1S for 'opensearch.retry.max-backoff': must not be shorter than opensearch.retry.initial-backoff (PT2S)");
  }

  @Test
  void rejectsBufferNotLargerThanBatch() {
    assertInvalid(
        OpenSearchSink.<String>builder().setMaxBatchActions(100).setMaxBufferedActions(100),
        "Invalid value 100 for 'opensearch.bulk.max-buffered-actions': must be greater than opensearch.bulk.max-actions (100)");
  }

  @Test
  void rejectsDocumentLargerThanBatch() {
    assertInvalid(
        OpenSearchSink.<String>builder().setMaxBatchBytes(1000).setMaxDocumentBytes(2000),
        "Invalid value 2000 for 'opensearch.max-document-size': must not exceed opensearch.bulk.max-size (1000 bytes)");
  }

  @Test
  void rejectsNegativeRetries() {
    assertInvalid(
        OpenSearchSink.<String>builder().setMaxRetries(-1),
        "Invalid value -1 for 'opensearch.retry.max-retries': must be at least 0");
  }

  @Test
  void rejectsMissingBadRecordMode() {
    assertInvalid(
        OpenSearchSink.<String>builder().setBadRecordMode(null),
        "Invalid value null for 'opensearch.bad-record.mode': must be DEAD_LETTER, DROP or FAIL");
  }

  @Test
  void readsTheKeyOfVersion010ForTheBadRecordMode() {
    Configuration conf = new Configuration();
    conf.setString("opensearch.on-document-error", "FAIL");

    assertThat(OpenSearchSinkConfig.fromConfiguration(conf).badRecordMode())
        .isEqualTo(BadRecordMode.FAIL);
  }

  @Test
  void rejectsAnInvalidDeadLetterPrefix() {
    assertInvalid(
        OpenSearchSink.<String>builder().setDeadLetterIndexPrefix("Dead"),
        "Invalid value 'Dead' for 'opensearch.dead-letter.index-prefix': must be lower case");
  }

  @Test
  void sinkBuilderRequiresAConverter() {
    assertThatThrownBy(() -> OpenSearchSink.<String>builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The OpenSearch sink needs setConverter(...) (element -> index, id, JSON)");
  }

  @Test
  void setConfigTakesEverySettingOfAValidatedConfig() {
    OpenSearchSinkConfig original =
        OpenSearchSink.<String>builder()
            .setHosts(List.of("https://a.example:9200/", "https://b.example:9200"))
            .setBasicAuth("writer", "pw")
            .setCaFile("/etc/ca.pem")
            .setMaxBatchActions(500)
            .setMaxBatchBytes(2000)
            .setFlushInterval(Duration.ofSeconds(5))
            .setMaxInFlightRequests(4)
            .setMaxBufferedActions(600)
            .setMaxDocumentBytes(1000)
            .setRequestTimeout(Duration.ofSeconds(10))
            .setMaxRetries(3)
            .setBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
            .setBadRecordMode(BadRecordMode.DROP)
            .setDeadLetterIndexPrefix("my-letters")
            .setInstallIndexTemplate(false)
            .buildConfig();

    OpenSearchSink<String> sink =
        OpenSearchSink.<String>builder()
            .setConfig(original)
            .setConverter(s -> new OpenSearchDocument("i", s, "{}"))
            .build();

    assertThat(sink.config()).usingRecursiveComparison().isEqualTo(original);
    assertThat(sink.config().hosts())
        .containsExactly(
            URI.create("https://a.example:9200"), URI.create("https://b.example:9200"));
  }

  private static void assertInvalid(OpenSearchSinkBuilder<String> builder, String message) {
    assertThatThrownBy(builder::buildConfig)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
