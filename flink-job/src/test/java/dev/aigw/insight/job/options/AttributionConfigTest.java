package dev.aigw.insight.job.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The attribution options: read, validated, refused with the one message form. */
class AttributionConfigTest {

  @Test
  void offByDefault() {
    AttributionConfig config = AttributionConfig.fromConfiguration(new Configuration());
    assertThat(config.enabled()).isFalse();
    assertThat(config.maxValuesPerAttribute()).isEqualTo(1000);
  }

  @Test
  void readsNamesSecretsAndTheCap() {
    Configuration conf = new Configuration();
    conf.setString("attribution.attributes", " team.id, tenant.id ,api.key");
    conf.setString("attribution.secret-attributes", "api.key");
    conf.setString("attribution.max-values-per-attribute", "50");
    conf.setString("attribution.hmac-secret-env", "AIGW_ATTRIBUTION_KEY");
    AttributionConfig config = AttributionConfig.fromConfiguration(conf);
    assertThat(config.attributes()).containsExactly("team.id", "tenant.id", "api.key");
    assertThat(config.isSecret("api.key")).isTrue();
    assertThat(config.isSecret("team.id")).isFalse();
    assertThat(config.maxValuesPerAttribute()).isEqualTo(50);
    assertThat(config.key().configured()).isTrue();
  }

  @Test
  void aSecretAttributeNeedsAKeyAndMustBeConfigured() {
    assertThatThrownBy(() -> AttributionConfig.of("api.key", "api.key", 10, null, null))
        .hasMessage(
            "Invalid value 'api.key' for 'attribution.secret-attributes': needs"
                + " attribution.hmac-secret-file or attribution.hmac-secret-env");
    assertThatThrownBy(() -> AttributionConfig.of("team.id", "api.key", 10, "/k", null))
        .hasMessageContaining("names among attribution.attributes");
  }

  @Test
  void refusesEmptyDuplicateAndTooManyNamesAndABadCap() {
    assertThatThrownBy(() -> AttributionConfig.of("team.id,,x", null, 10, null, null))
        .hasMessageContaining("comma-separated attribute names");
    assertThatThrownBy(() -> AttributionConfig.of("team.id,team.id", null, 10, null, null))
        .hasMessageContaining("each attribute once");
    assertThatThrownBy(() -> AttributionConfig.of("a,b,c,d,e,f,g,h,i", null, 10, null, null))
        .hasMessageContaining("at most 8 attributes");
    assertThatThrownBy(() -> AttributionConfig.of("team.id", null, 0, null, null))
        .hasMessage("Invalid value 0 for 'attribution.max-values-per-attribute': 1 to 100000");
    assertThatThrownBy(() -> AttributionConfig.of("team.id", null, 10, null, "not a name"))
        .hasMessageContaining("attribution.hmac-secret-env");
  }
}
