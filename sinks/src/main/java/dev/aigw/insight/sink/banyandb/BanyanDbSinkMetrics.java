package dev.aigw.insight.sink.banyandb;

/** Names of the BanyanDB sink's job metrics (registered on the sink writer's metric group). */
public final class BanyanDbSinkMetrics {
  /** Rows (data points and stream elements) BanyanDB acknowledged with STATUS_SUCCEED. */
  public static final String ROWS_WRITTEN = "banyandbRowsWritten";

  /** Write streams opened: one per flushed batch and per retry of a batch's failed rows. */
  public static final String BATCHES_WRITTEN = "banyandbBatchesWritten";

  /** Retry attempts after a transient failure (per batch attempt, not per row). */
  public static final String RETRIES = "banyandbWriteRetries";

  /** Rows that failed for good (permanent status or retries exhausted); the task then fails. */
  public static final String FAILED_ROWS = "banyandbFailedRows";

  /** Rows waiting in the writer's buffer (gauge). */
  public static final String PENDING_ROWS = "banyandbPendingRows";

  private BanyanDbSinkMetrics() {}
}
