package dev.aigw.insight.job.options;

import dev.aigw.insight.schema.attribution.AttributionStoreNames;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Typed options of the attribution dimensions (key prefix {@code attribution.}): which point
 * attributes (copied from request headers by the gateway) the cells are also broken down by.
 */
public final class AttributionOptions {

  public static final ConfigOption<String> ATTRIBUTES =
      ConfigOptions.key("attribution.attributes")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Comma-separated attribute names to break the minute cells down by (e.g."
                  + " 'team.id,tenant.id,api.key'): for each, cells per (service, value) and"
                  + " (service, value, provider, model). Read from metric points (and access-log"
                  + " records); a point without the attribute counts under 'none'. LLM spans give"
                  + " the same per application (the span's attribute, else its resource's). Unset:"
                  + " no attribution.");

  public static final ConfigOption<String> SECRET_ATTRIBUTES =
      ConfigOptions.key("attribution.secret-attributes")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Comma-separated subset of attribution.attributes stored only as a keyed hash (the"
                  + " first 32 hex characters of HMAC-SHA256 with the attribution secret), never"
                  + " raw: API keys. Needs attribution.hmac-secret-file or"
                  + " attribution.hmac-secret-env.");

  public static final ConfigOption<Integer> MAX_VALUES_PER_ATTRIBUTE =
      ConfigOptions.key("attribution.max-values-per-attribute")
          .intType()
          .defaultValue(1000)
          .withDescription(
              "Distinct values kept per attribute and service; further values are folded into"
                  + " 'other' (counted in attributionValuesFolded) until a value frees its slot"
                  + " after analysis.cardinality.ttl.");

  public static final ConfigOption<String> HMAC_SECRET_FILE =
      ConfigOptions.key("attribution.hmac-secret-file")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "File holding the HMAC secret for secret attributes (its content, trailing newline"
                  + " removed, at least 16 bytes). Read where points are decoded; mount it from a"
                  + " Kubernetes Secret.");

  public static final ConfigOption<String> HMAC_SECRET_ENV =
      ConfigOptions.key("attribution.hmac-secret-env")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Name of an environment variable of the TaskManagers holding the HMAC secret for"
                  + " secret attributes (at least 16 bytes); used when no secret file is set.");

  public static final ConfigOption<String> INDEX_PREFIX =
      ConfigOptions.key("attribution.index-prefix")
          .stringType()
          .defaultValue(AttributionStoreNames.DEFAULT_INDEX_PREFIX)
          .withDescription(
              "Prefix of the daily OpenSearch indices of the attribution cells (cells.store"
                  + " OPENSEARCH).");

  public static final ConfigOption<String> HOUR_INDEX_PREFIX =
      ConfigOptions.key("attribution.hour.index-prefix")
          .stringType()
          .defaultValue(AttributionStoreNames.DEFAULT_HOUR_INDEX_PREFIX)
          .withDescription(
              "Prefix of the monthly OpenSearch indices of the attribution hour cells"
                  + " (prefix-yyyy.MM; cells.store OPENSEARCH, cells.rollups.enabled).");

  public static final ConfigOption<String> DAY_INDEX_PREFIX =
      ConfigOptions.key("attribution.day.index-prefix")
          .stringType()
          .defaultValue(AttributionStoreNames.DEFAULT_DAY_INDEX_PREFIX)
          .withDescription(
              "Prefix of the yearly OpenSearch indices of the attribution day cells"
                  + " (prefix-yyyy; cells.store OPENSEARCH, cells.rollups.enabled).");

  private AttributionOptions() {}
}
