package dev.aigw.insight.schema.log;

/**
 * Where kept access logs are stored: the default prefix of the daily OpenSearch indices and the
 * BanyanDB stream, its default group and tag families. The job's options take their defaults from
 * here, so that a reader with no configuration finds what a job with none wrote.
 */
public final class AccessLogStoreNames {

  /** Default prefix of the daily access-log indices (option logs.index-prefix). */
  public static final String DEFAULT_INDEX_PREFIX = "aigw-access-logs";

  /** Default BanyanDB stream group of the access logs (option banyandb.genai.logs.group). */
  public static final String DEFAULT_STREAM_GROUP = "genai_logs";

  /** The BanyanDB stream of the access logs. */
  public static final String STREAM = "genai_access_log";

  /** The tag family of the tags requests are found by. */
  public static final String SEARCHABLE_FAMILY = "searchable";

  /** The tag family of the stored-only body and attributes. */
  public static final String STORAGE_ONLY_FAMILY = "storage-only";

  private AccessLogStoreNames() {}
}
