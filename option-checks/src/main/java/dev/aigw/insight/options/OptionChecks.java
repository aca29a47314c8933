package dev.aigw.insight.options;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;

/**
 * The one way option values are checked, in the style of Flink's own connectors ({@code
 * Preconditions.checkArgument} in a builder's {@code sanityCheck()}), so that every wrong value
 * reads the same whichever module rejects it:
 *
 * <pre>Invalid value 0 for 'banyandb.sink.batch-size': must be at least 1</pre>
 *
 * <p>The message names the option key (as a user writes it in the configuration), the value found,
 * and what is allowed. Checks throw {@link IllegalArgumentException}.
 */
public final class OptionChecks {

  /** The message of every rejected option value: value, key, what is allowed. */
  public static final String MESSAGE_FORMAT = "Invalid value %s for '%s': %s";

  private OptionChecks() {}

  /** Throws unless {@code valid}, naming the option, its value and what is allowed. */
  public static void checkOption(
      boolean valid, ConfigOption<?> option, Object value, String allowed) {
    checkOption(valid, option.key(), value, allowed);
  }

  /**
   * Throws unless {@code valid}. Takes a key for settings that are not a single {@link
   * ConfigOption} (a map entry such as {@code logs.redaction.attributes} with one rule).
   */
  public static void checkOption(boolean valid, String key, Object value, String allowed) {
    if (!valid) {
      throw invalidOption(key, value, allowed);
    }
  }

  /** The exception a check throws, for a caller that found the problem in a catch block. */
  public static IllegalArgumentException invalidOption(String key, Object value, String allowed) {
    return new IllegalArgumentException(message(key, value, allowed));
  }

  /** The exception a check throws, with the cause that made the value unusable. */
  public static IllegalArgumentException invalidOption(
      String key, Object value, String allowed, Throwable cause) {
    return new IllegalArgumentException(message(key, value, allowed), cause);
  }

  /** Requires {@code value >= min}. */
  public static void checkAtLeast(ConfigOption<?> option, long value, long min) {
    checkOption(value >= min, option, value, "must be at least " + min);
  }

  /** Requires a duration longer than zero. */
  public static void checkPositive(ConfigOption<?> option, Duration value) {
    checkOption(
        value != null && !value.isNegative() && !value.isZero(),
        option,
        value,
        "must be longer than 0");
  }

  /** The message of every rejected value; public for tests that assert it. */
  public static String message(String key, Object value, String allowed) {
    return String.format(MESSAGE_FORMAT, render(value), key, allowed);
  }

  // Text is quoted so that an empty or blank value is visible in the message.
  private static String render(Object value) {
    return value instanceof CharSequence ? "'" + value + "'" : String.valueOf(value);
  }
}
