package dev.aigw.insight.job.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class LogsConfigTest {

  @Test
  void defaults() {
    LogsConfig config = LogsConfig.fromConfiguration(new Configuration());
    assertThat(config.enabled()).isTrue();
    assertThat(config.layer()).isEqualTo("ENVOY_AI_GATEWAY");
    assertThat(config.tokenThreshold()).isEqualTo(10_000L);
    assertThat(config.keepSlowerThan()).isNull();
    assertThat(config.keepFraction()).isZero();
    assertThat(config.indexPrefix()).isEqualTo("aigw-access-logs");
    assertThat(config.indexShards()).isEqualTo(1);
    assertThat(config.indexReplicas()).isEqualTo(1);
    assertThat(config.sink().hosts()).containsExactly(URI.create("http://127.0.0.1:9200"));
  }

  @Test
  void readsEveryOption() {
    Configuration conf = new Configuration();
    conf.setString("logs.enabled", "false");
    conf.setString("logs.layer", " MESH ");
    conf.setString("logs.sampling.token-threshold", "5000");
    conf.setString("logs.sampling.keep-slower-than", "3 s");
    conf.setString("logs.sampling.keep-fraction", "0.05");
    conf.setString("logs.index-prefix", "gw-logs");
    conf.setString("logs.index.number-of-shards", "3");
    conf.setString("logs.index.number-of-replicas", "0");
    conf.setString("opensearch.hosts", "https://search:9200");
    LogsConfig config = LogsConfig.fromConfiguration(conf);
    assertThat(config.enabled()).isFalse();
    assertThat(config.layer()).isEqualTo("MESH");
    assertThat(config.tokenThreshold()).isEqualTo(5000L);
    assertThat(config.keepSlowerThan()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.keepFraction()).isEqualTo(0.05);
    assertThat(config.indexPrefix()).isEqualTo("gw-logs");
    assertThat(config.indexShards()).isEqualTo(3);
    assertThat(config.indexReplicas()).isZero();
    assertThat(config.sink().hosts()).containsExactly(URI.create("https://search:9200"));
  }

  @Test
  void emptyLayerAcceptsAny() {
    assertThat(LogsConfig.builder().layer("").build().layer()).isEmpty();
    assertThat(LogsConfig.builder().layer(null).build().layer()).isEmpty();
  }

  @Test
  void rejectsNonPositiveTokenThreshold() {
    assertInvalid(
        LogsConfig.builder().tokenThreshold(0),
        "Invalid value 0 for 'logs.sampling.token-threshold': must be at least 1");
  }

  @Test
  void rejectsNonPositiveSlowThreshold() {
    assertInvalid(
        LogsConfig.builder().keepSlowerThan(Duration.ZERO),
        "Invalid value PT0S for 'logs.sampling.keep-slower-than': must be longer than 0");
  }

  @Test
  void rejectsFractionOutsideZeroToOne() {
    assertInvalid(
        LogsConfig.builder().keepFraction(1.5),
        "Invalid value 1.5 for 'logs.sampling.keep-fraction': must be between 0 and 1");
    assertInvalid(
        LogsConfig.builder().keepFraction(-0.1),
        "Invalid value -0.1 for 'logs.sampling.keep-fraction': must be between 0 and 1");
    assertInvalid(
        LogsConfig.builder().keepFraction(Double.NaN),
        "Invalid value NaN for 'logs.sampling.keep-fraction': must be between 0 and 1");
  }

  @Test
  void rejectsInvalidIndexPrefix() {
    assertInvalid(
        LogsConfig.builder().indexPrefix("Logs"),
        "Invalid value 'Logs' for 'logs.index-prefix': must be lower case");
    assertInvalid(
        LogsConfig.builder().indexPrefix("a b"),
        "Invalid value 'a b' for 'logs.index-prefix': must not contain ' '");
  }

  @Test
  void rejectsNonPositiveShards() {
    assertInvalid(
        LogsConfig.builder().indexShards(0),
        "Invalid value 0 for 'logs.index.number-of-shards': must be at least 1");
  }

  @Test
  void rejectsNegativeReplicas() {
    assertInvalid(
        LogsConfig.builder().indexReplicas(-1),
        "Invalid value -1 for 'logs.index.number-of-replicas': must be at least 0");
  }

  @Test
  void invalidSinkOptionIsNamed() {
    Configuration conf = new Configuration();
    conf.setString("opensearch.bulk.max-actions", "0");
    assertThatThrownBy(() -> LogsConfig.fromConfiguration(conf))
        .hasMessage("Invalid value 0 for 'opensearch.bulk.max-actions': must be at least 1");
  }

  @Test
  void readsAndDefaultsTheRecordBounds() {
    LogsConfig d = LogsConfig.fromConfiguration(new Configuration());
    assertThat(d.maxFieldBytes()).isEqualTo(16_384);
    assertThat(d.maxAttributes()).isEqualTo(64);
    assertThat(d.maxRecordBytes()).isEqualTo(524_288);
    Configuration conf = new Configuration();
    conf.setString("logs.max-field-bytes", "1024");
    conf.setString("logs.max-attributes", "20");
    conf.setString("logs.max-record-bytes", "20000");
    LogsConfig c = LogsConfig.fromConfiguration(conf);
    assertThat(c.maxFieldBytes()).isEqualTo(1_024);
    assertThat(c.maxAttributes()).isEqualTo(20);
    assertThat(c.maxRecordBytes()).isEqualTo(20_000);
  }

  @Test
  void rejectsRecordBoundsTooSmallForWhatTheJobReads() {
    assertInvalid(
        LogsConfig.builder().maxFieldBytes(63),
        "Invalid value 63 for 'logs.max-field-bytes': must be at least 64");
    assertInvalid(
        LogsConfig.builder().maxAttributes(9),
        "Invalid value 9 for 'logs.max-attributes': must be at least 10 (the attributes the job reads)");
    // the body and the ten attributes read, each at the field bound with a 256-byte key
    assertInvalid(
        LogsConfig.builder().maxFieldBytes(1_024).maxRecordBytes(14_079),
        "Invalid value 14079 for 'logs.max-record-bytes': must be at least 14080 (the body and the"
            + " attributes the job reads at logs.max-field-bytes)");
  }

  private static void assertInvalid(LogsConfig.Builder builder, String message) {
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
