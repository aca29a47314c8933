package dev.aigw.insight.job.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The checked span-path options: the cap of applications. */
class SpanOptionsTest {

  @Test
  void theApplicationCapDefaultsToAThousand() {
    assertThat(SpanOptions.maxApplications(new Configuration())).isEqualTo(1000);
  }

  @Test
  void readsTheApplicationCap() {
    Configuration conf = new Configuration();
    conf.setString("analysis.spans.max-applications", "7");
    assertThat(SpanOptions.maxApplications(conf)).isEqualTo(7);
  }

  @Test
  void rejectsZeroApplicationCap() {
    Configuration conf = new Configuration();
    conf.setString("analysis.spans.max-applications", "0");
    assertThatThrownBy(() -> SpanOptions.maxApplications(conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid value 0 for 'analysis.spans.max-applications': must be at least 1");
  }
}
