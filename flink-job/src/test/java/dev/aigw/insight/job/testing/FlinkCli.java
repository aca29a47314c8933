package dev.aigw.insight.job.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flink's command-line client ({@code bin/flink}) as a child JVM: each call runs {@code
 * CliFrontend} against the cluster's configuration directory and parses what it prints.
 */
public final class FlinkCli {

  private static final String CLI_MAIN = "org.apache.flink.client.cli.CliFrontend";
  private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
  private static final Pattern SAVEPOINT_PATH =
      Pattern.compile("Savepoint completed\\. Path: (\\S+)");
  private static final Pattern LISTED_JOB =
      Pattern.compile(" : ([0-9a-f]{32}) : (.*) \\(([A-Z_]+)\\)");
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final String classpath;
  private final Path configDir;
  private final Path logDir;
  private final AtomicInteger calls = new AtomicInteger();

  FlinkCli(String classpath, Path configDir, Path logDir) {
    this.classpath = classpath;
    this.configDir = configDir;
    this.logDir = logDir;
  }

  /**
   * {@code flink run -d [-s savepoint] jar args}: submits detached and returns the job id.
   *
   * @param savepoint the savepoint to restore, or {@code null} to start without state
   */
  public String run(Path jar, String savepoint, List<String> programArgs) {
    List<String> args = new ArrayList<>(List.of("run", "-d"));
    if (savepoint != null) {
      args.add("-s");
      args.add(savepoint);
    }
    args.add(jar.toString());
    args.addAll(programArgs);
    return find(JOB_ID, call(args), "a job id");
  }

  /** {@code flink stop --savepointPath dir jobId}: stops with a savepoint and returns its path. */
  public String stopWithSavepoint(String jobId, Path savepointDir) {
    return find(
        SAVEPOINT_PATH,
        call(List.of("stop", "--savepointPath", savepointDir.toUri().toString(), jobId)),
        "a savepoint path");
  }

  /** {@code flink cancel jobId}. */
  public void cancel(String jobId) {
    call(List.of("cancel", jobId));
  }

  /** {@code flink list -r}: ids of the running jobs. */
  public List<String> listRunning() {
    String output = call(List.of("list", "-r"));
    List<String> ids = new ArrayList<>();
    Matcher matcher = LISTED_JOB.matcher(output);
    while (matcher.find()) {
      ids.add(matcher.group(1));
    }
    return ids;
  }

  /** Runs one CLI command; fails with the command's output if it exits non-zero. */
  public String call(List<String> args) {
    int n = calls.incrementAndGet();
    Path output = logDir.resolve("cli-" + n + "-" + args.get(0) + ".out");
    List<String> jvm =
        List.of(
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Dlog.file=" + logDir.resolve("cli-" + n + "-" + args.get(0) + ".log"),
            "-Dlog4j.configurationFile=" + configDir.resolve("log4j-cli.properties").toUri());
    try {
      JavaProcess.Result result =
          JavaProcess.run(
              classpath,
              jvm,
              CLI_MAIN,
              args,
              Map.of("FLINK_CONF_DIR", configDir.toString()),
              output,
              TIMEOUT);
      if (result.exitCode() != 0) {
        throw new IllegalStateException(
            "flink " + args + " exited with " + result.exitCode() + ":\n" + result.output());
      }
      return result.output();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start flink " + args, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted during flink " + args, e);
    }
  }

  private static String find(Pattern pattern, String output, String what) {
    Matcher matcher = pattern.matcher(output);
    if (!matcher.find()) {
      throw new IllegalStateException("No " + what + " in the CLI output:\n" + output);
    }
    return matcher.group(1);
  }
}
