package dev.aigw.insight.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigLoaderTest {

  @Test
  void argumentsOverrideNestedYamlAndFlagsMeanTrue(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.yaml");
    Files.writeString(
        file,
        "source:\n  otlp:\n    port: 4317\n    bind-address: 0.0.0.0\n"
            + "banyandb.targets: [a:17912, b:17912]\n"
            + "execution.checkpointing.interval: 30 s\n");

    Configuration conf =
        JobConfigLoader.load(
            new String[] {"--config", file.toString(), "--source.otlp.port=14317", "--demo"});

    assertThat(conf.toMap())
        .containsEntry("source.otlp.port", "14317")
        .containsEntry("source.otlp.bind-address", "0.0.0.0")
        .containsEntry("banyandb.targets", "a:17912;b:17912")
        .containsEntry("execution.checkpointing.interval", "30 s")
        .containsEntry("demo", "true")
        .doesNotContainKey("config");
  }

  @Test
  void rejectsPositionalArguments() {
    assertThatThrownBy(() -> JobConfigLoader.load(new String[] {"oops"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'oops'");
  }

  @Test
  void rejectsAFileThatIsNotAMapping(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("list.yaml");
    Files.writeString(file, "- a\n- b\n");
    assertThatThrownBy(() -> JobConfigLoader.load(new String[] {"--config", file.toString()}))
        .hasMessageContaining("must hold a YAML mapping");
  }
}
