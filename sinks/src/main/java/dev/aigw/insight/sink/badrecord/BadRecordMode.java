package dev.aigw.insight.sink.badrecord;

/**
 * What a sink does with one record the store refuses for its content (too large, a mapping
 * conflict, an invalid value): something retrying cannot fix and that says nothing about the
 * store's health. A store that is unavailable is never a bad record; it is retried and, past the
 * retries, fails the job whatever the mode.
 */
public enum BadRecordMode {
  /**
   * Keep a bounded copy of the record and the store's reason in a dead-letter destination, count
   * it, and go on. The default: one hostile value must not stop the job, and must not vanish.
   */
  DEAD_LETTER,
  /** Count it, log it (rate-limited), and go on. */
  DROP,
  /** Fail the job naming the record and the store's reason (the behaviour before 0.2.0). */
  FAIL
}
