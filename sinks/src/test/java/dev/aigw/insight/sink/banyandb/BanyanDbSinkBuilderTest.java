package dev.aigw.insight.sink.banyandb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The builder applies defaults and options and names the wrong option and value. */
class BanyanDbSinkBuilderTest {
  private static BanyanDbSinkBuilder<String> valid() {
    return BanyanDbSink.<String>builder()
        .setSchema(TestSchemas.schema("g"))
        .setEmitter((e, out) -> {});
  }

  @Test
  void defaultsAndConfigurationAreApplied() {
    Configuration conf = new Configuration();
    conf.setString("banyandb.targets", "a:1;b:2");
    conf.setString("banyandb.sink.batch-size", "50");
    conf.setString("banyandb.sink.flush-interval", "2 s");
    BanyanDbSinkConfig config = valid().setConfiguration(conf).build().config();

    assertThat(config.targets()).containsExactly("a:1", "b:2");
    assertThat(config.batchSize()).isEqualTo(50);
    assertThat(config.flushInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.maxRetries()).isEqualTo(10);
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.createMissingSchema()).isTrue();
  }

  @Test
  void backoffDoublesUpToTheMaximum() {
    BanyanDbSinkConfig config =
        valid().setBackoff(Duration.ofMillis(100), Duration.ofMillis(500)).build().config();
    assertThat(config.backoff(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(config.backoff(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(config.backoff(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(config.backoff(4)).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void missingEmitterOrSchemaIsNamed() {
    assertThatThrownBy(
            () -> BanyanDbSink.<String>builder().setSchema(TestSchemas.schema("g")).build())
        .hasMessageContaining("emitter");
    assertThatThrownBy(() -> BanyanDbSink.<String>builder().setEmitter((e, o) -> {}).build())
        .hasMessageContaining("schema");
  }

  @Test
  void eachInvalidOptionIsNamedWithItsValue() {
    invalid(b -> b.setTargets(), "Invalid value '[]' for option banyandb.targets");
    invalid(b -> b.setTargets("nohost"), "Invalid value 'nohost' for option banyandb.targets");
    invalid(b -> b.setTargets("h:99999"), "Invalid value 'h:99999' for option banyandb.targets");
    invalid(b -> b.setBatchSize(0), "Invalid value '0' for option banyandb.sink.batch-size");
    invalid(
        b -> b.setFlushInterval(Duration.ZERO),
        "Invalid value 'PT0S' for option banyandb.sink.flush-interval");
    invalid(b -> b.setMaxRetries(-1), "Invalid value '-1' for option banyandb.sink.max-retries");
    invalid(
        b -> b.setBackoff(Duration.ZERO, Duration.ofSeconds(1)),
        "Invalid value 'PT0S' for option banyandb.sink.initial-backoff");
    invalid(
        b -> b.setBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)),
        "Invalid value 'PT1S' for option banyandb.sink.max-backoff");
    invalid(
        b -> b.setRequestTimeout(Duration.ofSeconds(-1)),
        "Invalid value 'PT-1S' for option banyandb.sink.request-timeout");
    invalid(
        b -> b.setNotFoundGrace(Duration.ofSeconds(-1)),
        "Invalid value 'PT-1S' for option banyandb.sink.not-found-grace");
  }

  private static void invalid(Consumer<BanyanDbSinkBuilder<String>> change, String message) {
    BanyanDbSinkBuilder<String> builder = valid();
    change.accept(builder);
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }
}
