package dev.aigw.insight.bench.load;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link LoadGeneratorMain} as a child JVM on this JVM's class path, so that the load's CPU is
 * spent in another process; the harness reads its start signal and its result.
 */
public final class LoadProcess implements AutoCloseable {

  private final Process process;
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final CompletableFuture<LoadResult> result = new CompletableFuture<>();

  private LoadProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::readOutput, "load-process-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts the load process with {@code args} (see {@link LoadGeneratorMain}); its standard error
   * is inherited, so its messages show up in the harness's output.
   */
  public static LoadProcess start(List<String> jvmOptions, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LoadGeneratorMain.class.getName());
    command.addAll(args);
    return new LoadProcess(
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
  }

  private void readOutput() {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.equals(LoadGeneratorMain.START_LINE)) {
          started.complete(null);
        } else if (line.startsWith(LoadResult.PREFIX)) {
          result.complete(LoadResult.parse(line));
        }
      }
    } catch (IOException | RuntimeException e) {
      result.completeExceptionally(e);
    }
    IllegalStateException ended =
        new IllegalStateException("The load process ended without a result");
    started.completeExceptionally(ended);
    result.completeExceptionally(ended);
  }

  /** Waits until the load process has built its requests and begins to send. */
  public void awaitStart(long timeoutSeconds) throws Exception {
    started.get(timeoutSeconds, TimeUnit.SECONDS);
  }

  /** Waits for the load process's result. */
  public LoadResult awaitResult(long timeoutSeconds) throws Exception {
    LoadResult loadResult = result.get(timeoutSeconds, TimeUnit.SECONDS);
    process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    return loadResult;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
    }
  }
}
