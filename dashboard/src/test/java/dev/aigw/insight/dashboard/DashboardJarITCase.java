package dev.aigw.insight.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.dashboard.read.banyandb.BanyanDbQueryCommand;
import dev.aigw.insight.sink.banyandb.standin.BanyanDbStandIn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar {@code target/dashboard.jar} (built at {@code package}, before this runs): its
 * manifest names the dashboard's main class, and the query command runs from it alone, reaching
 * BanyanDB over gRPC (so the client, gRPC's transport and its service files made it into the jar).
 */
class DashboardJarITCase {
  private static final Path JAR = Path.of("target", "dashboard.jar");

  @Test
  void theManifestNamesTheDashboardsMainClass() throws IOException {
    assertThat(JAR).isRegularFile();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("dev.aigw.insight.dashboard.DashboardMain");
    }
  }

  @Test
  void theQueryCommandRunsFromTheJarAgainstBanyanDb() throws Exception {
    try (BanyanDbStandIn standIn = BanyanDbStandIn.start()) {
      Result result =
          run(
              "latency",
              "--service",
              "gw",
              "--minute",
              "2026-11-26T17:30",
              "--targets",
              standIn.target());
      // nothing written yet: the header and no rows
      assertThat(result.exit()).as(result.err()).isZero();
      assertThat(result.out().lines().toList())
          .hasSize(1)
          .first()
          .asString()
          .startsWith("provider");
    }
  }

  private static Result run(String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile("dashboard-jar", ".out");
    Path err = Files.createTempFile("dashboard-jar", ".err");
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                JAR.toString(),
                BanyanDbQueryCommand.class.getName()));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the command did not end within 60 s");
    }
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private record Result(int exit, String out, String err) {}
}
