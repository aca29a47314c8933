package dev.aigw.insight.source.otlp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.source.otlp.OtlpReceiverConfig;
import dev.aigw.insight.source.otlp.OtlpReceiverSource;
import dev.aigw.insight.source.otlp.OtlpReceiverSourceBuilder;
import dev.aigw.insight.source.otlp.testing.ReceivedItem;
import dev.aigw.insight.source.otlp.testing.TestDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which tokens are accepted, from which source, and how the token file is re-read. */
class BearerTokensTest {

  private static final Duration CHECK = Duration.ofSeconds(10);

  private final AtomicLong clock = new AtomicLong(1_000);

  private static OtlpReceiverSourceBuilder<ReceivedItem> builder() {
    return OtlpReceiverSource.<ReceivedItem>builder().setDecoder(new TestDecoder());
  }

  private BearerTokens tokens(OtlpReceiverConfig config, Map<String, String> env)
      throws IOException {
    return BearerTokens.fromConfig(config, env::get, clock::get);
  }

  @Test
  void noSourceMeansNoCheck() throws IOException {
    assertThat(tokens(builder().build().config(), Map.of())).isNull();
  }

  @Test
  void acceptsTheInlineTokenAndEveryTokenOfTheEnvironmentVariable() throws IOException {
    OtlpReceiverConfig config =
        builder().setBearerToken("inline-1").setBearerTokensEnv("AIGW_TOKENS").build().config();
    BearerTokens tokens = tokens(config, Map.of("AIGW_TOKENS", "env-a, env-b\nenv-c\n"));
    assertThat(tokens.size()).isEqualTo(4);
    assertThat(tokens.accepts("inline-1")).isTrue();
    assertThat(tokens.accepts("env-a")).isTrue();
    assertThat(tokens.accepts("env-b")).isTrue();
    assertThat(tokens.accepts("env-c")).isTrue();
    assertThat(tokens.accepts("env-")).isFalse();
    assertThat(tokens.accepts("env-a ")).isFalse();
    assertThat(tokens.accepts("")).isFalse();
  }

  @Test
  void unsetEnvironmentVariableFailsWithoutAToken() {
    OtlpReceiverConfig config = builder().setBearerTokensEnv("AIGW_TOKENS").build().config();
    assertThatThrownBy(() -> tokens(config, Map.of()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("AIGW_TOKENS")
        .hasMessageContaining("otlp.receiver.bearer-tokens-env");
  }

  @Test
  void fileIsReReadWhenChangedAfterTheCheckInterval(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("tokens");
    Files.writeString(file, "# gateway tokens\nold-token\n\n");
    OtlpReceiverConfig config =
        builder().setBearerTokensFile(file.toString(), CHECK).build().config();
    BearerTokens tokens = tokens(config, Map.of());
    assertThat(tokens.size()).isEqualTo(1);
    assertThat(tokens.accepts("old-token")).isTrue();
    assertThat(tokens.accepts("# gateway tokens")).isFalse();

    Files.writeString(file, "old-token\nnew-token\n");
    clock.addAndGet(CHECK.toNanos() - 1);
    assertThat(tokens.accepts("new-token")).as("before the check interval").isFalse();
    clock.addAndGet(1);
    assertThat(tokens.accepts("new-token")).isTrue();
    assertThat(tokens.accepts("old-token")).isTrue();

    Files.writeString(file, "new-token\n");
    clock.addAndGet(CHECK.toNanos());
    assertThat(tokens.accepts("old-token")).isFalse();
    assertThat(tokens.accepts("new-token")).isTrue();
    assertThat(tokens.size()).isEqualTo(1);
  }

  @Test
  void emptiedOrRemovedFileKeepsThePreviousTokens(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("tokens");
    Files.writeString(file, "kept-token\n");
    BearerTokens tokens =
        tokens(builder().setBearerTokensFile(file.toString(), CHECK).build().config(), Map.of());

    Files.writeString(file, "\n# nothing\n");
    clock.addAndGet(CHECK.toNanos());
    assertThat(tokens.accepts("kept-token")).isTrue();

    Files.delete(file);
    clock.addAndGet(CHECK.toNanos());
    assertThat(tokens.accepts("kept-token")).isTrue();
    assertThat(tokens.size()).isEqualTo(1);
  }

  @Test
  void missingOrEmptyFileFailsTheStartNamingTheOption(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(
            () ->
                tokens(
                    builder().setBearerTokensFile(missing.toString(), CHECK).build().config(),
                    Map.of()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("otlp.receiver.bearer-tokens-file");
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    assertThatThrownBy(
            () ->
                tokens(
                    builder().setBearerTokensFile(empty.toString(), CHECK).build().config(),
                    Map.of()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("holds no token");
  }
}
