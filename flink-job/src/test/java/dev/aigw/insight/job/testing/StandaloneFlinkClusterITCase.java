package dev.aigw.insight.job.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * and keyed state both survived; a build with a changed uid is refused the savepoint.
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
    // Checkpoints let the job recover after its TaskManager is killed.
    cluster =
        StandaloneFlinkCluster.builder(work)
            .config("execution.checkpointing.interval", "1 s")
            .start();
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
    Path thirdOutput = cluster.workDir().resolve("out-renamed.txt").toAbsolutePath();

    String first = cluster.cli().run(jobJar, null, List.of(firstOutput.toString(), RATE));
    cluster.awaitAllTasksRunning(first, TIMEOUT);
    assertThat(cluster.cli().listRunning()).containsExactly(first);
    cluster.await("30 records of the first run", () -> lines(firstOutput).size() >= 30, TIMEOUT);
    String savepoint = cluster.cli().stopWithSavepoint(first, cluster.savepointDir());
    cluster.awaitJobState(first, "FINISHED", TIMEOUT);
    assertThat(Path.of(java.net.URI.create(savepoint))).isDirectory();

    // A build whose counter has a new uid cannot take the counter's state: the restore fails.
    assertThatThrownBy(
            () ->
                cluster
                    .cli()
                    .run(
                        jobJar,
                        savepoint,
                        List.of(thirdOutput.toString(), RATE, "count-per-key-v2")))
        .hasMessageContaining("Cannot map checkpoint/savepoint state");

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

  @Test
  void jobRecoversFromItsLastCheckpointWhenTheTaskManagerIsKilled() throws Exception {
    Path output = cluster.workDir().resolve("out-kill.txt").toAbsolutePath();
    String job = cluster.cli().run(jobJar, null, List.of(output.toString(), RATE));
    cluster.awaitAllTasksRunning(job, TIMEOUT);
    cluster.awaitCompletedCheckpoints(job, 2, TIMEOUT);
    int beforeKill = lines(output).size();

    cluster.killTaskManager(0);
    int replacement = cluster.startTaskManager(TIMEOUT);
    assertThat(replacement).isEqualTo(1);
    cluster.await(
        "job " + job + " to restore from a checkpoint",
        () -> cluster.rest().restoredFrom(job).isPresent(),
        TIMEOUT);
    cluster.awaitAllTasksRunning(job, TIMEOUT);
    cluster.await(
        "20 records after the restart", () -> lines(output).size() >= beforeKill + 20, TIMEOUT);
    cluster.cli().cancel(job);
    cluster.awaitJobState(job, "CANCELED", TIMEOUT);

    assertThat(cluster.rest().restoredFrom(job).orElseThrow()).contains("/checkpoints/");
    // The sink is not transactional, so records after the checkpoint appear twice; but every line
    // must pair a value with the count that consistent state gives: value / KEYS + 1.
    List<long[]> records = parse(lines(output));
    long max = 0;
    java.util.Set<Long> values = new java.util.HashSet<>();
    for (long[] record : records) {
      assertThat(record[2])
          .as("count of value %d", record[0])
          .isEqualTo(record[0] / CounterTestJob.KEYS + 1);
      values.add(record[0]);
      max = Math.max(max, record[0]);
    }
    assertThat(values).hasSize((int) max + 1);
    assertThat(max).isGreaterThanOrEqualTo(beforeKill + 10);
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
