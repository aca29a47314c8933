package dev.aigw.insight.job.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalysisConfigTest {

  @Test
  void defaults() {
    AnalysisConfig c = AnalysisConfig.defaults();
    assertThat(c.resourceFilter().accepts(Map.of("job_name", "envoy-ai-gateway"))).isTrue();
    assertThat(c.resourceFilter().accepts(Map.of("job_name", "x"))).isFalse();
    assertThat(c.outOfOrderness()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.allowedLateness()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.firstPointGrace()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.seriesTtl()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.maxProvidersPerService()).isEqualTo(50);
    assertThat(c.maxModelsPerService()).isEqualTo(500);
    assertThat(c.percentileMethod()).isEqualTo(PercentileMethod.INTERPOLATED);
    assertThat(c.priceTable().source()).isEqualTo("price/gen-ai-config.yml");
  }

  @Test
  void readsEveryOptionFromTheFlinkConfiguration(@TempDir Path dir) throws Exception {
    Path prices = dir.resolve("p.yml");
    Files.writeString(
        prices,
        "providers:\n  - provider: x\n    prefix-match: [m]\n    models:\n"
            + "      - name: m\n        input-estimated-cost-per-m: 1\n"
            + "        output-estimated-cost-per-m: 2\n");
    Configuration conf = new Configuration();
    conf.setString("analysis.resource-filter.attribute", "service.namespace");
    conf.setString("analysis.resource-filter.values", "a;b");
    conf.setString("analysis.watermark.out-of-orderness", "10 s");
    conf.setString("analysis.watermark.idle-timeout", "5 s");
    conf.setString("analysis.window.allowed-lateness", "0 s");
    conf.setString("analysis.cumulative.first-point-grace", "90 s");
    conf.setString("analysis.series.ttl", "2 h");
    conf.setString("analysis.cardinality.max-providers-per-service", "7");
    conf.setString("analysis.cardinality.max-models-per-service", "8");
    conf.setString("analysis.cardinality.ttl", "3 h");
    conf.setString("analysis.percentile.method", "SKYWALKING");
    conf.setString("analysis.price-table.path", prices.toString());
    AnalysisConfig c = AnalysisConfig.fromConfiguration(conf);
    assertThat(c.resourceFilter().accepts(Map.of("service.namespace", "b"))).isTrue();
    assertThat(c.resourceFilter().accepts(Map.of("job_name", "envoy-ai-gateway"))).isFalse();
    assertThat(c.outOfOrderness()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.allowedLateness()).isZero();
    assertThat(c.firstPointGrace()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.seriesTtl()).isEqualTo(Duration.ofHours(2));
    assertThat(c.maxProvidersPerService()).isEqualTo(7);
    assertThat(c.maxModelsPerService()).isEqualTo(8);
    assertThat(c.cardinalityTtl()).isEqualTo(Duration.ofHours(3));
    assertThat(c.percentileMethod()).isEqualTo(PercentileMethod.SKYWALKING);
    assertThat(c.priceTable().lookup("x", "m")).isPresent();
    assertThat(c.priceTable().lookup("openai", "gpt-4o")).isEmpty();
  }

  @Test
  void acceptAnyIgnoresTheAttributeFilter() {
    Configuration conf = new Configuration();
    conf.setString("analysis.resource-filter.accept-any", "true");
    conf.setString("analysis.resource-filter.values", "");
    AnalysisConfig c = AnalysisConfig.fromConfiguration(conf);
    assertThat(c.resourceFilter().accepts(Map.of())).isTrue();
  }

  @Test
  void rejectsBlankFilterAttribute() {
    assertInvalid(
        AnalysisConfig.builder().resourceFilter(" ", List.of("x")),
        "Invalid value ' ' for 'analysis.resource-filter.attribute': must not be blank unless analysis.resource-filter.accept-any=true");
  }

  @Test
  void rejectsEmptyFilterValues() {
    assertInvalid(
        AnalysisConfig.builder().resourceFilter("job_name", List.of()),
        "Invalid value [] for 'analysis.resource-filter.values': must list at least one value unless analysis.resource-filter.accept-any=true");
  }

  @Test
  void rejectsNegativeOutOfOrderness() {
    assertInvalid(
        AnalysisConfig.builder().outOfOrderness(Duration.ofSeconds(-1)),
        "Invalid value PT-1S for 'analysis.watermark.out-of-orderness': must not be negative");
  }

  @Test
  void rejectsAFlushIntervalNotShorterThanTheIdleTimeout() {
    assertInvalid(
        AnalysisConfig.builder()
            .idleTimeout(Duration.ofSeconds(2))
            .combineFlushInterval(Duration.ofSeconds(2)),
        "Invalid value PT2S for 'analysis.combine.flush-interval': must be shorter than"
            + " analysis.watermark.idle-timeout (PT2S)");
  }

  @Test
  void rejectsNegativeFlushInterval() {
    assertInvalid(
        AnalysisConfig.builder().combineFlushInterval(Duration.ofMillis(-1)),
        "Invalid value PT-0.001S for 'analysis.combine.flush-interval': must not be negative");
  }

  @Test
  void rejectsZeroIdleTimeout() {
    assertInvalid(
        AnalysisConfig.builder().idleTimeout(Duration.ZERO),
        "Invalid value PT0S for 'analysis.watermark.idle-timeout': must be longer than 0");
  }

  @Test
  void rejectsNegativeAllowedLateness() {
    assertInvalid(
        AnalysisConfig.builder().allowedLateness(Duration.ofSeconds(-5)),
        "Invalid value PT-5S for 'analysis.window.allowed-lateness': must not be negative");
  }

  @Test
  void rejectsNegativeGrace() {
    assertInvalid(
        AnalysisConfig.builder().firstPointGrace(Duration.ofSeconds(-5)),
        "Invalid value PT-5S for 'analysis.cumulative.first-point-grace': must not be negative");
  }

  @Test
  void rejectsZeroSeriesTtl() {
    assertInvalid(
        AnalysisConfig.builder().seriesTtl(Duration.ZERO),
        "Invalid value PT0S for 'analysis.series.ttl': must be longer than 0");
  }

  @Test
  void rejectsZeroCardinalityTtl() {
    assertInvalid(
        AnalysisConfig.builder().cardinalityTtl(Duration.ZERO),
        "Invalid value PT0S for 'analysis.cardinality.ttl': must be longer than 0");
  }

  @Test
  void rejectsZeroProviderCap() {
    assertInvalid(
        AnalysisConfig.builder().maxProvidersPerService(0),
        "Invalid value 0 for 'analysis.cardinality.max-providers-per-service': must be at least 1");
  }

  @Test
  void rejectsZeroModelCap() {
    assertInvalid(
        AnalysisConfig.builder().maxModelsPerService(0),
        "Invalid value 0 for 'analysis.cardinality.max-models-per-service': must be at least 1");
  }

  @Test
  void rejectsMissingPercentileMethod() {
    assertInvalid(
        AnalysisConfig.builder().percentileMethod(null),
        "Invalid value null for 'analysis.percentile.method': must be INTERPOLATED or SKYWALKING");
  }

  @Test
  void rejectsMissingPriceTableFile(@TempDir Path dir) {
    String path = dir.resolve("none.yml").toString();
    assertInvalid(
        AnalysisConfig.builder().priceTablePath(path),
        "Invalid value '" + path + "' for 'analysis.price-table.path': must be a readable file");
  }

  @Test
  void rejectsBrokenPriceTableFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yml");
    Files.writeString(file, "providers: 3\n");
    assertThatThrownBy(AnalysisConfig.builder().priceTablePath(file.toString())::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Invalid value '"
                + file
                + "' for 'analysis.price-table.path': must be a valid price table: Price table");
  }

  @Test
  void readsAndDefaultsTheBadInputGuards() {
    AnalysisConfig d = AnalysisConfig.defaults();
    assertThat(d.maxFutureSkew()).isEqualTo(Duration.ofMinutes(5));
    assertThat(d.maxPastAge()).isEqualTo(Duration.ofDays(7));
    assertThat(d.maxDimensionBytes()).isEqualTo(256);
    assertThat(d.maxAttributesPerPoint()).isEqualTo(128);
    assertThat(d.maxPointCount()).isEqualTo(1_000_000_000_000L);
    assertThat(d.maxSeriesPerResource()).isEqualTo(10_000);
    Configuration conf = new Configuration();
    conf.setString("analysis.time.max-future-skew", "1 min");
    conf.setString("analysis.time.max-past-age", "2 d");
    conf.setString("analysis.dimension.max-length", "64");
    conf.setString("analysis.point.max-attributes", "16");
    conf.setString("analysis.point.max-count", "1000");
    conf.setString("analysis.series.max-per-resource", "3");
    AnalysisConfig c = AnalysisConfig.fromConfiguration(conf);
    assertThat(c.maxFutureSkew()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.maxPastAge()).isEqualTo(Duration.ofDays(2));
    assertThat(c.maxDimensionBytes()).isEqualTo(64);
    assertThat(c.maxAttributesPerPoint()).isEqualTo(16);
    assertThat(c.maxPointCount()).isEqualTo(1_000);
    assertThat(c.maxSeriesPerResource()).isEqualTo(3);
    assertThat(c.eventTimeBounds(() -> 0).maxFutureSkew()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void rejectsGuardsThatWouldNotGuard() {
    assertInvalid(
        AnalysisConfig.builder().maxFutureSkew(Duration.ZERO),
        "Invalid value PT0S for 'analysis.time.max-future-skew': must be longer than 0");
    assertInvalid(
        AnalysisConfig.builder().maxPastAge(Duration.ofSeconds(-1)),
        "Invalid value PT-1S for 'analysis.time.max-past-age': must be longer than 0");
    assertInvalid(
        AnalysisConfig.builder().maxDimensionBytes(31),
        "Invalid value 31 for 'analysis.dimension.max-length': must be at least 32 (room for the"
            + " hash suffix)");
    assertInvalid(
        AnalysisConfig.builder().maxAttributesPerPoint(0),
        "Invalid value 0 for 'analysis.point.max-attributes': must be at least 1");
    assertInvalid(
        AnalysisConfig.builder().maxPointCount(8_796_093_022_208L),
        "Invalid value 8796093022208 for 'analysis.point.max-count': must be between 1 and"
            + " 8796093022207 (sums must not overflow)");
    assertInvalid(
        AnalysisConfig.builder().maxSeriesPerResource(0),
        "Invalid value 0 for 'analysis.series.max-per-resource': must be at least 1");
  }

  private static void assertInvalid(AnalysisConfig.Builder builder, String message) {
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
