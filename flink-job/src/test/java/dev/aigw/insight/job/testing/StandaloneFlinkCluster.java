package dev.aigw.insight.job.testing;

import dev.aigw.insight.testing.Await;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real standalone Flink session cluster built from the Maven jars, no distribution needed: one
 * JobManager JVM ({@code StandaloneSessionClusterEntrypoint}) and one JVM per TaskManager ({@code
 * TaskManagerRunner}), all bound to 127.0.0.1, driven through Flink's CLI and REST API.
 *
 * <p>The cluster's classpath is the test classpath minus this module's own classes and minus every
 * dependency that the job's cluster jar ships (see {@code target/job-runtime-classpath.txt},
 * written by the build), so a submitted jar must bring its own libraries exactly as on a real
 * cluster. Logs of every process land in {@code <workDir>/log}.
 *
 * <pre>{@code
 * try (StandaloneFlinkCluster cluster =
 *     StandaloneFlinkCluster.builder(Path.of("target", "flink-cluster", "MyITCase")).start()) {
 *   String jobId = cluster.cli().run(jar, null, List.of("--option", "value"));
 *   cluster.awaitAllTasksRunning(jobId, Duration.ofMinutes(1));
 *   String savepoint = cluster.cli().stopWithSavepoint(jobId, cluster.savepointDir());
 *   String restored = cluster.cli().run(changedJar, savepoint, List.of());
 * }
 * }</pre>
 */
public final class StandaloneFlinkCluster implements AutoCloseable {

  /** System property naming the file with the job's runtime classpath (one line, ':'-separated). */
  public static final String RUNTIME_CLASSPATH_PROPERTY = "aigw.jobRuntimeClasspath";

  private static final String JOB_MANAGER_MAIN =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  private static final String TASK_MANAGER_MAIN =
      "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
  private static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
  private static final String EXEC_RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

  /**
   * Jars that the job's runtime classpath shares with Flink's own distribution: they stay on the
   * cluster's classpath because Flink itself needs them.
   */
  private static final List<String> SHARED_WITH_FLINK = List.of("slf4j-api-", "commons-lang3-");

  private final Path workDir;
  private final Path configDir;
  private final Path logDir;
  private final String classpath;
  private final int taskManagersAtStart;
  private final FlinkRestClient rest;
  private final FlinkCli cli;
  private final List<JavaProcess> taskManagers = new ArrayList<>();
  private JavaProcess jobManager;
  private List<String> taskManagerJvmOptions;
  private List<String> taskManagerDynamicProperties;

  private StandaloneFlinkCluster(Builder builder, int restPort) throws IOException {
    this.workDir = builder.workDir.toAbsolutePath();
    this.configDir = workDir.resolve("conf");
    this.logDir = workDir.resolve("log");
    this.classpath = clusterClasspath();
    this.taskManagersAtStart = builder.taskManagers;
    this.rest = new FlinkRestClient(URI.create("http://127.0.0.1:" + restPort));
    this.cli = new FlinkCli(classpath, configDir, logDir);
  }

  /** A builder for a cluster whose files (config, logs, checkpoints) live in {@code workDir}. */
  public static Builder builder(Path workDir) {
    return new Builder(workDir);
  }

  /** The Flink CLI bound to this cluster. */
  public FlinkCli cli() {
    return cli;
  }

  /** The REST API of the JobManager. */
  public FlinkRestClient rest() {
    return rest;
  }

  /** Where {@code execution.checkpointing.dir} points. */
  public Path checkpointDir() {
    return workDir.resolve("checkpoints");
  }

  /** Where {@code execution.checkpointing.savepoint-dir} points. */
  public Path savepointDir() {
    return workDir.resolve("savepoints");
  }

  /** The folder with the log file of every process of this cluster. */
  public Path logDir() {
    return logDir;
  }

  /** The root folder of this cluster's files. */
  public Path workDir() {
    return workDir;
  }

  /** Number of TaskManager JVMs started by this harness that are still alive. */
  public int taskManagerCount() {
    return (int) taskManagers.stream().filter(JavaProcess::isAlive).count();
  }

