package dev.aigw.insight.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.junit.jupiter.api.Test;

class OptionChecksTest {

  private static final ConfigOption<Integer> SIZE =
      ConfigOptions.key("x.batch-size").intType().defaultValue(10);
  private static final ConfigOption<Duration> WAIT =
      ConfigOptions.key("x.wait").durationType().defaultValue(Duration.ofSeconds(1));

  @Test
  void namesTheValueTheKeyAndWhatIsAllowed() {
    assertThatThrownBy(() -> OptionChecks.checkAtLeast(SIZE, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid value 0 for 'x.batch-size': must be at least 1");
  }

  @Test
  void quotesTextSoThatAnEmptyValueShows() {
    assertThatThrownBy(() -> OptionChecks.checkOption(false, "x.name", "", "must not be empty"))
        .hasMessage("Invalid value '' for 'x.name': must not be empty");
  }

  @Test
  void rejectsZeroAndNegativeDurations() {
    assertThatThrownBy(() -> OptionChecks.checkPositive(WAIT, Duration.ZERO))
        .hasMessage("Invalid value PT0S for 'x.wait': must be longer than 0");
    assertThatThrownBy(() -> OptionChecks.checkPositive(WAIT, Duration.ofMillis(-1)))
        .hasMessage("Invalid value PT-0.001S for 'x.wait': must be longer than 0");
    assertThatThrownBy(() -> OptionChecks.checkPositive(WAIT, null))
        .hasMessage("Invalid value null for 'x.wait': must be longer than 0");
  }

  @Test
  void acceptsValidValues() {
    assertThatCode(() -> OptionChecks.checkAtLeast(SIZE, 1, 1)).doesNotThrowAnyException();
    assertThatCode(() -> OptionChecks.checkPositive(WAIT, Duration.ofMillis(1)))
        .doesNotThrowAnyException();
    assertThat(OptionChecks.message("k", 3, "must be even"))
        .isEqualTo("Invalid value 3 for 'k': must be even");
  }

  @Test
  void keepsTheCause() {
    NumberFormatException cause = new NumberFormatException("x");
    assertThat(OptionChecks.invalidOption("k", "x", "a number", cause)).hasCause(cause);
  }
}
