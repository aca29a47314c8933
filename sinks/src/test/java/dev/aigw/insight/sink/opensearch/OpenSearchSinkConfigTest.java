package dev.aigw.insight.sink.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.sink.badrecord.BadRecordMode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class OpenSearchSinkConfigTest {

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
  void backoffDoublesUpToTheMaximum() {
    OpenSearchSinkConfig config =
        OpenSearchSinkConfig.builder()
            .backoff(Duration.ofMillis(100), Duration.ofMillis(700))
            .build();
    assertThat(config.backoffBeforeRetry(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(config.backoffBeforeRetry(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(config.backoffBeforeRetry(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(config.backoffBeforeRetry(4)).isEqualTo(Duration.ofMillis(700));
    assertThat(config.backoffBeforeRetry(60)).isEqualTo(Duration.ofMillis(700));
  }

  @Test
  void rejectsNoHosts() {
    assertInvalid(OpenSearchSinkConfig.builder().hosts(List.of()), "opensearch.hosts", "[]");
  }

  @Test
  void rejectsHostWithoutHttpScheme() {
    assertInvalid(
        OpenSearchSinkConfig.builder().host("search.example:9200"),
        "opensearch.hosts",
        "search.example:9200");
  }

  @Test
  void rejectsHostWithoutHostName() {
    assertInvalid(
        OpenSearchSinkConfig.builder().host("http:///x"), "opensearch.hosts", "http:///x");
  }

  @Test
  void rejectsUsernameWithoutPassword() {
    assertInvalid(
        OpenSearchSinkConfig.builder().basicAuth("writer", null), "opensearch.password", "null");
  }

  @Test
  void rejectsPasswordWithoutUsername() {
    assertInvalid(
        OpenSearchSinkConfig.builder().basicAuth(null, "pw"), "opensearch.username", "null");
  }

  @Test
  void rejectsCaFileAndTrustStoreTogether() {
    assertInvalid(
        OpenSearchSinkConfig.builder()
            .host("https://a:9200")
            .caFile("/ca.pem")
            .trustStore("/t.p12", "pw", "PKCS12"),
        "opensearch.tls.ca-file",
        "/ca.pem");
  }

  @Test
  void rejectsTlsTrustWithoutHttpsHost() {
    assertInvalid(
        OpenSearchSinkConfig.builder().host("http://a:9200").caFile("/ca.pem"),
        "opensearch.tls.ca-file",
        "/ca.pem");
  }

  @Test
  void rejectsUnknownTrustStoreType() {
    assertInvalid(
        OpenSearchSinkConfig.builder().host("https://a:9200").trustStore("/t", null, "PEM"),
        "opensearch.tls.trust-store.type",
        "PEM");
  }

  @Test
  void rejectsNonPositiveBatchActions() {
    assertInvalid(
        OpenSearchSinkConfig.builder().maxBatchActions(0), "opensearch.bulk.max-actions", "0");
  }

  @Test
  void rejectsNonPositiveBatchSize() {
    assertInvalid(
        OpenSearchSinkConfig.builder().maxBatchBytes(-1), "opensearch.bulk.max-size", "-1");
  }

  @Test
  void rejectsNonPositiveInFlight() {
    assertInvalid(
        OpenSearchSinkConfig.builder().maxInFlightRequests(0),
        "opensearch.bulk.max-in-flight-requests",
        "0");
  }

  @Test
  void rejectsNonPositiveDocumentSize() {
    assertInvalid(
        OpenSearchSinkConfig.builder().maxDocumentBytes(0), "opensearch.max-document-size", "0");
  }

  @Test
  void rejectsZeroFlushInterval() {
    assertInvalid(
        OpenSearchSinkConfig.builder().flushInterval(Duration.ZERO),
        "opensearch.bulk.flush-interval",
        "PT0S");
  }

  @Test
  void rejectsZeroRequestTimeout() {
    assertInvalid(
        OpenSearchSinkConfig.builder().requestTimeout(Duration.ZERO),
        "opensearch.request-timeout",
        "PT0S");
  }

  @Test
  void rejectsZeroInitialBackoff() {
    assertInvalid(
        OpenSearchSinkConfig.builder().backoff(Duration.ZERO, Duration.ofSeconds(1)),
        "opensearch.retry.initial-backoff",
        "PT0S");
  }

  @Test
  void rejectsMaxBackoffBelowInitial() {
    assertInvalid(
        OpenSearchSinkConfig.builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)),
        "opensearch.retry.max-backoff",
        "PT1S");
  }

  @Test
  void rejectsBufferNotLargerThanBatch() {
    assertInvalid(
        OpenSearchSinkConfig.builder().maxBatchActions(100).maxBufferedActions(100),
        "opensearch.bulk.max-buffered-actions",
        "100");
  }

  @Test
  void rejectsDocumentLargerThanBatch() {
    assertInvalid(
        OpenSearchSinkConfig.builder().maxBatchBytes(1000).maxDocumentBytes(2000),
        "opensearch.max-document-size",
        "2000");
  }

  @Test
  void rejectsNegativeRetries() {
    assertInvalid(
        OpenSearchSinkConfig.builder().maxRetries(-1), "opensearch.retry.max-retries", "-1");
  }

  @Test
  void rejectsMissingBadRecordMode() {
    assertInvalid(
        OpenSearchSinkConfig.builder().badRecordMode(null), "opensearch.bad-record.mode", "null");
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
        OpenSearchSinkConfig.builder().deadLetterIndexPrefix("Dead"),
        "opensearch.dead-letter.index-prefix",
        "Dead");
  }

  @Test
  void sinkBuilderRequiresConverterAndConfig() {
    assertThatThrownBy(
            () ->
                OpenSearchSink.<String>builder()
                    .setConfig(OpenSearchSinkConfig.builder().build())
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("setConverter");
    assertThatThrownBy(
            () ->
                OpenSearchSink.<String>builder()
                    .setConverter(s -> new OpenSearchDocument("i", s, "{}"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("setConfig");
  }

  private static void assertInvalid(
      OpenSearchSinkConfig.Builder builder, String key, String value) {
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(key + " = " + value);
  }
}