  /**
   * Kills TaskManager {@code index} with SIGKILL, like a crashed pod: its tasks fail and the job
   * restarts from the last checkpoint once a slot is available again.
   */
  public void killTaskManager(int index) throws InterruptedException {
    taskManagers.get(index).kill();
  }

  /**
   * Starts one more TaskManager and waits until it registered.
   *
   * @return its index for {@link #killTaskManager(int)}
   */
  public int startTaskManager(Duration timeout) throws IOException {
    Set<String> known = rest.taskManagerIds();
    int index = launchTaskManager();
    await(
        "TaskManager " + index + " to register",
        () -> !known.containsAll(rest.taskManagerIds()),
        timeout);
    return index;
  }

  /** Waits until the job and all its tasks run (a savepoint needs running tasks). */
  public void awaitAllTasksRunning(String jobId, Duration timeout) {
    await("all tasks of job " + jobId + " to run", () -> rest.allTasksRunning(jobId), timeout);
  }

  /** Waits until the job reaches {@code state} (e.g. {@code FINISHED}, {@code CANCELED}). */
  public void awaitJobState(String jobId, String state, Duration timeout) {
    await(
        "job " + jobId + " to reach " + state,
        () -> rest.jobState(jobId).filter(state::equals).isPresent(),
        timeout);
  }

  /** Waits until the job has completed at least {@code count} checkpoints. */
  public void awaitCompletedCheckpoints(String jobId, long count, Duration timeout) {
    await(
        count + " completed checkpoints of job " + jobId,
        () -> rest.completedCheckpoints(jobId) >= count,
        timeout);
  }

