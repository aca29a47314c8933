package dev.aigw.insight.sink.opensearch;

/**
 * Names of the OpenSearch sink's job metrics, registered on each sink subtask's metric group (next
 * to Flink's own {@code numRecordsOut}, {@code numBytesOut} and {@code currentSendTime}).
 */
public final class OpenSearchSinkMetrics {

  /** _bulk requests sent, retries included. */
  public static final String BULK_REQUESTS = "bulkRequests";

  /** Whole _bulk requests retried after 429, 5xx, a timeout or a connection error. */
  public static final String BULK_REQUESTS_RETRIED = "bulkRequestsRetried";

  /** Documents the store acknowledged (created or overwritten). */
  public static final String DOCUMENTS_INDEXED = "documentsIndexed";

  /** Documents sent again, after a failed request or a retryable per-item failure. */
  public static final String DOCUMENTS_RETRIED = "documentsRetried";

  /**
   * Documents refused for their content: over the record limit (never sent) or refused per item
   * with a 4xx other than 429. Counted in every {@code opensearch.bad-record.mode}.
   */
  public static final String DOCUMENTS_REFUSED = "documentsRefused";

  /** Refused documents dropped ({@code opensearch.bad-record.mode: DROP}). */
  public static final String DOCUMENTS_DROPPED = "documentsDropped";

  /** Dead letters the store acknowledged ({@code opensearch.bad-record.mode: DEAD_LETTER}). */
  public static final String DOCUMENTS_DEAD_LETTERED = "documentsDeadLettered";

  /**
   * Refused documents whose dead letter was lost: the store refused the letter too, or it did not
   * fit the record limit even without excerpt. Never fails the job.
   */
  public static final String DEAD_LETTER_FAILURES = "deadLetterFailures";

  /** Milliseconds the last _bulk request took, from send to answer. */
  public static final String LAST_BULK_LATENCY_MS = "lastBulkLatencyMs";

  private OpenSearchSinkMetrics() {}
}
