package dev.aigw.insight.job.options;

import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Typed options of the redaction of personal data in access logs (key prefix {@code
 * logs.redaction.}).
 */
public final class RedactionOptions {

  /**
   * The default: client identifiers are hashed (so one client's requests can still be grouped
   * without storing who it is); without a key they are dropped (see {@link RedactionConfig}).
   */
  public static final ConfigOption<Map<String, String>> ATTRIBUTES =
      ConfigOptions.key("logs.redaction.attributes")
          .mapType()
          .defaultValue(defaultAttributes())
          .withDescription(
              "Access-log attributes to redact before anything is stored, as"
                  + " 'name:action,name:action'; action 'drop' (the attribute is not stored),"
                  + " 'hash' (stored as the first 32 hex characters of HMAC-SHA256 with the"
                  + " configured secret; dropped when no secret is configured) or 'keep'. A value"
                  + " replaces the whole default list.");

  public static final ConfigOption<String> HMAC_SECRET_FILE =
      ConfigOptions.key("logs.redaction.hmac-secret-file")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "File holding the HMAC secret for 'hash' redaction (its content, trailing newline"
                  + " removed, at least 16 bytes). Read by every TaskManager when the job starts;"
                  + " mount it from a Kubernetes Secret.");

  public static final ConfigOption<String> HMAC_SECRET_ENV =
      ConfigOptions.key("logs.redaction.hmac-secret-env")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Name of an environment variable of the TaskManagers holding the HMAC secret for"
                  + " 'hash' redaction (at least 16 bytes); used when no secret file is set.");

  private RedactionOptions() {}

  /**
   * Hash the client address, user agent and session ids by default, in a fixed order (the order the
   * documentation and the configuration dump show).
   */
  private static Map<String, String> defaultAttributes() {
    Map<String, String> attributes = new java.util.LinkedHashMap<>();
    attributes.put("x-forwarded-for", "hash");
    attributes.put("downstream_remote_address", "hash");
    attributes.put("user-agent", "hash");
    attributes.put("session.id", "hash");
    attributes.put("mcp.session.id", "hash");
    return java.util.Collections.unmodifiableMap(attributes);
  }
}
