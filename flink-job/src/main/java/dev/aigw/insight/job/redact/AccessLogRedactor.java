package dev.aigw.insight.job.redact;

import dev.aigw.insight.job.decode.logs.AccessLogAttributes;
import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.options.RedactionConfig;
import dev.aigw.insight.job.options.RedactionConfig.Action;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Applies the redaction rules to one record's attributes: drops, or replaces the value by a keyed
 * hash. Not thread-safe (one {@link Mac}); each operator instance has its own.
 *
 * <p>The hash is HMAC-SHA256 of the UTF-8 value with the configured secret, hex-encoded and cut to
 * {@value #HASH_HEX_CHARS} characters (128 bits: collisions stay out of reach for any log volume,
 * and the stored value is half as long). The same value with the same secret always gives the same
 * hash, across restarts and TaskManagers, so one client's requests can still be grouped; without
 * the secret the value cannot be recovered, not even by hashing every IPv4 address.
 */
public final class AccessLogRedactor {

  /** Length of a stored hash in hex characters. */
  public static final int HASH_HEX_CHARS = 32;

  private static final String ALGORITHM = "HmacSHA256";
  private static final HexFormat HEX = HexFormat.of();

  private final Map<String, Action> actions;
  private final Mac mac;

  /** {@code secret} may be null: 'hash' attributes are then dropped. */
  public AccessLogRedactor(RedactionConfig config, byte[] secret) {
    this.actions = config.actions();
    if (secret == null) {
      this.mac = null;
    } else {
      try {
        this.mac = Mac.getInstance(ALGORITHM);
        mac.init(new SecretKeySpec(secret, ALGORITHM));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(ALGORITHM + " is part of every Java platform", e);
      }
    }
  }

  /** Whether 'hash' attributes are hashed (a secret is set) rather than dropped. */
  public boolean hashes() {
    return mac != null;
  }

  /**
   * Redacts {@code record} in place; returns how many attributes were dropped (index 0) and hashed
   * (index 1). A missing value ({@code -} or empty) stays as it is: it identifies no one.
   */
  public int[] redact(AccessLogRecord record) {
    int dropped = 0;
    int hashed = 0;
    if (record.attributes == null || record.attributes.isEmpty()) {
      return new int[] {0, 0};
    }
    for (Map.Entry<String, Action> rule : actions.entrySet()) {
      Action action = rule.getValue();
      if (action == Action.KEEP) {
        continue;
      }
      String name = rule.getKey();
      String value = record.attributes.get(name);
      if (value == null || value.isEmpty() || value.equals(AccessLogAttributes.MISSING)) {
        continue;
      }
      if (action == Action.HASH && mac != null) {
        record.attributes.put(name, hash(value));
        hashed++;
      } else {
        record.attributes.remove(name);
        dropped++;
      }
    }
    return new int[] {dropped, hashed};
  }

  /** The stored form of {@code value}: truncated hex HMAC-SHA256. */
  public String hash(String value) {
    byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    return HEX.formatHex(digest, 0, HASH_HEX_CHARS / 2);
  }
}
