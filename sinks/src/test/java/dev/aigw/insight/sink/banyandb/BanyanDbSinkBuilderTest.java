package dev.aigw.insight.sink.banyandb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
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
        .hasMessage("The BanyanDB sink needs setEmitter(...)");
    assertThatThrownBy(() -> BanyanDbSink.<String>builder().setEmitter((e, o) -> {}).build())
        .hasMessage("The BanyanDB sink needs setSchema(...)");
  }

  @Test
  void eachInvalidOptionIsNamedWithItsValue() {
    invalid(b -> b.setTargets(), "Invalid value [] for 'banyandb.targets': at least one host:port");
    invalid(
        b -> b.setTargets("nohost"),
        "Invalid value 'nohost' for 'banyandb.targets': must be host:port");
    invalid(
        b -> b.setTargets("h:99999"),
        "Invalid value 'h:99999' for 'banyandb.targets': must be host:port");
    invalid(
        b -> b.setBatchSize(0),
        "Invalid value 0 for 'banyandb.sink.batch-size': must be at least 1");
    invalid(
        b -> b.setFlushInterval(Duration.ZERO),
        "Invalid value PT0S for 'banyandb.sink.flush-interval': must be longer than 0");
    invalid(
        b -> b.setMaxRetries(-1),
        "Invalid value -1 for 'banyandb.sink.max-retries': must be at least 0");
    invalid(
        b -> b.setBackoff(Duration.ZERO, Duration.ofSeconds(1)),
        "Invalid value PT0S for 'banyandb.sink.initial-backoff': must be longer than 0");
    invalid(
        b -> b.setBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)),
        "Invalid value PT1S for 'banyandb.sink.max-backoff': must not be shorter than"
            + " banyandb.sink.initial-backoff (PT2S)");
    invalid(
        b -> b.setRequestTimeout(Duration.ofSeconds(-1)),
        "Invalid value PT-1S for 'banyandb.sink.request-timeout': must be longer than 0");
    invalid(
        b -> b.setMaxTagValueSize(MemorySize.parse("255b")),
        "Invalid value 255 bytes for 'banyandb.sink.max-tag-value-size': must be at least 256b");
    invalid(
        b -> b.setNotFoundGrace(Duration.ofSeconds(-1)),
        "Invalid value PT-1S for 'banyandb.sink.not-found-grace': must not be negative");
  }

  private static void invalid(Consumer<BanyanDbSinkBuilder<String>> change, String message) {
    BanyanDbSinkBuilder<String> builder = valid();
    change.accept(builder);
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
