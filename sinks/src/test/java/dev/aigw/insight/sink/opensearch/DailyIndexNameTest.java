package dev.aigw.insight.sink.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DailyIndexNameTest {

  @Test
  void namesTheUtcDay() {
    assertThat(
            DailyIndexName.of(
                "aigw-logs", Instant.parse("2026-11-26T23:59:59.999Z").toEpochMilli()))
        .isEqualTo("aigw-logs-2026.11.26");
    assertThat(DailyIndexName.of("aigw-logs", Instant.parse("2026-11-27T00:00:00Z").toEpochMilli()))
        .isEqualTo("aigw-logs-2026.11.27");
    assertThat(DailyIndexName.pattern("aigw-logs")).isEqualTo("aigw-logs-*");
  }

  @Test
  void validatesPrefixes() {
    assertThat(DailyIndexName.validatePrefix("aigw-logs")).isNull();
    assertThat(DailyIndexName.validatePrefix("")).isEqualTo("must not be empty");
    assertThat(DailyIndexName.validatePrefix("Logs")).isEqualTo("must be lower case");
    assertThat(DailyIndexName.validatePrefix("_logs"))
        .isEqualTo("must not start with '-', '_' or '+'");
    assertThat(DailyIndexName.validatePrefix("a*b")).isEqualTo("must not contain '*'");
  }
}
