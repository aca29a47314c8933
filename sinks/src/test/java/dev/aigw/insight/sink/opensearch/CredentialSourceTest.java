package dev.aigw.insight.sink.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OpenSearch credentials from a file or an environment variable, never echoed. */
class CredentialSourceTest {

  private static String password(Configuration conf, Map<String, String> env) {
    return CredentialSource.resolve(
        conf,
        OpenSearchSinkOptions.PASSWORD,
        OpenSearchSinkOptions.PASSWORD_FILE,
        OpenSearchSinkOptions.PASSWORD_ENV,
        env::get);
  }

  @Test
  void readsTheFileWithoutItsTrailingNewline(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("password"), "from-the-secret\n");
    Configuration conf = new Configuration();
    conf.set(OpenSearchSinkOptions.PASSWORD_FILE, file.toString());
    assertThat(password(conf, Map.of())).isEqualTo("from-the-secret");
    conf.set(OpenSearchSinkOptions.USERNAME_FILE, file.toString());
    conf.set(OpenSearchSinkOptions.PASSWORD_FILE, file.toString());
    OpenSearchSinkConfig config = OpenSearchSinkConfig.fromConfiguration(conf);
    assertThat(config.username()).isEqualTo("from-the-secret");
    assertThat(config.password()).isEqualTo("from-the-secret");
  }

  @Test
  void readsTheEnvironmentVariable() {
    Configuration conf = new Configuration();
    conf.set(OpenSearchSinkOptions.PASSWORD_ENV, "OPENSEARCH_PASSWORD");
    assertThat(password(conf, Map.of("OPENSEARCH_PASSWORD", "env-pw"))).isEqualTo("env-pw");
    assertThatThrownBy(() -> password(conf, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid value 'OPENSEARCH_PASSWORD' for 'opensearch.password-env': must name an"
                + " environment variable that is set");
  }

  @Test
  void inlineStillWorksAndTwoSourcesAreRefused(@TempDir Path dir) {
    Configuration conf = new Configuration();
    conf.set(OpenSearchSinkOptions.PASSWORD, "inline-pw");
    assertThat(password(conf, Map.of())).isEqualTo("inline-pw");
    conf.set(OpenSearchSinkOptions.PASSWORD_ENV, "OPENSEARCH_PASSWORD");
    assertThatThrownBy(() -> password(conf, Map.of("OPENSEARCH_PASSWORD", "env-pw")))
        .hasMessage(
            "Invalid value 'OPENSEARCH_PASSWORD' for 'opensearch.password-env': set only one of"
                + " opensearch.password, opensearch.password-file and opensearch.password-env")
        .hasMessageNotContaining("inline-pw")
        .hasMessageNotContaining("env-pw");
  }

  @Test
  void missingFileNamesTheFileAndOption(@TempDir Path dir) {
    Configuration conf = new Configuration();
    conf.set(OpenSearchSinkOptions.PASSWORD_FILE, dir.resolve("missing").toString());
    assertThatThrownBy(() -> password(conf, Map.of()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("missing")
        .hasMessageContaining("opensearch.password-file");
  }
}
