package dev.aigw.insight.sink.banyandb;

/** Names of the BanyanDB sink's job metrics (registered on the sink writer's metric group). */
public final class BanyanDbSinkMetrics {
  /** Rows (data points and stream elements) BanyanDB acknowledged with STATUS_SUCCEED. */
  public static final String ROWS_WRITTEN = "banyandbRowsWritten";

  /** Write streams opened: one per flushed batch and per retry of a batch's failed rows. */
  public static final String BATCHES_WRITTEN = "banyandbBatchesWritten";

  /** Retry attempts after a transient failure (per batch attempt, not per row). */
  public static final String RETRIES = "banyandbWriteRetries";

  /**
   * Rows that failed the task: retries exhausted, a store-level status (STATUS_NOT_FOUND after the
   * grace) or a refused row in FAIL mode.
   */
  public static final String FAILED_ROWS = "banyandbFailedRows";

  /**
   * Rows refused for their content: a row status such as STATUS_INVALID_TIMESTAMP, or a value over
   * {@code banyandb.sink.max-tag-value-size} (never sent). Counted in every bad-record mode.
   */
  public static final String ROWS_REFUSED = "banyandbRowsRefused";

  /** Refused rows written to the job log ({@code banyandb.sink.bad-record.mode: DEAD_LETTER}). */
  public static final String ROWS_DEAD_LETTERED = "banyandbRowsDeadLettered";

  /** Refused rows dropped ({@code banyandb.sink.bad-record.mode: DROP}). */
  public static final String ROWS_DROPPED = "banyandbRowsDropped";

  /** Rows waiting in the writer's buffer (gauge). */
  public static final String PENDING_ROWS = "banyandbPendingRows";

  private BanyanDbSinkMetrics() {}
}
