package dev.aigw.insight.job.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the job's options from an optional YAML file and command-line arguments into one Flink
 * {@link Configuration}.
 *
 * <p>The YAML file may be flat ({@code analysis.window.allowed-lateness: 30 s}) or nested, like
 * Flink's own {@code config.yaml}; nested maps are flattened with dots. Arguments override the
 * file: {@code --config job.yaml --source.otlp.port 4317 --demo}. A flag without a value is {@code
 * true}. Flink's own keys (state backend, checkpointing) pass through unchanged.
 */
public final class JobConfigLoader {

  /** The argument that names the YAML file. */
  public static final String CONFIG_FILE_ARGUMENT = "config";

  private JobConfigLoader() {}

  /** Parses arguments (and the file named by {@code --config}) into a configuration. */
  public static Configuration load(String[] args) throws IOException {
    Map<String, String> arguments = parseArguments(args);
    Map<String, String> merged = new LinkedHashMap<>();
    String file = arguments.remove(CONFIG_FILE_ARGUMENT);
    if (file != null) {
      merged.putAll(readYaml(Path.of(file)));
    }
    merged.putAll(arguments);
    return Configuration.fromMap(merged);
  }

  /** Turns {@code --key value}, {@code --key=value} and bare {@code --flag} into a map. */
  static Map<String, String> parseArguments(String[] args) {
    Map<String, String> result = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new IllegalArgumentException(
            "Unexpected argument '" + arg + "': options are given as --key value or --key=value");
      }
      String key = arg.substring(2);
      int equals = key.indexOf('=');
      if (equals >= 0) {
        result.put(key.substring(0, equals), key.substring(equals + 1));
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        result.put(key, args[++i]);
      } else {
        result.put(key, "true");
      }
    }
    return result;
  }

  /** Reads a YAML file into flat dotted keys. */
  static Map<String, String> readYaml(Path file) throws IOException {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Object root = yaml.load(reader);
      Map<String, String> flat = new LinkedHashMap<>();
      if (root == null) {
        return flat;
      }
      if (!(root instanceof Map)) {
        throw new IllegalArgumentException(
            "Configuration file " + file + " must hold a YAML mapping of option keys to values");
      }
      flatten("", (Map<?, ?>) root, flat);
      return flat;
    }
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = prefix + entry.getKey();
      Object value = entry.getValue();
      if (value instanceof Map) {
        flatten(key + ".", (Map<?, ?>) value, out);
      } else if (value instanceof List) {
        // Flink's list syntax: items separated by ';'.
        StringBuilder joined = new StringBuilder();
        for (Object item : (List<?>) value) {
          if (joined.length() > 0) {
            joined.append(';');
          }
          joined.append(item);
        }
        out.put(key, joined.toString());
      } else {
        out.put(key, value == null ? "" : String.valueOf(value));
      }
    }
  }
}
