package dev.aigw.insight.dashboard.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job metrics the Pipeline page shows (docs/operations.md, "Job health"), by the name Flink's
 * REST API ends their ids with ({@code <operator>.<group>.<name>}), the section they are shown in
 * and how the subtasks' and operators' values combine: counters and sizes add up, a ratio, a lag or
 * a latency takes the worst (the maximum).
 */
enum PipelineMetric {
  REQUESTS_RECEIVED("requestsReceived", Section.INGEST, true),
  POINTS_RECEIVED("pointsReceived", Section.INGEST, true),
  LOG_RECORDS_RECEIVED("logRecordsReceived", Section.INGEST, true),
  SPANS_RECEIVED("spansReceived", Section.INGEST, true),
  POINTS_DECODED("genaiPointsDecoded", Section.INGEST, true),
  ACCESS_LOGS_DECODED("accessLogsDecoded", Section.INGEST, true),

  REQUESTS_REJECTED("requestsRejected", Section.REJECTED, true),
  ITEMS_REJECTED("itemsRejected", Section.REJECTED, true),
  POINTS_MALFORMED("genaiPointsMalformed", Section.REJECTED, true),
  POINTS_REJECTED_FUTURE("genaiPointsRejectedFuture", Section.REJECTED, true),
  POINTS_REJECTED_TOO_OLD("genaiPointsRejectedTooOld", Section.REJECTED, true),

  LATE_POINTS_DROPPED("genaiLatePointsDropped", Section.DROPPED, true),
  MODELS_FOLDED("genaiModelsFolded", Section.DROPPED, true),
  PROVIDERS_FOLDED("genaiProvidersFolded", Section.DROPPED, true),
  DELTA_DUPLICATES_DROPPED("genaiDeltaDuplicatesDropped", Section.DROPPED, true),
  CUMULATIVE_STALE_DROPPED("genaiCumulativeStaleDropped", Section.DROPPED, true),

  CELLS_EMITTED("genaiCellsEmitted", Section.SINKS, true),
  DOCUMENTS_INDEXED("documentsIndexed", Section.SINKS, true),
  BULK_REQUESTS("bulkRequests", Section.SINKS, true),
  BULK_REQUESTS_RETRIED("bulkRequestsRetried", Section.SINKS, true),
  DOCUMENTS_RETRIED("documentsRetried", Section.SINKS, true),
  DOCUMENTS_REFUSED("documentsRefused", Section.SINKS, true),
  BANYANDB_ROWS_WRITTEN("banyandbRowsWritten", Section.SINKS, true),
  BANYANDB_WRITE_RETRIES("banyandbWriteRetries", Section.SINKS, true),
  BANYANDB_FAILED_ROWS("banyandbFailedRows", Section.SINKS, true),
  BANYANDB_PENDING_ROWS("banyandbPendingRows", Section.LAG, false),
  LAST_BULK_LATENCY_MS("lastBulkLatencyMs", Section.LAG, false),

  QUEUE_FILL_RATIO("queueFillRatio", Section.LAG, false),
  PENDING_ACKS("pendingAcks", Section.LAG, false),
  RECEIVE_TO_ACK_P99_MS("receiveToAckMs_p99", Section.LAG, false),
  WATERMARK_LAG_MS("genaiWatermarkLagMs", Section.LAG, false);

  /** Where a metric is shown. */
  enum Section {
    INGEST,
    REJECTED,
    DROPPED,
    SINKS,
    LAG
  }

  private static final Map<String, PipelineMetric> BY_NAME = byName();

  private final String flinkName;
  private final Section section;
  private final boolean counter;

  PipelineMetric(String flinkName, Section section, boolean counter) {
    this.flinkName = flinkName;
    this.section = section;
    this.counter = counter;
  }

  /** The metric's name as Flink registers it (the last segment of its REST id). */
  String flinkName() {
    return flinkName;
  }

  Section section() {
    return section;
  }

  /**
   * A counter: only grows, operators' values add up and a rate per second is meaningful; else a
   * gauge whose worst value (the maximum) is shown, except the pending rows, which add up.
   */
  boolean counter() {
    return counter;
  }

  /** Whether the values of several subtasks and operators add up (else the maximum is taken). */
  boolean additive() {
    return counter || this == BANYANDB_PENDING_ROWS || this == PENDING_ACKS;
  }

  /** The metric whose REST id ends with {@code .<name>}, if it is one of these. */
  static PipelineMetric ofId(String id) {
    int dot = id.lastIndexOf('.');
    return BY_NAME.get(dot < 0 ? id : id.substring(dot + 1));
  }

  /**
   * The reason of a {@code requestsRejected} id: the segment before the name, as Flink names the
   * key/value group ({@code ...otlpReceiver.reason.throttled.requestsRejected}).
   */
  static String reasonOf(String id) {
    List<String> parts = List.of(id.split("\\."));
    return parts.size() < 2 ? "unknown" : parts.get(parts.size() - 2);
  }

  private static Map<String, PipelineMetric> byName() {
    Map<String, PipelineMetric> map = new LinkedHashMap<>();
    for (PipelineMetric m : values()) {
      map.put(m.flinkName, m);
    }
    return map;
  }
}
