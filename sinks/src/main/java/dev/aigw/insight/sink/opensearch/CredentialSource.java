package dev.aigw.insight.sink.opensearch;

import static dev.aigw.insight.options.OptionChecks.checkOption;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Reads a credential given inline, in a file or in an environment variable (one of the three), so
 * that a Kubernetes Secret can supply it without the value ever sitting in the job's configuration.
 * Messages name the options and the file or variable, never the value.
 */
final class CredentialSource {

  private CredentialSource() {}

  /** The credential, or null when none of the three options is set. */
  static String resolve(
      ReadableConfig config,
      ConfigOption<String> inline,
      ConfigOption<String> file,
      ConfigOption<String> env,
      Function<String, String> environment) {
    String value = config.get(inline);
    String path = config.get(file);
    String variable = config.get(env);
    int given = (value != null ? 1 : 0) + (path != null ? 1 : 0) + (variable != null ? 1 : 0);
    // names the file or the variable, never the inline value
    checkOption(
        given <= 1,
        path != null ? file : env,
        path != null ? path : variable,
        "set only one of " + inline.key() + ", " + file.key() + " and " + env.key());
    if (path != null) {
      try {
        // a Secret written with `echo` ends in a newline that is not part of the credential
        return Files.readString(Path.of(path), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new UncheckedIOException("Could not read '" + path + "' (" + file.key() + ")", e);
      }
    }
    if (variable != null) {
      String fromEnv = environment.apply(variable);
      checkOption(
          fromEnv != null && !fromEnv.isEmpty(),
          env,
          variable,
          "must name an environment variable that is set");
      return fromEnv;
    }
    return value;
  }
}
