package dev.aigw.insight.job.options;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where an HMAC key comes from: a file or an environment variable named by two options. Holds the
 * names, never the key: the key is read where it is used (on the TaskManagers) and never put into
 * an exception message or a log line; only where it was looked for is.
 */
public final class HmacKeySource implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * 16 bytes: an HMAC key shorter than that could be guessed by trying, and then every hashed value
   * of a small set (IPv4 addresses, team names) could be recovered.
   */
  public static final int MIN_BYTES = 16;

  private final String what;
  private final String file;
  private final String fileOption;
  private final String env;
  private final String envOption;

  /**
   * @param what the key's name in messages, e.g. {@code redaction secret}
   */
  public HmacKeySource(String what, String file, String fileOption, String env, String envOption) {
    this.what = what;
    this.file = file;
    this.fileOption = fileOption;
    this.env = env;
    this.envOption = envOption;
  }

  /** Whether a file or an environment variable is named. */
  public boolean configured() {
    return file != null || env != null;
  }

  /** The key, or null when none is configured; a missing or short key is an error. */
  public byte[] read(Function<String, String> environment) throws IOException {
    String secret;
    String source;
    if (file != null) {
      source = "the file '" + file + "' (" + fileOption + ")";
      try {
        secret = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IOException("Could not read the " + what + " from " + source, e);
      }
    } else if (env != null) {
      source = "the environment variable " + env + " (" + envOption + ")";
      secret = environment.apply(env);
    } else {
      return null;
    }
    // A Secret written with `echo` ends in a newline that is not part of the key.
    byte[] bytes = secret == null ? new byte[0] : secret.strip().getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_BYTES) {
      throw new IOException(
          "The "
              + what
              + " from "
              + source
              + " is missing or shorter than "
              + MIN_BYTES
              + " bytes");
    }
    return bytes;
  }
}
