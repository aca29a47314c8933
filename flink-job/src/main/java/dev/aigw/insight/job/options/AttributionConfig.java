package dev.aigw.insight.job.options;

import dev.aigw.insight.options.OptionChecks;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Which attributes the cells are broken down by, which of them are secret, the cap of values per
 * attribute and where the secret's key comes from; validated and immutable. The same names apply to
 * every signal that carries them (metric points now; access logs and spans through {@code
 * decode.AttributionValues}). Holds the key's file path or environment variable name, never the
 * key.
 */
public final class AttributionConfig implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * At most this many attributes: every attribute adds two cells per leaf and minute, and a window
   * stage per partial; a handful is what platform teams ask for (team, tenant, key).
   */
  public static final int MAX_ATTRIBUTES = 8;

  /** Largest per-attribute cap: the guard's state and the cells grow with it. */
  public static final int MAX_VALUES_LIMIT = 100_000;

  private final List<String> attributes;
  private final Set<String> secret;
  private final int maxValues;
  private final HmacKeySource key;

  private AttributionConfig(
      List<String> attributes, Set<String> secret, int maxValues, HmacKeySource key) {
    this.attributes = attributes;
    this.secret = secret;
    this.maxValues = maxValues;
    this.key = key;
  }

  /** Reads {@link AttributionOptions} and validates them. */
  public static AttributionConfig fromConfiguration(ReadableConfig conf) {
    return of(
        conf.get(AttributionOptions.ATTRIBUTES),
        conf.get(AttributionOptions.SECRET_ATTRIBUTES),
        conf.get(AttributionOptions.MAX_VALUES_PER_ATTRIBUTE),
        conf.get(AttributionOptions.HMAC_SECRET_FILE),
        conf.get(AttributionOptions.HMAC_SECRET_ENV));
  }

  /** No attribution (the default). */
  public static AttributionConfig disabled() {
    return of(null, null, AttributionOptions.MAX_VALUES_PER_ATTRIBUTE.defaultValue(), null, null);
  }

  /**
   * @param attributes comma-separated names, or null
   * @param secretAttributes comma-separated subset of {@code attributes}, or null
   */
  public static AttributionConfig of(
      String attributes,
      String secretAttributes,
      int maxValues,
      String secretFile,
      String secretEnv) {
    String attributesKey = AttributionOptions.ATTRIBUTES.key();
    String secretKey = AttributionOptions.SECRET_ATTRIBUTES.key();
    List<String> names = new ArrayList<>(split(attributes, attributesKey));
    OptionChecks.checkOption(
        names.size() <= MAX_ATTRIBUTES,
        attributesKey,
        attributes,
        "at most " + MAX_ATTRIBUTES + " attributes");
    Set<String> secret = split(secretAttributes, secretKey);
    for (String s : secret) {
      OptionChecks.checkOption(
          names.contains(s), secretKey, secretAttributes, "names among " + attributesKey);
    }
    OptionChecks.checkOption(
        maxValues >= 1 && maxValues <= MAX_VALUES_LIMIT,
        AttributionOptions.MAX_VALUES_PER_ATTRIBUTE.key(),
        maxValues,
        "1 to " + MAX_VALUES_LIMIT);
    if (secretFile != null && secretFile.isBlank()) {
      throw OptionChecks.invalidOption(
          AttributionOptions.HMAC_SECRET_FILE.key(), "<blank>", "must be a file path");
    }
    if (secretEnv != null && !secretEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw OptionChecks.invalidOption(
          AttributionOptions.HMAC_SECRET_ENV.key(),
          secretEnv,
          "must be an environment variable name (letters, digits, '_')");
    }
    HmacKeySource key =
        new HmacKeySource(
            "attribution secret",
            secretFile,
            AttributionOptions.HMAC_SECRET_FILE.key(),
            secretEnv,
            AttributionOptions.HMAC_SECRET_ENV.key());
    // A secret attribute without a key would have to be stored raw or dropped: refuse to start.
    OptionChecks.checkOption(
        secret.isEmpty() || key.configured(),
        secretKey,
        secretAttributes,
        "needs "
            + AttributionOptions.HMAC_SECRET_FILE.key()
            + " or "
            + AttributionOptions.HMAC_SECRET_ENV.key());
    return new AttributionConfig(List.copyOf(names), Set.copyOf(secret), maxValues, key);
  }

  private static Set<String> split(String list, String key) {
    Set<String> names = new LinkedHashSet<>();
    if (list == null || list.isBlank()) {
      return names;
    }
    for (String part : list.split(",", -1)) {
      String name = part.trim();
      OptionChecks.checkOption(!name.isEmpty(), key, list, "comma-separated attribute names");
      OptionChecks.checkOption(names.add(name), key, list, "each attribute once");
    }
    return names;
  }

  /** Whether any attribute is configured. */
  public boolean enabled() {
    return !attributes.isEmpty();
  }

  /** The attribute names, in configured order (a point's values are in this order). */
  public List<String> attributes() {
    return attributes;
  }

  /** Whether {@code attribute} is stored only as its keyed hash. */
  public boolean isSecret(String attribute) {
    return secret.contains(attribute);
  }

  /** Whether any attribute is secret. */
  public boolean hasSecrets() {
    return !secret.isEmpty();
  }

  /** Distinct values kept per attribute and service. */
  public int maxValuesPerAttribute() {
    return maxValues;
  }

  /** Where the secret attributes' key comes from. */
  public HmacKeySource key() {
    return key;
  }
}
