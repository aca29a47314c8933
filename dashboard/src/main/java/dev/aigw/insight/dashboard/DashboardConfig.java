package dev.aigw.insight.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The standalone dashboard's options as flat {@code key → value} strings, under the job's own keys
 * where they mean the same (so the job's configuration file can be given as is): a YAML or
 * properties file ({@code --config}) and {@code --key value} / {@code --key=value} arguments, the
 * arguments winning. YAML lists become {@code ;}-separated values, nested maps dotted keys.
 */
public final class DashboardConfig {

  private static final Pattern DURATION =
      Pattern.compile("(\\d+)\\s*(ms|milli|millis|s|sec|secs|seconds?|min|m|minutes?)?");

  private final Map<String, String> values;
  private final Function<String, String> environment;

  DashboardConfig(Map<String, String> values, Function<String, String> environment) {
    this.values = Map.copyOf(values);
    this.environment = environment;
  }

  /**
   * Options given as a map under the job's keys, e.g. the local runner's job configuration (lists
   * {@code ;}-separated, as Flink writes them).
   */
  public static DashboardConfig of(
      Map<String, String> values, Function<String, String> environment) {
    return new DashboardConfig(values, environment);
  }

  /** The options of a command line (and the file its {@code --config} names). */
  public static DashboardConfig fromArgs(String[] args, Function<String, String> environment)
      throws IOException {
    Map<String, String> fromArgs = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException(
            "unexpected argument '" + arg + "': options are --key value");
      }
      String key = arg.substring(2);
      String value;
      int eq = key.indexOf('=');
      if (eq >= 0) {
        value = key.substring(eq + 1);
        key = key.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("option --" + key + " needs a value");
      }
      fromArgs.put(key, value);
    }
    Map<String, String> all = new LinkedHashMap<>();
    String file = fromArgs.remove("config");
    if (file != null) {
      all.putAll(readFile(Path.of(file)));
    }
    all.putAll(fromArgs);
    return new DashboardConfig(all, environment);
  }

  /** The value of a key, or {@code fallback}. */
  public String get(String key, String fallback) {
    String value = values.get(key);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  /** The value of a key, or null. */
  public String get(String key) {
    return get(key, null);
  }

  /** A whole-number option. */
  public int getInt(String key, int fallback) {
    String value = get(key);
    try {
      return value == null ? fallback : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, not '" + value + "'");
    }
  }

  /** A duration option such as {@code 10 s}, {@code 500 ms} or {@code 1 min} (bare = ms). */
  public Duration getDuration(String key, Duration fallback) {
    String value = get(key);
    if (value == null) {
      return fallback;
    }
    Matcher m = DURATION.matcher(value.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          key + " must be a duration like 10 s, not '" + value + "'");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    if (unit.startsWith("m") && !unit.equals("ms") && !unit.startsWith("milli")) {
      return Duration.ofMinutes(n);
    }
    return unit.startsWith("s") ? Duration.ofSeconds(n) : Duration.ofMillis(n);
  }

  /**
   * A secret given inline ({@code key}), in a file ({@code key-file}, a trailing newline removed)
   * or in an environment variable ({@code key-env}); null when none is given.
   */
  public String secret(String key) throws IOException {
    String inline = get(key);
    String file = get(key + "-file");
    String env = get(key + "-env");
    int given = (inline != null ? 1 : 0) + (file != null ? 1 : 0) + (env != null ? 1 : 0);
    if (given > 1) {
      throw new IllegalArgumentException(
          "give only one of " + key + ", " + key + "-file and " + key + "-env");
    }
    if (file != null) {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8).stripTrailing();
    }
    if (env != null) {
      String value = environment.apply(env);
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException(
            "the environment variable " + env + " named by " + key + "-env is not set");
      }
      return value;
    }
    return inline;
  }

  /** The function the tokens' environment variables are read with. */
  Function<String, String> environment() {
    return environment;
  }

  private static Map<String, String> readFile(Path file) throws IOException {
    Map<String, String> flat = new LinkedHashMap<>();
    if (file.toString().endsWith(".properties")) {
      Properties properties = new Properties();
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(in);
      }
      properties.forEach((k, v) -> flat.put(k.toString(), v.toString()));
      return flat;
    }
    try (InputStream in = Files.newInputStream(file)) {
      Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      if (root instanceof Map<?, ?> map) {
        flatten("", map, flat);
      } else if (root != null) {
        throw new IllegalArgumentException("the configuration file " + file + " is not a map");
      }
    }
    return flat;
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
    map.forEach(
        (k, v) -> {
          String key = prefix + k;
          if (v instanceof Map<?, ?> nested) {
            flatten(key + ".", nested, out);
          } else if (v instanceof List<?> list) {
            out.put(key, String.join(";", list.stream().map(String::valueOf).toList()));
          } else if (v != null) {
            out.put(key, v.toString());
          }
        });
  }
}
