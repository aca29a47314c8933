package dev.aigw.insight.job.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.options.RedactionConfig;
import dev.aigw.insight.job.options.RedactionConfig.Action;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The redaction rules on single records; the secret's sources. */
class AccessLogRedactorTest {

  private static final byte[] SECRET = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  private static AccessLogRecord record() {
    AccessLogRecord record = new AccessLogRecord();
    record.attributes = new HashMap<>();
    record.attributes.put("x-forwarded-for", "203.0.113.7");
    record.attributes.put("downstream_remote_address", "10.1.0.4:51000");
    record.attributes.put("user-agent", "curl/8.5.0");
    record.attributes.put("session.id", "-");
    record.attributes.put("x-request-id", "req-1");
    return record;
  }

  @Test
  void defaultsHashClientIdentifiersAndDropThemWithoutASecret() {
    RedactionConfig defaults = RedactionConfig.defaults();
    assertThat(defaults.actions())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "x-forwarded-for", Action.HASH,
                "downstream_remote_address", Action.HASH,
                "user-agent", Action.HASH,
                "session.id", Action.HASH,
                "mcp.session.id", Action.HASH));

    AccessLogRecord withoutSecret = record();
    assertThat(new AccessLogRedactor(defaults, null).redact(withoutSecret)).containsExactly(3, 0);
    assertThat(withoutSecret.attributes)
        .containsExactlyInAnyOrderEntriesOf(Map.of("session.id", "-", "x-request-id", "req-1"));

    AccessLogRedactor hashing = new AccessLogRedactor(defaults, SECRET);
    AccessLogRecord withSecret = record();
    assertThat(hashing.redact(withSecret)).containsExactly(0, 3);
    assertThat(withSecret.attributes.get("x-forwarded-for"))
        .isEqualTo(hashing.hash("203.0.113.7"))
        .matches("[0-9a-f]{32}");
    assertThat(withSecret.attributes.get("session.id")).isEqualTo("-");
    assertThat(withSecret.attributes.get("x-request-id")).isEqualTo("req-1");
  }

  @Test
  void sameValueSameHashAcrossInstancesOtherSecretOtherHash() {
    RedactionConfig config = RedactionConfig.defaults();
    String one = new AccessLogRedactor(config, SECRET).hash("203.0.113.7");
    assertThat(new AccessLogRedactor(config, SECRET).hash("203.0.113.7")).isEqualTo(one);
    assertThat(new AccessLogRedactor(config, SECRET).hash("203.0.113.8")).isNotEqualTo(one);
    byte[] other = "fedcba9876543210".getBytes(StandardCharsets.UTF_8);
    assertThat(new AccessLogRedactor(config, other).hash("203.0.113.7")).isNotEqualTo(one);
  }

  @Test
  void configuredRulesReplaceTheDefaults() {
    Configuration conf = new Configuration();
    conf.setString("logs.redaction.attributes", "user-agent:drop,x-forwarded-for:keep");
    RedactionConfig config = RedactionConfig.fromConfiguration(conf);
    AccessLogRecord record = record();
    assertThat(new AccessLogRedactor(config, SECRET).redact(record)).containsExactly(1, 0);
    assertThat(record.attributes)
        .containsEntry("x-forwarded-for", "203.0.113.7")
        .containsEntry("downstream_remote_address", "10.1.0.4:51000")
        .doesNotContainKey("user-agent");
  }

  @Test
  void wrongActionNamesTheOption() {
    assertThatThrownBy(() -> RedactionConfig.of(Map.of("user-agent", "mask"), null, null))
        .hasMessage(
            "Invalid value 'user-agent:mask' for 'logs.redaction.attributes': must give each"
                + " attribute 'drop', 'hash' or 'keep'");
  }

  @Test
  void secretComesFromFileOrEnvironmentAndMustBeLongEnough(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("secret"), "0123456789abcdef\n");
    RedactionConfig fromFile = RedactionConfig.of(Map.of(), file.toString(), null);
    assertThat(HmacSecret.read(fromFile, Map.<String, String>of()::get)).isEqualTo(SECRET);
    RedactionConfig fromEnv = RedactionConfig.of(Map.of(), null, "AIGW_HMAC");
    assertThat(HmacSecret.read(fromEnv, Map.of("AIGW_HMAC", "0123456789abcdef")::get))
        .isEqualTo(SECRET);
    assertThat(HmacSecret.read(RedactionConfig.defaults(), Map.<String, String>of()::get)).isNull();
    assertThatThrownBy(() -> HmacSecret.read(fromEnv, Map.of("AIGW_HMAC", "tiny-val")::get))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("AIGW_HMAC")
        .hasMessageContaining("shorter than 16 bytes")
        .hasMessageNotContaining("tiny-val");
    RedactionConfig missing = RedactionConfig.of(Map.of(), dir.resolve("nope").toString(), null);
    assertThatThrownBy(() -> HmacSecret.read(missing, Map.<String, String>of()::get))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("logs.redaction.hmac-secret-file");
  }
}
