package dev.aigw.insight.schema.alert;

/** Where alert events are stored, so that a reader with no configuration finds them. */
public final class AlertStoreNames {

  /** Default prefix of the daily OpenSearch alert indices (option alerts.index-prefix). */
  public static final String DEFAULT_INDEX_PREFIX = "aigw-alerts";

  /** The BanyanDB stream of alert events (cluster mode). */
  public static final String STREAM = "genai_alert";

  /** Default BanyanDB group of the alert stream (option alerts.banyandb.group). */
  public static final String DEFAULT_GROUP = "genai_alerts";

  /** The searchable tag family of the alert stream. */
  public static final String SEARCHABLE_FAMILY = "searchable";

  private AlertStoreNames() {}
}
