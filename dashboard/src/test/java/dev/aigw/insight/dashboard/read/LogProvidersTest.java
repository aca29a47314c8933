package dev.aigw.insight.dashboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A cell provider finds the logs stored under it or under a gateway backend of that name. */
class LogProvidersTest {

  @Test
  void theProviderOrABackendOfThatNameMatches() {
    assertThat(LogProviders.matches("openai", "openai")).isTrue();
    assertThat(LogProviders.matches("default/openai/route/aigw-run/rule/0/ref/0", "openai"))
        .isTrue();
    assertThat(LogProviders.matches("default/my-azure/route/r/rule/0/ref/0", "openai")).isFalse();
    assertThat(LogProviders.matches("default/openai-eu/route/r/rule/0/ref/0", "openai")).isFalse();
    assertThat(LogProviders.matches("openai/route", "route")).isFalse();
    assertThat(LogProviders.matches(null, "openai")).isFalse();
  }

  @Test
  void theWildcardPatternEscapesTheName() {
    assertThat(LogProviders.backendPattern("openai")).isEqualTo("*/openai/route/*");
    assertThat(LogProviders.backendPattern("a*b?")).isEqualTo("*/a\\*b\\?/route/*");
  }
}
