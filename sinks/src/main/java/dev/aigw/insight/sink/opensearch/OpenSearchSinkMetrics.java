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

  /** Documents refused for good and dropped ({@code opensearch.on-document-error: DROP}). */
  public static final String DOCUMENTS_DROPPED = "documentsDropped";

  /** Milliseconds the last _bulk request took, from send to answer. */
  public static final String LAST_BULK_LATENCY_MS = "lastBulkLatencyMs";

  private OpenSearchSinkMetrics() {}
}
