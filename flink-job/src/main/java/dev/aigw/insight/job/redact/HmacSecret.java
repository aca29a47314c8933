package dev.aigw.insight.job.redact;

import dev.aigw.insight.job.options.RedactionConfig;
import dev.aigw.insight.job.options.RedactionOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Reads the redaction's HMAC secret from the configured file or environment variable. The value is
 * never put into an exception message or a log line; only where it was looked for.
 */
final class HmacSecret {

  /**
   * 16 bytes: an HMAC key shorter than that could be guessed by trying, and then every hashed
   * address could be recovered by hashing all 2^32 IPv4 addresses.
   */
  static final int MIN_BYTES = 16;

  private HmacSecret() {}

  /** The secret, or null when none is configured. */
  static byte[] read(RedactionConfig config, Function<String, String> environment)
      throws IOException {
    String secret;
    String source;
    if (config.secretFile() != null) {
      source =
          "the file '"
              + config.secretFile()
              + "' ("
              + RedactionOptions.HMAC_SECRET_FILE.key()
              + ")";
      try {
        secret = Files.readString(Path.of(config.secretFile()), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IOException("Could not read the redaction secret from " + source, e);
      }
    } else if (config.secretEnv() != null) {
      source =
          "the environment variable "
              + config.secretEnv()
              + " ("
              + RedactionOptions.HMAC_SECRET_ENV.key()
              + ")";
      secret = environment.apply(config.secretEnv());
    } else {
      return null;
    }
    // A Secret written with `echo` ends in a newline that is not part of the key.
    byte[] bytes = secret == null ? new byte[0] : secret.strip().getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_BYTES) {
      throw new IOException(
          "The redaction secret from "
              + source
              + " is missing or shorter than "
              + MIN_BYTES
              + " bytes");
    }
    return bytes;
  }
}
