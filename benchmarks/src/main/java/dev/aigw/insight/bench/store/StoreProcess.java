package dev.aigw.insight.bench.store;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link StoreMain} as a child JVM on this JVM's class path: the store's CPU is then its
 * process's, read from the operating system, and never counted as the job's.
 */
public final class StoreProcess implements AutoCloseable {

  /** Which store the child runs. */
  public enum Kind {
    OPENSEARCH,
    BANYANDB
  }

  private final Process process;
  private final Writer commands;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final String target;

  private StoreProcess(Process process, long startTimeoutSeconds) throws Exception {
    this.process = process;
    this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readOutput, "store-process-stdout");
    reader.setDaemon(true);
    reader.start();
    String ready = next(StoreMain.READY, startTimeoutSeconds);
    this.target = ready.substring(StoreMain.READY.length());
  }

  /**
   * Starts the store: {@code home} holds OpenSearch's data; {@code heap} is the child's {@code
   * -Xmx} (and {@code -Xms}, as OpenSearch wants); {@code profile}, if not null, a JFR recording of
   * the child's whole run, written when it stops. The child gets this JVM's {@code --add-opens}.
   */
  public static StoreProcess start(Kind kind, Path home, String heap, Path profile)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    command.add("-Xms" + heap);
    command.add("-Xmx" + heap);
    if (profile != null) {
      command.add(
          "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
              + profile.toAbsolutePath());
    }
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (option.startsWith("--add-opens")) {
        command.add(option);
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(StoreMain.class.getName());
    if (kind == Kind.OPENSEARCH) {
      command.add("opensearch");
      command.add(home.toAbsolutePath().toString());
    } else {
      command.add("banyandb");
    }
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      return new StoreProcess(process, 180);
    } catch (Exception e) {
      process.destroy();
      throw e;
    }
  }

  /** {@code http://127.0.0.1:<port>} (OpenSearch) or {@code 127.0.0.1:<port>} (BanyanDB). */
  public String target() {
    return target;
  }

  /** CPU time the store's process has used so far (all its threads), in nanoseconds. */
  public long cpuNanos() {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  /** Sends one command to {@link StoreMain} and returns its answer. */
  public synchronized String ask(String command) throws Exception {
    commands.write(command + "\n");
    commands.flush();
    return next(StoreMain.ANSWER, 60).substring(StoreMain.ANSWER.length());
  }

  private String next(String prefix, long timeoutSeconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (true) {
      String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new IllegalStateException(
            "The store process gave no " + prefix.trim() + " line in " + timeoutSeconds + " s");
      }
      if (line.startsWith(prefix)) {
        return line;
      }
    }
  }

  private void readOutput() {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException ignored) {
      // the process ended; a waiting caller times out with the command it waited for
    }
  }

  @Override
  public void close() throws InterruptedException {
    try {
      commands.write("stop\n");
      commands.flush();
    } catch (IOException alreadyGone) {
      // nothing to stop
    }
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroy();
    }
  }
}
