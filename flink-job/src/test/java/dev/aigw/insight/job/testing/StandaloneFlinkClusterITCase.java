package dev.aigw.insight.job.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.testing.counterjob.CounterTestJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The standalone-cluster harness end to end: a stateful job jar is submitted with Flink's CLI,
 * stopped with a savepoint and started again from it, and its output proves that source position
 * and keyed state both survived.
 */
class StandaloneFlinkClusterITCase {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String RATE = "40";

  private static StandaloneFlinkCluster cluster;
  private static Path jobJar;

  @BeforeAll
  static void startCluster() throws IOException {
    Path work =
        Path.of("target", "flink-cluster", StandaloneFlinkClusterITCase.class.getSimpleName());
    cluster = StandaloneFlinkCluster.builder(work).start();
    jobJar =
        TestJars.jarOfPackage(CounterTestJob.class, work.resolve("jars").resolve("counter.jar"));
  }

  @AfterAll
  static void stopCluster() throws InterruptedException {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void stateSurvivesStopWithSavepointAndRestore() throws Exception {
    Path firstOutput = cluster.workDir().resolve("out-1.txt").toAbsolutePath();
    Path secondOutput = cluster.workDir().resolve("out-2.txt").toAbsolutePath();

    String first = cluster.cli().run(jobJar, null, List.of(firstOutput.toString(), RATE));
    cluster.awaitAllTasksRunning(first, TIMEOUT);
    assertThat(cluster.cli().listRunning()).containsExactly(first);
    cluster.await("30 records of the first run", () -> lines(firstOutput).size() >= 30, TIMEOUT);
    String savepoint = cluster.cli().stopWithSavepoint(first, cluster.savepointDir());
    cluster.awaitJobState(first, "FINISHED", TIMEOUT);
    assertThat(Path.of(java.net.URI.create(savepoint))).isDirectory();

    String second = cluster.cli().run(jobJar, savepoint, List.of(secondOutput.toString(), RATE));
    cluster.awaitAllTasksRunning(second, TIMEOUT);
    assertThat(cluster.rest().restoredFrom(second)).contains(savepoint);
    cluster.await("10 records of the second run", () -> lines(secondOutput).size() >= 10, TIMEOUT);
    cluster.cli().cancel(second);
    cluster.awaitJobState(second, "CANCELED", TIMEOUT);

    List<long[]> before = parse(lines(firstOutput));
    List<long[]> after = parse(lines(secondOutput));
    // The source resumes right after the last value the first run emitted: no gap, no repeat.
    long lastBefore = before.get(before.size() - 1)[0];
    assertThat(after.get(0)[0]).isEqualTo(lastBefore + 1);
    List<long[]> all = new ArrayList<>(before);
    all.addAll(after);
    for (int i = 0; i < all.size(); i++) {
      assertThat(all.get(i)[0]).as("value at line %d", i).isEqualTo(i);
    }
    // Each key's counter continues from its savepointed value instead of restarting at 1.
    Map<Long, Long> expectedCount = new HashMap<>();
    for (long[] record : all) {
      long key = record[1];
      assertThat(key).isEqualTo(record[0] % CounterTestJob.KEYS);
      long expected = expectedCount.merge(key, 1L, Long::sum);
      assertThat(record[2]).as("count of value %d", record[0]).isEqualTo(expected);
    }
    assertThat(after.get(0)[2]).isGreaterThan(1);
  }

  private static List<String> lines(Path file) {
    try {
      if (!Files.exists(file)) {
        return List.of();
      }
      // The job appends while we read: only complete lines count.
      String content = Files.readString(file, StandardCharsets.UTF_8);
      int end = content.lastIndexOf('\n');
      return end < 0 ? List.of() : content.substring(0, end).lines().toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<long[]> parse(List<String> lines) {
    return lines.stream()
        .map(line -> line.split(","))
        .map(f -> new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])})
        .toList();
  }
}
