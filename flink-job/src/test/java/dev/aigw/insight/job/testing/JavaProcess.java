package dev.aigw.insight.job.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Launches a Java main class in a child JVM with its output captured in a file. */
final class JavaProcess {

  /**
   * The {@code --add-opens}/{@code --add-exports} list that Flink's distribution passes to every
   * JVM as {@code env.java.opts.all}; without it Java 17 refuses Flink's reflective access.
   */
  static final List<String> FLINK_JAVA_17_OPTS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private final Process process;
  private final Path output;

  private JavaProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /**
   * Starts {@code mainClass} in a new JVM.
   *
   * @param jvmOptions options before the main class (heap, system properties)
   * @param output file receiving stdout and stderr together
   */
  static JavaProcess start(
      String classpath,
      List<String> jvmOptions,
      String mainClass,
      List<String> args,
      Map<String, String> env,
      Path output)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(FLINK_JAVA_17_OPTS);
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(args);
    Files.createDirectories(output.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(output.toFile()));
    builder.environment().putAll(env);
    return new JavaProcess(builder.start(), output);
  }

  /** Runs {@code mainClass} to completion and returns its exit code and output. */
  static Result run(
      String classpath,
      List<String> jvmOptions,
      String mainClass,
      List<String> args,
      Map<String, String> env,
      Path output,
      Duration timeout)
      throws IOException, InterruptedException {
    JavaProcess process = start(classpath, jvmOptions, mainClass, args, env, output);
    if (!process.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.kill();
      throw new IllegalStateException(
          mainClass
              + " "
              + args
              + " did not finish within "
              + timeout
              + "; output:\n"
              + process.output());
    }
    return new Result(process.process.exitValue(), process.output());
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  Path outputFile() {
    return output;
  }

  /** The captured output so far (stdout and stderr). */
  String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "<cannot read " + output + ": " + e + ">";
    }
  }

  /** Kills the JVM like a crash would (SIGKILL), and waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Asks the JVM to shut down (SIGTERM), without waiting. */
  void terminate() {
    process.destroy();
  }

  /** Waits up to {@code grace} for the JVM to exit, then kills it. */
  void awaitExitOrKill(Duration grace) throws InterruptedException {
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
    }
  }

  /** Exit code and captured output of a finished child JVM. */
  record Result(int exitCode, String output) {}
}