  /**
   * Polls {@code condition}; fails with the JobManager's log tail on timeout or when the JobManager
   * died.
   */
  public void await(String what, BooleanSupplier condition, Duration timeout) {
    try {
      Await.until(
          timeout,
          what,
          () -> {
            if (jobManager != null && !jobManager.isAlive()) {
              throw new IllegalStateException(
                  "The JobManager died while waiting for " + what + ":\n" + tail(jobManagerLog()));
            }
            return condition.getAsBoolean();
          },
          () -> "JobManager log tail:\n" + tail(jobManagerLog()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for " + what, e);
    }
  }

  /** Stops every process: TaskManagers and JobManager get SIGTERM, then SIGKILL after 10 s. */
  @Override
  public void close() throws InterruptedException {
    List<JavaProcess> all = new ArrayList<>(taskManagers);
    if (jobManager != null) {
      all.add(jobManager);
    }
    for (JavaProcess process : all) {
      process.terminate();
    }
    for (JavaProcess process : all) {
      process.awaitExitOrKill(Duration.ofSeconds(10));
    }
  }

  private void start(Builder builder, int restPort) throws IOException {
    deleteRecursively(workDir);
    Files.createDirectories(configDir);
    Files.createDirectories(logDir);
    writeConfig(builder, restPort);
    writeLog4jConfig("log4j.properties");
    writeLog4jConfig("log4j-cli.properties");

    // The JobManager boots while BashJavaUtils sizes the TaskManagers. Its own JVM options are
    // fixed: it does little work in tests, and C1-only compilation halves its start-up time on a
    // busy machine.
    List<String> jmJvm = new ArrayList<>(processJvmOptions("jobmanager"));
    jmJvm.addAll(List.of("-Xmx512m", "-Xms128m", "-XX:TieredStopAtLevel=1"));
    jobManager =
        JavaProcess.start(
            classpath,
            jmJvm,
            JOB_MANAGER_MAIN,
            List.of("--configDir", configDir.toString()),
            flinkEnv(),
            logDir.resolve("jobmanager.out"));
    List<List<String>> tm = resourceParams("GET_TM_RESOURCE_PARAMS");
    taskManagerJvmOptions = tm.get(0);
    taskManagerDynamicProperties = tm.size() > 1 ? tm.get(1) : List.of();
    for (int i = 0; i < builder.taskManagers; i++) {
      launchTaskManager();
    }
    await(
        taskManagersAtStart + " TaskManagers to register at " + rest.baseUri(),
        () -> rest.registeredTaskManagers() >= taskManagersAtStart,
        builder.startupTimeout);
  }

  private int launchTaskManager() throws IOException {
    int index = taskManagers.size();
    String name = "taskmanager-" + index;
    List<String> jvm = new ArrayList<>(processJvmOptions(name));
    jvm.addAll(taskManagerJvmOptions);
    List<String> args = new ArrayList<>(List.of("--configDir", configDir.toString()));
    args.addAll(taskManagerDynamicProperties);
    taskManagers.add(
        JavaProcess.start(
            classpath, jvm, TASK_MANAGER_MAIN, args, flinkEnv(), logDir.resolve(name + ".out")));
    return index;
  }

  private List<String> processJvmOptions(String name) {
    return List.of(
        "-XX:+UseSerialGC",
        "-Dlog.file=" + logDir.resolve(name + ".log"),
        "-Dlog4j.configurationFile=" + configDir.resolve("log4j.properties").toUri());
  }

  private Map<String, String> flinkEnv() {
    return Map.of("FLINK_CONF_DIR", configDir.toString());
  }

  /**
   * Runs {@code BashJavaUtils} like Flink's start scripts: line 1 holds the JVM memory options,
   * line 2 the matching dynamic properties ({@code -D key=value} pairs).
   */
  private List<List<String>> resourceParams(String command) throws IOException {
    try {
      JavaProcess.Result result =
          JavaProcess.run(
              classpath,
              List.of(
                  "-Xmx128m",
                  "-XX:+UseSerialGC",
                  "-Dlog.file=" + logDir.resolve("bash-java-utils.log"),
                  "-Dlog4j.configurationFile=" + configDir.resolve("log4j-cli.properties").toUri()),
              BASH_JAVA_UTILS,
              List.of(command, "--configDir", configDir.toString()),
              flinkEnv(),
              logDir.resolve("bash-java-utils-" + command + ".out"),
              Duration.ofMinutes(1));
      List<List<String>> lines =
          result
              .output()
              .lines()
              .filter(line -> line.startsWith(EXEC_RESULT_PREFIX))
              .map(line -> line.substring(EXEC_RESULT_PREFIX.length()).trim())
              .map(line -> Arrays.stream(line.split("\\s+")).filter(s -> !s.isEmpty()).toList())
              .toList();
      if (result.exitCode() != 0 || lines.isEmpty()) {
        throw new IllegalStateException(
            "BashJavaUtils "
                + command
                + " failed ("
                + result.exitCode()
                + "):\n"
                + result.output());
      }
      return lines;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while computing " + command, e);
    }
  }

  private void writeConfig(Builder builder, int restPort) throws IOException {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("jobmanager.rpc.address", "127.0.0.1");
    config.put("jobmanager.rpc.port", String.valueOf(freePort()));
    config.put("jobmanager.bind-host", "127.0.0.1");
    config.put("rest.address", "127.0.0.1");
    config.put("rest.bind-address", "127.0.0.1");
    config.put("rest.port", String.valueOf(restPort));
    config.put("taskmanager.host", "127.0.0.1");
    config.put("taskmanager.bind-host", "127.0.0.1");
    config.put("taskmanager.numberOfTaskSlots", String.valueOf(builder.slotsPerTaskManager));
    config.put("jobmanager.memory.process.size", "768m");
    config.put("taskmanager.memory.process.size", builder.taskManagerMemory);
    config.put("parallelism.default", "1");
    config.put("execution.checkpointing.dir", checkpointDir().toUri().toString());
    config.put("execution.checkpointing.savepoint-dir", savepointDir().toUri().toString());
    config.put("io.tmp.dirs", workDir.resolve("tmp").toString());
    // A killed TaskManager is noticed within seconds instead of the default 50 s.
    config.put("heartbeat.interval", "1000");
    config.put("heartbeat.timeout", "5000");
    // Catches accidental Kryo fallbacks of submitted jobs, like the MiniCluster tests do.
    config.put("pipeline.generic-types", "false");
    config.put("env.java.opts.all", String.join(" ", JavaProcess.FLINK_JAVA_17_OPTS));
    config.putAll(builder.extraConfig);
    Files.createDirectories(workDir.resolve("tmp"));
    String yaml =
        config.entrySet().stream()
            .map(e -> e.getKey() + ": " + quote(e.getValue()))
            .collect(Collectors.joining("\n", "", "\n"));
    Files.writeString(configDir.resolve("config.yaml"), yaml, StandardCharsets.UTF_8);
  }

  private void writeLog4jConfig(String fileName) throws IOException {
    String properties =
        String.join(
            "\n",
            "monitorInterval = 0",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = FileAppender",
            "appender.file.name = FileAppender",
            "appender.file.type = File",
            "appender.file.append = true",
            "appender.file.fileName = ${sys:log.file}",
            "appender.file.layout.type = PatternLayout",
            "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p [%t] %c - %m%n",
            "logger.pekko.name = org.apache.pekko",
            "logger.pekko.level = WARN",
            "logger.kafka.name = org.apache.kafka",
            "logger.kafka.level = WARN",
            "");
    Files.writeString(configDir.resolve(fileName), properties, StandardCharsets.UTF_8);
  }

  private Path jobManagerLog() {
    return logDir.resolve("jobmanager.log");
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "<no " + file + ">";
    }
  }

  private static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /**
   * The test classpath without this project's classes and without the job's runtime libraries: what
   * a Flink distribution's {@code lib/} holds (Flink, its dependencies, logging).
   */
  static String clusterClasspath() throws IOException {
    String testClasspath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path runtimeFile =
        Path.of(System.getProperty(RUNTIME_CLASSPATH_PROPERTY, "target/job-runtime-classpath.txt"));
    if (!Files.isRegularFile(runtimeFile)) {
      throw new IllegalStateException(
          "Missing "
              + runtimeFile.toAbsolutePath()
              + " (written by the build's dependency:build-classpath); run the test through Maven"
              + " or set -D"
              + RUNTIME_CLASSPATH_PROPERTY
              + "=<file>");
    }
    Set<String> shippedByJob = new HashSet<>();
    for (String entry : Files.readString(runtimeFile).trim().split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        shippedByJob.add(Path.of(entry).toAbsolutePath().normalize().toString());
      }
    }
    return Arrays.stream(testClasspath.split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .filter(entry -> !Files.isDirectory(Path.of(entry)))
        .filter(
            entry -> {
              Path path = Path.of(entry).toAbsolutePath().normalize();
              String fileName = path.getFileName().toString();
              return !shippedByJob.contains(path.toString())
                  || SHARED_WITH_FLINK.stream().anyMatch(fileName::startsWith);
            })
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.delete(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  /** Configures and starts a {@link StandaloneFlinkCluster}. */
  public static final class Builder {
    private final Path workDir;
    private int taskManagers = 1;
    private int slotsPerTaskManager = 1;
    private String taskManagerMemory = "1280m";
    private Duration startupTimeout = Duration.ofSeconds(150);
    private final Map<String, String> extraConfig = new LinkedHashMap<>();

    private Builder(Path workDir) {
      this.workDir = workDir;
    }

    /** TaskManagers started with the cluster (default 1). */
    public Builder taskManagers(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("taskManagers must be >= 0, got " + count);
      }
      this.taskManagers = count;
      return this;
    }

    /** {@code taskmanager.numberOfTaskSlots} (default 1, the Kubernetes layout). */
    public Builder slotsPerTaskManager(int slots) {
      if (slots < 1) {
        throw new IllegalArgumentException(
            "taskmanager.numberOfTaskSlots must be >= 1, got " + slots);
      }
      this.slotsPerTaskManager = slots;
      return this;
    }

    /** {@code taskmanager.memory.process.size} (default 1280m). */
    public Builder taskManagerMemory(String size) {
      this.taskManagerMemory = size;
      return this;
    }

    /** How long start() waits for the TaskManagers to register (default 150 s). */
    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = timeout;
      return this;
    }

    /** Any further cluster option, written to config.yaml (overrides the defaults). */
    public Builder config(String key, String value) {
      extraConfig.put(key, value);
      return this;
    }

    /** Writes the configuration, starts the JobManager and TaskManagers and waits for them. */
    public StandaloneFlinkCluster start() throws IOException {
      int restPort = freePort();
      StandaloneFlinkCluster cluster = new StandaloneFlinkCluster(this, restPort);
      try {
        cluster.start(this, restPort);
      } catch (RuntimeException | IOException e) {
        try {
          cluster.close();
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
        }
        throw e;
      }
      return cluster;
    }
  }
}
