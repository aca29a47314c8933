package dev.aigw.insight.source.otlp.metrics;

import java.util.function.IntSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Job metrics of one receiver reader, registered in the group {@value #GROUP} of the source
 * reader's metric group. Counters are incremented from gRPC threads and are thread-safe.
 */
public final class OtlpReceiverMetrics {

  /** Sub-group of the source reader's metric group that holds these metrics. */
  public static final String GROUP = "otlpReceiver";

  /** Export calls that passed authentication and reached the receiver (all signals). */
  public static final String REQUESTS_RECEIVED = "requestsReceived";

  /** Metric data points in parsed requests. */
  public static final String POINTS_RECEIVED = "pointsReceived";

  /** Log records in parsed requests. */
  public static final String LOG_RECORDS_RECEIVED = "logRecordsReceived";

  /** Spans in parsed requests. */
  public static final String SPANS_RECEIVED = "spansReceived";

  /** Records the decoder produced and the source queued for emission. */
  public static final String RECORDS_QUEUED = "recordsQueued";

  /**
   * Records that were acknowledged (on-receive mode) but still queued when the reader closed: the
   * data loss that mode accepts.
   */
  public static final String RECORDS_DROPPED_ON_CLOSE = "recordsDroppedOnClose";

  /** Requests refused as a whole, in a sub-group {@value #REASON_KEY} = reason. */
  public static final String REQUESTS_REJECTED = "requestsRejected";

  /** Points, log records or spans the decoder refused, answered as {@code partial_success}. */
  public static final String ITEMS_REJECTED = "itemsRejected";

  /** Variable name of the rejection reason. */
  public static final String REASON_KEY = "reason";

  /** Reason: unparseable protobuf or a request the decoder refused whole (INVALID_ARGUMENT). */
  public static final String REASON_MALFORMED = "malformed";

  /** Reason: the hand-off queue was full (UNAVAILABLE with RetryInfo). */
  public static final String REASON_THROTTLED = "throttled";

  /** Reason: missing or wrong bearer token (UNAUTHENTICATED). */
  public static final String REASON_UNAUTHENTICATED = "unauthenticated";

  /** Reason: larger than the maximum message size (RESOURCE_EXHAUSTED). */
  public static final String REASON_TOO_LARGE = "too_large";

  /** Reason: the decoder failed unexpectedly, a bug in the decoder (INTERNAL). */
  public static final String REASON_DECODER_ERROR = "decoder_error";

  /** Reason: the reader closed before the request was acknowledged (UNAVAILABLE). */
  public static final String REASON_SHUTDOWN = "shutdown";

  /** Reason (OTLP/HTTP): a path other than /v1/metrics, /v1/logs, /v1/traces (404). */
  public static final String REASON_NOT_FOUND = "not_found";

  /** Reason (OTLP/HTTP): a method other than POST on an export path (405). */
  public static final String REASON_METHOD_NOT_ALLOWED = "method_not_allowed";

  /** Reason (OTLP/HTTP): a content type or content encoding the receiver does not read (415). */
  public static final String REASON_UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";

  /** Gauge: records currently waiting in the hand-off queue. */
  public static final String QUEUE_SIZE = "queueSize";

  /** Gauge: requests emitted but not yet answered (on-checkpoint mode). */
  public static final String PENDING_ACKS = "pendingAcks";

  /**
   * Gauge: {@link #QUEUE_SIZE} as a share of {@code otlp.receiver.queue-capacity}, 0 to 1 (a
   * request larger than the capacity may pass alone, so it can briefly exceed 1). At 1 the receiver
   * answers UNAVAILABLE: the job downstream is the bottleneck.
   */
  public static final String QUEUE_FILL_RATIO = "queueFillRatio";

  /**
   * Histogram: milliseconds from a request's arrival to its success answer; about the decode time
   * with {@code on-receive}, up to a checkpoint interval (plus the checkpoint's duration) with
   * {@code on-checkpoint}. Clients whose timeout is below it retry and send the data twice.
   */
  public static final String RECEIVE_TO_ACK_MS = "receiveToAckMs";

  /** Samples the receive-to-ack histogram keeps for its quantiles. */
  private static final int RECEIVE_TO_ACK_WINDOW = 1024;

  private final Counter requestsReceived;
  private final Counter pointsReceived;
  private final Counter logRecordsReceived;
  private final Counter spansReceived;
  private final Counter recordsQueued;
  private final Counter rejectedMalformed;
  private final Counter rejectedThrottled;
  private final Counter rejectedUnauthenticated;
  private final Counter rejectedTooLarge;
  private final Counter rejectedShutdown;
  private final Counter rejectedDecoderError;
  private final Counter rejectedNotFound;
  private final Counter rejectedMethodNotAllowed;
  private final Counter rejectedUnsupportedMediaType;
  private final Counter itemsRejected;
  private final Counter recordsDroppedOnClose;
  private final Histogram receiveToAckMs;

  /** Metrics of a receiver whose queue capacity is not known (tests): no fill ratio. */
  public OtlpReceiverMetrics(
      MetricGroup readerGroup, IntSupplier queueSize, IntSupplier pendingAcks) {
    this(readerGroup, queueSize, 0, pendingAcks);
  }

  public OtlpReceiverMetrics(
      MetricGroup readerGroup, IntSupplier queueSize, int queueCapacity, IntSupplier pendingAcks) {
    MetricGroup group = readerGroup.addGroup(GROUP);
    requestsReceived = group.counter(REQUESTS_RECEIVED, new ThreadSafeSimpleCounter());
    pointsReceived = group.counter(POINTS_RECEIVED, new ThreadSafeSimpleCounter());
    logRecordsReceived = group.counter(LOG_RECORDS_RECEIVED, new ThreadSafeSimpleCounter());
    spansReceived = group.counter(SPANS_RECEIVED, new ThreadSafeSimpleCounter());
    recordsQueued = group.counter(RECORDS_QUEUED, new ThreadSafeSimpleCounter());
    rejectedMalformed = rejected(group, REASON_MALFORMED);
    rejectedThrottled = rejected(group, REASON_THROTTLED);
    rejectedUnauthenticated = rejected(group, REASON_UNAUTHENTICATED);
    rejectedTooLarge = rejected(group, REASON_TOO_LARGE);
    rejectedShutdown = rejected(group, REASON_SHUTDOWN);
    rejectedDecoderError = rejected(group, REASON_DECODER_ERROR);
    rejectedNotFound = rejected(group, REASON_NOT_FOUND);
    rejectedMethodNotAllowed = rejected(group, REASON_METHOD_NOT_ALLOWED);
    rejectedUnsupportedMediaType = rejected(group, REASON_UNSUPPORTED_MEDIA_TYPE);
    itemsRejected = group.counter(ITEMS_REJECTED, new ThreadSafeSimpleCounter());
    recordsDroppedOnClose = group.counter(RECORDS_DROPPED_ON_CLOSE, new ThreadSafeSimpleCounter());
    group.gauge(QUEUE_SIZE, (Gauge<Integer>) queueSize::getAsInt);
    group.gauge(PENDING_ACKS, (Gauge<Integer>) pendingAcks::getAsInt);
    group.gauge(
        QUEUE_FILL_RATIO,
        (Gauge<Double>)
            () -> queueCapacity > 0 ? (double) queueSize.getAsInt() / queueCapacity : 0.0);
    // Flink's own sliding-window histogram: thread-safe, reported as quantiles by every reporter
    receiveToAckMs =
        group.histogram(
            RECEIVE_TO_ACK_MS, new DescriptiveStatisticsHistogram(RECEIVE_TO_ACK_WINDOW));
  }

  public Histogram receiveToAckMs() {
    return receiveToAckMs;
  }

  private static Counter rejected(MetricGroup group, String reason) {
    return group
        .addGroup(REASON_KEY, reason)
        .counter(REQUESTS_REJECTED, new ThreadSafeSimpleCounter());
  }

  public Counter requestsReceived() {
    return requestsReceived;
  }

  public Counter pointsReceived() {
    return pointsReceived;
  }

  public Counter logRecordsReceived() {
    return logRecordsReceived;
  }

  public Counter spansReceived() {
    return spansReceived;
  }

  public Counter recordsQueued() {
    return recordsQueued;
  }

  public Counter rejectedMalformed() {
    return rejectedMalformed;
  }

  public Counter rejectedThrottled() {
    return rejectedThrottled;
  }

  public Counter rejectedUnauthenticated() {
    return rejectedUnauthenticated;
  }

  public Counter rejectedTooLarge() {
    return rejectedTooLarge;
  }

  public Counter rejectedShutdown() {
    return rejectedShutdown;
  }

  public Counter rejectedDecoderError() {
    return rejectedDecoderError;
  }

  public Counter rejectedNotFound() {
    return rejectedNotFound;
  }

  public Counter rejectedMethodNotAllowed() {
    return rejectedMethodNotAllowed;
  }

  public Counter rejectedUnsupportedMediaType() {
    return rejectedUnsupportedMediaType;
  }

  public Counter recordsDroppedOnClose() {
    return recordsDroppedOnClose;
  }

  public Counter itemsRejected() {
    return itemsRejected;
  }
}
