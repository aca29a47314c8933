package dev.aigw.insight.job.options;

import dev.aigw.insight.options.OptionChecks;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Which access-log attributes are redacted, how, and where the HMAC secret comes from; validated
 * and immutable. Holds the secret's file path or environment variable name, never the secret: the
 * secret is read on the TaskManagers ({@code redact.HmacSecret}) and never travels in the job.
 */
public final class RedactionConfig implements Serializable {

  private static final long serialVersionUID = 1L;

  /** What happens to an attribute. */
  public enum Action {
    /** Stored as it arrived. */
    KEEP,
    /** Not stored. */
    DROP,
    /** Stored as a keyed hash; dropped when no secret is configured. */
    HASH
  }

  private final Map<String, Action> actions;
  private final String secretFile;
  private final String secretEnv;

  private RedactionConfig(Map<String, Action> actions, String secretFile, String secretEnv) {
    this.actions = actions;
    this.secretFile = secretFile;
    this.secretEnv = secretEnv;
  }

  /** Reads {@link RedactionOptions} and validates them. */
  public static RedactionConfig fromConfiguration(ReadableConfig conf) {
    return of(
        conf.get(RedactionOptions.ATTRIBUTES),
        conf.get(RedactionOptions.HMAC_SECRET_FILE),
        conf.get(RedactionOptions.HMAC_SECRET_ENV));
  }

  /** The defaults: {@link RedactionOptions#ATTRIBUTES}' rules, no secret. */
  public static RedactionConfig defaults() {
    return of(RedactionOptions.ATTRIBUTES.defaultValue(), null, null);
  }

  /** Rules by attribute name ({@code drop}, {@code hash} or {@code keep}) and a secret source. */
  public static RedactionConfig of(Map<String, String> rules, String secretFile, String secretEnv) {
    Map<String, Action> actions = new TreeMap<>();
    for (Map.Entry<String, String> rule : rules.entrySet()) {
      String name = rule.getKey().trim();
      String action = rule.getValue().trim().toUpperCase(Locale.ROOT);
      if (name.isEmpty()) {
        throw invalid(RedactionOptions.ATTRIBUTES.key(), rules, "must not name an empty attribute");
      }
      try {
        actions.put(name, Action.valueOf(action));
      } catch (IllegalArgumentException e) {
        throw invalid(
            RedactionOptions.ATTRIBUTES.key(),
            name + ":" + rule.getValue(),
            "must give each attribute 'drop', 'hash' or 'keep'");
      }
    }
    if (secretFile != null && secretFile.isBlank()) {
      throw invalid(RedactionOptions.HMAC_SECRET_FILE.key(), "<blank>", "must be a file path");
    }
    if (secretEnv != null && !secretEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw invalid(
          RedactionOptions.HMAC_SECRET_ENV.key(),
          secretEnv,
          "must be an environment variable name (letters, digits, '_')");
    }
    return new RedactionConfig(new LinkedHashMap<>(actions), secretFile, secretEnv);
  }

  /** The configured action of every named attribute (attributes not named are kept). */
  public Map<String, Action> actions() {
    return actions;
  }

  /** The secret file, or null. */
  public String secretFile() {
    return secretFile;
  }

  /** The environment variable holding the secret, or null. */
  public String secretEnv() {
    return secretEnv;
  }

  /** Whether a secret source is configured (else 'hash' attributes are dropped). */
  public boolean hasSecret() {
    return secretFile != null || secretEnv != null;
  }

  private static IllegalArgumentException invalid(String key, Object value, String allowed) {
    return OptionChecks.invalidOption(key, value, allowed);
  }
}
