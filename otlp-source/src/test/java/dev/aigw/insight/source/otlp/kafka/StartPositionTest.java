package dev.aigw.insight.source.otlp.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.junit.jupiter.api.Test;

class StartPositionTest {

  @Test
  void parsesEveryFormCaseInsensitively() {
    assertThat(StartPosition.parse("committed")).isEqualTo(StartPosition.committed());
    assertThat(StartPosition.parse("EARLIEST")).isEqualTo(StartPosition.earliest());
    assertThat(StartPosition.parse(" latest ")).isEqualTo(StartPosition.latest());
    StartPosition ts = StartPosition.parse("timestamp:1767225600000");
    assertThat(ts.kind()).isEqualTo(StartPosition.Kind.TIMESTAMP);
    assertThat(ts.timestampMs()).isEqualTo(1767225600000L);
  }

  @Test
  void printsWhatItParses() {
    for (String spec : new String[] {"committed", "earliest", "latest", "timestamp:42"}) {
      assertThat(StartPosition.parse(spec)).hasToString(spec);
    }
  }

  @Test
  void committedCarriesTheResetStrategyToTheConnector() {
    OffsetsInitializer committed =
        StartPosition.committed().toOffsetsInitializer(OffsetResetStrategy.LATEST);
    assertThat(committed.getAutoOffsetResetStrategy())
        .isEqualTo(org.apache.kafka.clients.consumer.OffsetResetStrategy.LATEST);
    assertThat(
            StartPosition.committed()
                .toOffsetsInitializer(OffsetResetStrategy.NONE)
                .getAutoOffsetResetStrategy())
        .isEqualTo(org.apache.kafka.clients.consumer.OffsetResetStrategy.NONE);
  }
}
