package dev.aigw.insight.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared token set: sources, the Authorization header, rotation through the file and what is
 * told about it. (The receiver's option mapping is tested in otlp-source's BearerTokensTest.)
 */
class AccessTokensTest {

  private static final Duration CHECK = Duration.ofSeconds(10);

  private final AtomicLong clock = new AtomicLong(1_000);
  private final List<String> events = new ArrayList<>();
  private final AccessTokens.Events recorder =
      new AccessTokens.Events() {
        @Override
        public void reloaded(Path file, int accepted) {
          events.add("reloaded " + accepted);
        }

        @Override
        public void keptPrevious(Path file, String why, int accepted) {
          events.add("kept " + accepted);
        }
      };

  private AccessTokens tokens(String inline, String env, Path file, Map<String, String> vars)
      throws IOException {
    return AccessTokens.fromSources(
        new AccessTokens.Sources(
            inline, "x.token", env, "x.tokens-env", file, "x.tokens-file", CHECK),
        vars::get,
        clock::get,
        recorder);
  }

  @Test
  void noSourceMeansNoCheckAndEmptySourcesFailNamingTheirOption() throws IOException {
    assertThat(tokens(null, null, null, Map.of())).isNull();
    assertThatThrownBy(() -> tokens(" , ", null, null, Map.of()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("x.token");
    assertThatThrownBy(() -> tokens(null, "TOKENS", null, Map.of()))
        .hasMessageContaining("TOKENS")
        .hasMessageContaining("x.tokens-env");
    assertThatThrownBy(() -> AccessTokens.of("\n# only a comment\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theHeaderNeedsTheBearerSchemeAndAnAcceptedToken() {
    AccessTokens tokens = AccessTokens.of("old-token\nnew-token, new-token");
    assertThat(tokens.size()).isEqualTo(2);
    assertThat(tokens.acceptsHeader("Bearer old-token")).isTrue();
    assertThat(tokens.acceptsHeader("bearer new-token ")).isTrue();
    assertThat(tokens.acceptsHeader("Basic old-token")).isFalse();
    assertThat(tokens.acceptsHeader("Bearer other")).isFalse();
    assertThat(tokens.acceptsHeader(null)).isFalse();
  }

  @Test
  void theFileIsReReadAfterTheCheckIntervalAndABadFileKeepsThePreviousTokens(@TempDir Path dir)
      throws IOException {
    Path file = Files.writeString(dir.resolve("tokens"), "old-token\n");
    AccessTokens tokens = tokens("fixed", null, file, Map.of());
    assertThat(tokens.size()).isEqualTo(2);

    Files.writeString(file, "new-token\n");
    clock.addAndGet(CHECK.toNanos() - 1);
    assertThat(tokens.accepts("new-token")).as("before the check interval").isFalse();
    clock.addAndGet(1);
    assertThat(tokens.accepts("new-token")).isTrue();
    assertThat(tokens.accepts("old-token")).isFalse();
    assertThat(tokens.accepts("fixed")).isTrue();

    Files.writeString(file, "# none\n");
    clock.addAndGet(CHECK.toNanos());
    assertThat(tokens.accepts("new-token")).isTrue();
    Files.delete(file);
    clock.addAndGet(CHECK.toNanos());
    assertThat(tokens.accepts("new-token")).isTrue();
    assertThat(events).containsExactly("reloaded 2", "kept 2", "kept 2");
  }
}
