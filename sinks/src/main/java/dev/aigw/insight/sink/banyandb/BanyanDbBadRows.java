package dev.aigw.insight.sink.banyandb;

import dev.aigw.insight.sink.badrecord.BadRecordMode;
import dev.aigw.insight.sink.badrecord.RateLimitedWarning;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rows refused for their content, handled as {@link BadRecordMode} says. In BanyanDB mode the dead
 * letter is the job log: a rate-limited WARN line per batch with each row's group, measure or
 * stream, status and a bounded excerpt of its values (where the logs go, the letters go). A
 * dead-letter stream in BanyanDB itself was left out on purpose: the letter would need a schema of
 * its own, and a store that refuses a row is the last place to count on for its letter.
 */
final class BanyanDbBadRows {
  private static final Logger LOG = LoggerFactory.getLogger(BanyanDbBadRows.class);

  /** Characters of one value kept in a letter. */
  static final int VALUE_EXCERPT_CHARS = 128;

  /** Rows listed in one log line. */
  private static final int ROWS_IN_LINE = 3;

  private final BadRecordMode mode;
  private final Counter refused;
  private final Counter deadLettered;
  private final Counter dropped;
  private final RateLimitedWarning warning =
      new RateLimitedWarning(LOG, RateLimitedWarning.DEFAULT_INTERVAL_MS);

  BanyanDbBadRows(BadRecordMode mode, Counter refused, Counter deadLettered, Counter dropped) {
    this.mode = mode;
    this.refused = refused;
    this.deadLettered = deadLettered;
    this.dropped = dropped;
  }

  BadRecordMode mode() {
    return mode;
  }

  /**
   * Counts and letters (or drops) the rows; {@code letters} are one line each. Not for FAIL mode,
   * where the caller fails the task instead (and counts the rows as failed).
   */
  void refuse(List<String> letters) {
    refused.inc(letters.size());
    if (mode == BadRecordMode.DROP) {
      dropped.inc(letters.size());
    } else {
      deadLettered.inc(letters.size());
    }
    StringBuilder line =
        new StringBuilder(mode == BadRecordMode.DROP ? "Dropped " : "Dead letter: ")
            .append(letters.size())
            .append(" rows BanyanDB refused for their content (counted in ")
            .append(
                mode == BadRecordMode.DROP
                    ? BanyanDbSinkMetrics.ROWS_DROPPED
                    : BanyanDbSinkMetrics.ROWS_DEAD_LETTERED)
            .append("): ");
    for (int i = 0; i < Math.min(ROWS_IN_LINE, letters.size()); i++) {
      line.append(i == 0 ? "" : "; ").append(letters.get(i));
    }
    if (letters.size() > ROWS_IN_LINE) {
      line.append("; and ").append(letters.size() - ROWS_IN_LINE).append(" more");
    }
    warning.warn(line.toString());
  }

  /** A one-line letter: where, why, and each value cut to {@link #VALUE_EXCERPT_CHARS}. */
  static String letter(
      String where, String status, long timestampMillis, Map<String, Object> values) {
    StringBuilder letter =
        new StringBuilder(where)
            .append(" @")
            .append(timestampMillis)
            .append(": ")
            .append(status)
            .append(" {");
    boolean first = true;
    for (Map.Entry<String, Object> value : values.entrySet()) {
      letter.append(first ? "" : ", ").append(value.getKey()).append('=');
      Object v = value.getValue();
      String text = v instanceof byte[] bytes ? "<" + bytes.length + " bytes>" : String.valueOf(v);
      letter.append(RateLimitedWarning.excerpt(text, VALUE_EXCERPT_CHARS));
      first = false;
    }
    return letter.append('}').toString();
  }
}
