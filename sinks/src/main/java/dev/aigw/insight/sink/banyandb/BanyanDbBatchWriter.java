package dev.aigw.insight.sink.banyandb;

import dev.aigw.insight.sink.badrecord.BadRecordMode;
import dev.aigw.insight.sink.banyandb.schema.BanyanDbSchema;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.skywalking.banyandb.measure.v1.BanyandbMeasure;
import org.apache.skywalking.banyandb.measure.v1.MeasureServiceGrpc;
import org.apache.skywalking.banyandb.stream.v1.BanyandbStream;
import org.apache.skywalking.banyandb.stream.v1.StreamServiceGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers encoded rows and writes them in batches over BanyanDB's bidirectional write streams: one
 * write stream per batch, every reply's status checked, failed rows retried with exponential
 * backoff while the failure is transient, and a {@link BanyanDbWriteException} naming group,
 * measure and status when the store is not usable. A row refused for its content (a row status such
 * as {@code STATUS_INVALID_TIMESTAMP}, or a value too large to send) is a bad record for {@link
 * BanyanDbBadRows}: it does not fail the task unless the mode is FAIL. {@link #flush()} returns
 * only when nothing is pending.
 *
 * <p>{@code STATUS_NOT_FOUND} after the start-up grace is not a bad record: an unknown group or
 * measure says the store is misconfigured (a schema deleted under the job), which concerns every
 * row, so it fails the task as before.
 *
 * <p>Not thread-safe: used from the sink's task thread only.
 */
final class BanyanDbBatchWriter {
  private static final Logger LOG = LoggerFactory.getLogger(BanyanDbBatchWriter.class);

  /** Marks a row whose write stream ended without a reply for it. */
  static final String NO_REPLY = "NO_REPLY";

  static final String SUCCEED = "STATUS_SUCCEED";

  /** Server statuses and gRPC codes worth another attempt. */
  private static final Set<String> TRANSIENT =
      Set.of(
          "STATUS_INTERNAL_ERROR",
          "STATUS_EXPIRED_SCHEMA",
          "STATUS_DISK_FULL",
          NO_REPLY,
          Status.Code.UNAVAILABLE.name(),
          Status.Code.DEADLINE_EXCEEDED.name(),
          Status.Code.RESOURCE_EXHAUSTED.name(),
          Status.Code.ABORTED.name());

  private final BanyanDbSinkConfig config;
  private final RowEncoder encoder;
  private final MeasureServiceGrpc.MeasureServiceStub measureStub;
  private final StreamServiceGrpc.StreamServiceStub streamStub;
  private final Counter rowsWritten;
  private final Counter batches;
  private final Counter retries;
  private final Counter failedRows;
  private final BanyanDbBadRows badRows;
  private final LongSupplier clock;
  private final long notFoundRetryUntil;

  private List<Row> pending = new ArrayList<>();
  private long nextMessageId = 1;
  private long lastVersion;

  BanyanDbBatchWriter(
      BanyanDbSinkConfig config,
      BanyanDbSchema schema,
      Channel channel,
      Counter rowsWritten,
      Counter batches,
      Counter retries,
      Counter failedRows,
      BanyanDbBadRows badRows,
      LongSupplier clock) {
    this.config = config;
    this.encoder = new RowEncoder(schema);
    this.measureStub = MeasureServiceGrpc.newStub(channel);
    this.streamStub = StreamServiceGrpc.newStub(channel);
    this.rowsWritten = rowsWritten;
    this.batches = batches;
    this.retries = retries;
    this.failedRows = failedRows;
    this.badRows = badRows;
    this.clock = clock;
    this.notFoundRetryUntil = clock.getAsLong() + config.notFoundGrace().toMillis();
  }

  void add(MeasurePoint point) {
    String oversized = oversized(point.tags(), point.fields());
    if (oversized != null) {
      refuseBeforeSending(
          BanyanDbBadRows.letter(
              "BanyanDB group " + point.group() + " measure " + point.measure(),
              oversized,
              point.timestampMillis(),
              valuesOf(point.tags(), point.fields())));
      return;
    }
    pending.add(Row.measure(encoder.encode(point, nextVersion()), point));
  }

  void add(StreamElement element) {
    String oversized = oversized(element.tags(), Map.of());
    if (oversized != null) {
      refuseBeforeSending(
          BanyanDbBadRows.letter(
              "BanyanDB group " + element.group() + " stream " + element.stream(),
              oversized,
              element.timestampMillis(),
              element.tags()));
      return;
    }
    pending.add(Row.stream(encoder.encode(element), element));
  }

  /** Why a row must not be sent as is (a value over the limit), or null. */
  private String oversized(Map<String, Object> tags, Map<String, Object> fields) {
    String tag = RowEncoder.oversizedValue("tag", tags, config.maxTagValueBytes());
    String what =
        tag != null ? tag : RowEncoder.oversizedValue("field", fields, config.maxTagValueBytes());
    return what == null
        ? null
        : what
            + " over "
            + BanyanDbSinkOptions.MAX_TAG_VALUE_SIZE.key()
            + " ("
            + config.maxTagValueBytes()
            + " bytes); not sent";
  }

  private void refuseBeforeSending(String letter) {
    if (badRows.mode() == BadRecordMode.FAIL) {
      failedRows.inc();
      throw new IllegalArgumentException(
          "Refused to send "
              + letter
              + " (set "
              + BanyanDbSinkOptions.BAD_RECORD_MODE.key()
              + " to DEAD_LETTER or DROP to go on without it)");
    }
    badRows.refuse(List.of(letter));
  }

  private static Map<String, Object> valuesOf(
      Map<String, Object> tags, Map<String, Object> fields) {
    Map<String, Object> values = new LinkedHashMap<>(tags);
    values.putAll(fields);
    return values;
  }

  int pendingRows() {
    return pending.size();
  }

  boolean isFull() {
    return pending.size() >= config.batchSize();
  }

  /** Writes every pending row; returns when all are acknowledged or throws. */
  void flush() throws BanyanDbWriteException, InterruptedException {
    while (!pending.isEmpty()) {
      List<Row> batch;
      if (pending.size() <= config.batchSize()) {
        batch = pending;
        pending = new ArrayList<>();
      } else {
        batch = new ArrayList<>(pending.subList(0, config.batchSize()));
        pending = new ArrayList<>(pending.subList(config.batchSize(), pending.size()));
      }
      writeWithRetries(batch);
    }
  }

  private void writeWithRetries(List<Row> batch)
      throws BanyanDbWriteException, InterruptedException {
    List<Row> rows = batch;
    int attempt = 0;
    while (true) {
      Map<Row, String> failures = writeOnce(rows);
      if (failures.isEmpty()) {
        return;
      }
      Map<Row, String> permanent = new LinkedHashMap<>();
      Map<Row, String> refused = new LinkedHashMap<>();
      failures.forEach(
          (row, status) -> {
            if (isRefusedForContent(status)) {
              refused.put(row, status);
            } else if (!isTransient(status)) {
              permanent.put(row, status);
            }
          });
      if (!refused.isEmpty() && badRows.mode() == BadRecordMode.FAIL) {
        permanent.putAll(refused);
      }
      if (!permanent.isEmpty()) {
        failedRows.inc(failures.size());
        throw new BanyanDbWriteException(describe(permanent, ""));
      }
      if (!refused.isEmpty()) {
        List<String> letters = new ArrayList<>();
        refused.forEach((row, status) -> letters.add(row.letter(status)));
        badRows.refuse(letters);
        failures.keySet().removeAll(refused.keySet());
        if (failures.isEmpty()) {
          return;
        }
      }
      if (attempt >= config.maxRetries()) {
        failedRows.inc(failures.size());
        throw new BanyanDbWriteException(
            describe(failures, " (still failing after " + attempt + " retries)"));
      }
      attempt++;
      Duration wait = config.backoff(attempt);
      LOG.warn(
          "Retrying {} rows in {} ms (attempt {} of {}): {}",
          failures.size(),
          wait.toMillis(),
          attempt,
          config.maxRetries(),
          describe(failures, ""));
      retries.inc();
      Thread.sleep(wait.toMillis());
      rows = new ArrayList<>(failures.keySet());
    }
  }

  /**
   * Whether BanyanDB refused this one row for what it contains: a row status (not a gRPC code of
   * the whole stream) that is neither transient nor {@code STATUS_NOT_FOUND} (store-level). Today
   * that is {@code STATUS_INVALID_TIMESTAMP}; unknown statuses of newer servers count too.
   */
  private static boolean isRefusedForContent(String status) {
    return status.startsWith("STATUS_")
        && !SUCCEED.equals(status)
        && !"STATUS_NOT_FOUND".equals(status)
        && !TRANSIENT.contains(status);
  }

  private boolean isTransient(String status) {
    if ("STATUS_NOT_FOUND".equals(status)) {
      // A measure created moments ago may not have reached every node yet.
      return clock.getAsLong() < notFoundRetryUntil;
    }
    return TRANSIENT.contains(status);
  }

  /** One attempt: the rows that did not succeed, with their status. */
  private Map<Row, String> writeOnce(List<Row> rows) throws InterruptedException {
    List<Row> measureRows = new ArrayList<>();
    List<Row> streamRows = new ArrayList<>();
    for (Row row : rows) {
      (row.measure != null ? measureRows : streamRows).add(row);
    }
    Map<Row, String> failures = new LinkedHashMap<>();
    if (!measureRows.isEmpty()) {
      failures.putAll(writeMeasures(measureRows));
    }
    if (!streamRows.isEmpty()) {
      failures.putAll(writeStreams(streamRows));
    }
    return failures;
  }

  private Map<Row, String> writeMeasures(List<Row> rows) throws InterruptedException {
    Replies<BanyandbMeasure.WriteResponse> replies =
        new Replies<>(r -> r.getMessageId(), r -> r.getStatus());
    StreamObserver<BanyandbMeasure.WriteRequest> requests =
        measureStub
            .withDeadlineAfter(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .write(replies);
    Map<Long, Row> byId = new HashMap<>();
    try {
      for (Row row : rows) {
        long id = nextMessageId++;
        byId.put(id, row);
        requests.onNext(row.measure.toBuilder().setMessageId(id).build());
      }
      requests.onCompleted();
    } catch (RuntimeException e) {
      // The stream broke while sending; the replies' error says why.
      LOG.debug("Write stream broke while sending", e);
    }
    return replies.await(byId);
  }

  private Map<Row, String> writeStreams(List<Row> rows) throws InterruptedException {
    Replies<BanyandbStream.WriteResponse> replies =
        new Replies<>(r -> r.getMessageId(), r -> r.getStatus());
    StreamObserver<BanyandbStream.WriteRequest> requests =
        streamStub
            .withDeadlineAfter(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .write(replies);
    Map<Long, Row> byId = new HashMap<>();
    try {
      for (Row row : rows) {
        long id = nextMessageId++;
        byId.put(id, row);
        requests.onNext(row.stream.toBuilder().setMessageId(id).build());
      }
      requests.onCompleted();
    } catch (RuntimeException e) {
      LOG.debug("Write stream broke while sending", e);
    }
    return replies.await(byId);
  }

  /** Versions order rewrites of the same row: BanyanDB keeps the highest. */
  private long nextVersion() {
    // Wall-clock microseconds keep versions rising across restarts, so a replay overwrites.
    lastVersion = Math.max(lastVersion + 1, clock.getAsLong() * 1000);
    return lastVersion;
  }

  private static String describe(Map<Row, String> failures, String suffix) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    failures.forEach(
        (row, status) ->
            counts.merge(
                "BanyanDB group "
                    + row.group()
                    + " "
                    + row.kind()
                    + " "
                    + row.name()
                    + ": "
                    + status,
                1,
                Integer::sum));
    List<String> parts = new ArrayList<>();
    counts.forEach((what, n) -> parts.add("Failed to write " + n + " rows to " + what + suffix));
    return String.join("; ", parts);
  }

  /** Collects the replies of one write stream. */
  private final class Replies<R> implements StreamObserver<R> {
    private final java.util.function.ToLongFunction<R> id;
    private final java.util.function.Function<R, String> status;
    private final Map<Long, String> statuses = new ConcurrentHashMap<>();
    private final AtomicReference<Status> error = new AtomicReference<>();
    private final CountDownLatch done = new CountDownLatch(1);

    Replies(
        java.util.function.ToLongFunction<R> id, java.util.function.Function<R, String> status) {
      this.id = id;
      this.status = status;
    }

    @Override
    public void onNext(R reply) {
      statuses.put(id.applyAsLong(reply), status.apply(reply));
    }

    @Override
    public void onError(Throwable t) {
      error.set(Status.fromThrowable(t));
      done.countDown();
    }

    @Override
    public void onCompleted() {
      done.countDown();
    }

    Map<Row, String> await(Map<Long, Row> byId) throws InterruptedException {
      // The call's own deadline ends it; the extra second only guards against a lost callback.
      if (!done.await(config.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
        error.compareAndSet(null, Status.DEADLINE_EXCEEDED);
      }
      batches.inc();
      Map<Row, String> failures = new LinkedHashMap<>();
      int succeeded = 0;
      for (Map.Entry<Long, Row> entry : byId.entrySet()) {
        String s = statuses.get(entry.getKey());
        if (SUCCEED.equals(s)) {
          succeeded++;
        } else if (s != null) {
          failures.put(entry.getValue(), s);
        } else {
          Status e = error.get();
          failures.put(entry.getValue(), e == null ? NO_REPLY : e.getCode().name());
        }
      }
      rowsWritten.inc(succeeded);
      return failures;
    }
  }

  /**
   * An encoded row: a measure or a stream write request (message id set per attempt), with the
   * point or element it came from for its dead letter.
   */
  private static final class Row {
    final BanyandbMeasure.WriteRequest measure;
    final BanyandbStream.WriteRequest stream;
    final MeasurePoint point;
    final StreamElement element;

    private Row(
        BanyandbMeasure.WriteRequest measure,
        BanyandbStream.WriteRequest stream,
        MeasurePoint point,
        StreamElement element) {
      this.measure = measure;
      this.stream = stream;
      this.point = point;
      this.element = element;
    }

    static Row measure(BanyandbMeasure.WriteRequest request, MeasurePoint point) {
      return new Row(request, null, point, null);
    }

    static Row stream(BanyandbStream.WriteRequest request, StreamElement element) {
      return new Row(null, request, null, element);
    }

    String letter(String status) {
      String where = "BanyanDB group " + group() + " " + kind() + " " + name();
      return point != null
          ? BanyanDbBadRows.letter(
              where, status, point.timestampMillis(), valuesOf(point.tags(), point.fields()))
          : BanyanDbBadRows.letter(where, status, element.timestampMillis(), element.tags());
    }

    String group() {
      return measure != null ? measure.getMetadata().getGroup() : stream.getMetadata().getGroup();
    }

    String name() {
      return measure != null ? measure.getMetadata().getName() : stream.getMetadata().getName();
    }

    String kind() {
      return measure != null ? "measure" : "stream";
    }
  }
}
