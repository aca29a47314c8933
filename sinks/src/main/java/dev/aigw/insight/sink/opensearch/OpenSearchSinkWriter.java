package dev.aigw.insight.sink.opensearch;

import dev.aigw.insight.sink.badrecord.BadRecordMode;
import dev.aigw.insight.sink.badrecord.RateLimitedWarning;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLHandshakeException;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends buffered documents as {@code _bulk} requests and decides, per answer, what is done, what is
 * retried (after a backoff) and what fails the job.
 *
 * <p>Each request ends in exactly one call on its {@link ResultHandler}: {@code complete}, {@code
 * retryForEntries} (possibly after the backoff delay) or {@code completeExceptionally}. The handler
 * hands the result to the task thread through the mailbox, so no state of this writer is touched
 * from the HTTP client's threads except the thread-safe counters. Flink's {@code
 * FatalExceptionClassifier} is deliberately not used: its {@code isFatal()} returns true for
 * <em>retryable</em> errors, which reads backwards.
 *
 * <p>A document refused for its content (larger than the record limit, or refused per item with a
 * 4xx other than 429) is a bad record: {@link BadRecordMode} decides whether its dead letter is
 * queued ({@link DeadLetters}), it is dropped, or the job fails. Only a store that stays
 * unavailable past the retries fails the job in every mode.
 */
final class OpenSearchSinkWriter<T> extends AsyncSinkWriter<T, BulkOperation> {

  private static final Logger LOG = LoggerFactory.getLogger(OpenSearchSinkWriter.class);

  /** How many refused documents a failure message lists. */
  private static final int FAILURES_IN_MESSAGE = 3;

  private final OpenSearchSinkConfig config;
  private final OpenSearchHttpClient client;
  private final Counter bulkRequests = new ThreadSafeSimpleCounter();
  private final Counter bulkRequestsRetried = new ThreadSafeSimpleCounter();
  private final Counter documentsIndexed = new ThreadSafeSimpleCounter();
  private final Counter documentsRetried = new ThreadSafeSimpleCounter();
  private final Counter documentsDropped = new ThreadSafeSimpleCounter();
  private final Counter documentsRefused = new ThreadSafeSimpleCounter();
  private final Counter documentsDeadLettered = new ThreadSafeSimpleCounter();
  private final Counter deadLetterFailures = new ThreadSafeSimpleCounter();
  private final RateLimitedWarning badRecordWarning =
      new RateLimitedWarning(LOG, RateLimitedWarning.DEFAULT_INTERVAL_MS);
  private volatile long lastBulkLatencyMs;

  /** Converts elements; the converter given to the base class only hands over the result. */
  private final ElementConverter<T, BulkOperation> converter;

  private final Handoff handoff;

  /** Builds dead letters; also in DROP and FAIL mode, to recognize letters restored from state. */
  private final DeadLetters deadLetters;

  /** The dead-letter indices' template to install, or null. */
  private final OpenSearchIndexTemplate deadLetterTemplate;

  /** The template to install before the first bulk, or null. */
  private final OpenSearchIndexTemplate template;

  /** The template installation under way or done; replaced after a failure. */
  private CompletableFuture<Void> templateInstalled;

  OpenSearchSinkWriter(
      ElementConverter<T, BulkOperation> elementConverter,
      WriterInitContext context,
      OpenSearchSinkConfig config,
      OpenSearchIndexTemplate template,
      Collection<BufferedRequestState<BulkOperation>> states) {
    this(
        elementConverter,
        new Handoff(),
        context,
        config,
        template,
        RestoredEntries.admit(states, config, deadLettersOf(config)));
  }

  private OpenSearchSinkWriter(
      ElementConverter<T, BulkOperation> elementConverter,
      Handoff handoff,
      WriterInitContext context,
      OpenSearchSinkConfig config,
      OpenSearchIndexTemplate template,
      RestoredEntries restored) {
    super(handoff.typed(), context, writerConfiguration(config), restored.states);
    this.converter = elementConverter;
    // the base class opens only the converter it was given, the handoff
    elementConverter.open(context);
    this.handoff = handoff;
    this.config = config;
    this.deadLetters = deadLettersOf(config);
    this.client = new OpenSearchHttpClient(config);
    MetricGroup metrics = context.metricGroup();
    metrics.counter(OpenSearchSinkMetrics.BULK_REQUESTS, bulkRequests);
    metrics.counter(OpenSearchSinkMetrics.BULK_REQUESTS_RETRIED, bulkRequestsRetried);
    metrics.counter(OpenSearchSinkMetrics.DOCUMENTS_INDEXED, documentsIndexed);
    metrics.counter(OpenSearchSinkMetrics.DOCUMENTS_RETRIED, documentsRetried);
    metrics.counter(OpenSearchSinkMetrics.DOCUMENTS_DROPPED, documentsDropped);
    metrics.counter(OpenSearchSinkMetrics.DOCUMENTS_REFUSED, documentsRefused);
    metrics.counter(OpenSearchSinkMetrics.DOCUMENTS_DEAD_LETTERED, documentsDeadLettered);
    metrics.counter(OpenSearchSinkMetrics.DEAD_LETTER_FAILURES, deadLetterFailures);
    metrics.gauge(
        OpenSearchSinkMetrics.LAST_BULK_LATENCY_MS, (Gauge<Long>) () -> lastBulkLatencyMs);
    this.template = config.installIndexTemplate() ? template : null;
    this.deadLetterTemplate =
        config.installIndexTemplate() && config.badRecordMode() == BadRecordMode.DEAD_LETTER
            ? deadLetters.template()
            : null;
    if (!restored.refused.isEmpty()) {
      // entries checkpointed under a larger opensearch.max-document-size than the current one
      recordRefusals(restored.refused, restored.unlettered);
    }
  }

  private static DeadLetters deadLettersOf(OpenSearchSinkConfig config) {
    return new DeadLetters(config.deadLetterIndexPrefix(), config.maxDocumentBytes());
  }

  /**
   * Checks each document before the base class buffers it: the base class would throw on one over
   * the record limit and fail the job, for a problem of that one document.
   */
  @Override
  public void write(T element, SinkWriter.Context context)
      throws IOException, InterruptedException {
    BulkOperation operation = converter.apply(element, context);
    BulkResult.ItemFailure refusal = refusalBeforeSending(operation, config);
    if (refusal != null) {
      if (config.badRecordMode() == BadRecordMode.FAIL) {
        throw new OpenSearchSinkException(
            "Refused to send "
                + refusal
                + " (set "
                + OpenSearchSinkOptions.BAD_RECORD_MODE.key()
                + " to DEAD_LETTER or DROP to go on without it)");
      }
      List<BulkOperation> letters = lettersOrNothing(List.of(refusal));
      if (letters.isEmpty()) {
        return;
      }
      operation = letters.get(0);
    }
    handoff.pass(operation);
    super.write(element, context);
  }

  /**
   * Why the sink itself refuses a document before sending it, or null: larger than the record limit
   * (it would never fit a _bulk), or an id so long that the store would reject the whole _bulk
   * request it is part of.
   */
  static BulkResult.ItemFailure refusalBeforeSending(
      BulkOperation operation, OpenSearchSinkConfig config) {
    if (operation.sizeInBytes() > config.maxDocumentBytes()) {
      return new BulkResult.ItemFailure(
          operation,
          413,
          DeadLetters.TOO_LARGE,
          "document of "
              + operation.sizeInBytes()
              + " bytes is larger than "
              + OpenSearchSinkOptions.MAX_DOCUMENT_SIZE.key()
              + " ("
              + config.maxDocumentBytes()
              + " bytes); not sent");
    }
    int idBytes = operation.id().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (idBytes > DeadLetters.MAX_ID_BYTES) {
      return new BulkResult.ItemFailure(
          operation,
          400,
          DeadLetters.ID_TOO_LONG,
          "id of "
              + idBytes
              + " bytes is longer than the store's limit of "
              + DeadLetters.MAX_ID_BYTES
              + "; not sent");
    }
    return null;
  }

  /**
   * Counts refused documents and, in DEAD_LETTER mode, returns their dead letters to send; in DROP
   * mode nothing. Not for FAIL mode. Thread-safe (runs on HTTP client threads too).
   */
  private List<BulkOperation> lettersOrNothing(List<BulkResult.ItemFailure> refused) {
    List<BulkOperation> letters = new ArrayList<>();
    int unlettered = 0;
    if (config.badRecordMode() == BadRecordMode.DEAD_LETTER) {
      long now = System.currentTimeMillis();
      for (BulkResult.ItemFailure failure : refused) {
        BulkOperation letter = deadLetters.letterFor(failure, now);
        if (letter == null) {
          unlettered++;
        } else {
          letters.add(letter);
        }
      }
    }
    recordRefusals(refused, unlettered);
    return letters;
  }

  /** Counts and logs (rate-limited) refused documents; {@code unlettered} found no letter. */
  private void recordRefusals(List<BulkResult.ItemFailure> refused, int unlettered) {
    documentsRefused.inc(refused.size());
    if (config.badRecordMode() == BadRecordMode.DROP) {
      documentsDropped.inc(refused.size());
      badRecordWarning.warn(
          "Dropped "
              + refused.size()
              + " documents refused for their content (counted in "
              + OpenSearchSinkMetrics.DOCUMENTS_DROPPED
              + "): "
              + describe(refused));
      return;
    }
    deadLetterFailures.inc(unlettered);
    badRecordWarning.warn(
        "Dead-lettering "
            + (refused.size() - unlettered)
            + " documents refused for their content to "
            + DailyIndexName.pattern(config.deadLetterIndexPrefix())
            + (unlettered > 0
                ? " (" + unlettered + " do not fit the record limit even as a letter: lost)"
                : "")
            + ": "
            + describe(refused));
  }

  static AsyncSinkWriterConfiguration writerConfiguration(OpenSearchSinkConfig config) {
    return AsyncSinkWriterConfiguration.builder()
        .setMaxBatchSize(config.maxBatchActions())
        .setMaxBatchSizeInBytes(config.maxBatchBytes())
        .setMaxInFlightRequests(config.maxInFlightRequests())
        .setMaxBufferedRequests(config.maxBufferedActions())
        .setMaxTimeInBufferMS(config.flushInterval().toMillis())
        .setMaxRecordSizeInBytes(config.maxDocumentBytes())
        .setRequestTimeoutMS(OpenSearchSink.writerRequestTimeoutMs(config))
        // a request that outlives even our own timeout and backoff is sent again, not fatal
        .setFailOnTimeout(false)
        .build();
  }

  @Override
  protected void submitRequestEntries(
      List<BulkOperation> batch, ResultHandler<BulkOperation> handler) {
    URI host = client.nextHost();
    long start = System.nanoTime();
    bulkRequests.inc();
    CompletableFuture<HttpResponse<String>> response;
    try {
      response = templateInstalled(host).thenCompose(ignored -> client.bulk(host, batch));
    } catch (RuntimeException e) {
      response = CompletableFuture.failedFuture(e);
    }
    response.whenComplete(
        (answer, error) -> {
          lastBulkLatencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          Runnable finish;
          try {
            finish = decide(host, batch, answer, error, handler);
          } catch (RuntimeException e) {
            finish = () -> handler.completeExceptionally(e);
          }
          finish.run();
        });
  }

  /**
   * The index template goes in before the first document, so that the first daily index is created
   * with its mapping. Installing it here rather than when the writer opens means a store that is
   * down at start is retried like any bulk request instead of failing the task.
   */
  private synchronized CompletableFuture<Void> templateInstalled(URI host) {
    if (template == null && deadLetterTemplate == null) {
      return CompletableFuture.completedFuture(null);
    }
    if (templateInstalled == null || templateInstalled.isCompletedExceptionally()) {
      CompletableFuture<Void> documents =
          template == null
              ? CompletableFuture.completedFuture(null)
              : client.putIndexTemplate(host, template);
      templateInstalled =
          deadLetterTemplate == null
              ? documents
              : documents.thenCompose(ignored -> client.putIndexTemplate(host, deadLetterTemplate));
    }
    return templateInstalled;
  }

  /** Returns the one action that ends this request. */
  private Runnable decide(
      URI host,
      List<BulkOperation> batch,
      HttpResponse<String> answer,
      Throwable error,
      ResultHandler<BulkOperation> handler) {
    if (error != null) {
      Throwable cause = error instanceof CompletionException ? error.getCause() : error;
      if (cause instanceof OpenSearchSinkException) {
        return () -> handler.completeExceptionally((OpenSearchSinkException) cause);
      }
      if (hasCause(cause, SSLHandshakeException.class)) {
        // an untrusted certificate or a name mismatch does not heal by itself
        OpenSearchSinkException failure =
            new OpenSearchSinkException(
                "TLS handshake with "
                    + host
                    + " failed: "
                    + rootMessage(cause)
                    + " (check "
                    + OpenSearchSinkOptions.TLS_CA_FILE.key()
                    + " or "
                    + OpenSearchSinkOptions.TLS_TRUST_STORE_PATH.key()
                    + ", and that the certificate names the host)",
                cause);
        return () -> handler.completeExceptionally(failure);
      }
      bulkRequestsRetried.inc();
      return retry(
          batch, List.of(), "connection to " + host + " failed: " + rootMessage(error), handler);
    }
    int status = answer.statusCode();
    if (BulkResult.isRetryableStatus(status)) {
      bulkRequestsRetried.inc();
      return retry(
          batch,
          List.of(),
          "HTTP " + status + " from " + host + ": " + OpenSearchHttpClient.excerpt(answer.body()),
          handler);
    }
    if (status / 100 != 2) {
      OpenSearchSinkException failure =
          new OpenSearchSinkException(
              "The _bulk request of "
                  + batch.size()
                  + " documents to "
                  + host
                  + " was rejected with HTTP "
                  + status
                  + hint(status)
                  + ": "
                  + OpenSearchHttpClient.excerpt(answer.body()));
      return () -> handler.completeExceptionally(failure);
    }
    BulkResult result = BulkResult.parse(answer.body(), batch);
    for (BulkOperation indexed : result.indexed) {
      (deadLetters.isDeadLetter(indexed) ? documentsDeadLettered : documentsIndexed).inc();
    }
    List<BulkResult.ItemFailure> refused = new ArrayList<>();
    List<BulkResult.ItemFailure> refusedLetters = new ArrayList<>();
    for (BulkResult.ItemFailure failure : result.permanent) {
      (deadLetters.isDeadLetter(failure.operation) ? refusedLetters : refused).add(failure);
    }
    if (!refusedLetters.isEmpty()) {
      // a letter refused in turn is lost: counted and logged, never a reason to stop the job
      deadLetterFailures.inc(refusedLetters.size());
      badRecordWarning.warn(
          "OpenSearch refused "
              + refusedLetters.size()
              + " dead letters (counted in "
              + OpenSearchSinkMetrics.DEAD_LETTER_FAILURES
              + "): "
              + describe(refusedLetters));
    }
    List<BulkOperation> letters = List.of();
    if (!refused.isEmpty()) {
      if (config.badRecordMode() == BadRecordMode.FAIL) {
        documentsRefused.inc(refused.size());
        OpenSearchSinkException failure =
            new OpenSearchSinkException(
                "OpenSearch refused "
                    + refused.size()
                    + " of "
                    + batch.size()
                    + " documents (not retryable; fix the mapping or the data, or set "
                    + OpenSearchSinkOptions.BAD_RECORD_MODE.key()
                    + " to DEAD_LETTER or DROP): "
                    + describe(refused));
        return () -> handler.completeExceptionally(failure);
      }
      letters = lettersOrNothing(refused);
    }
    if (result.retryable.isEmpty()) {
      if (letters.isEmpty()) {
        return handler::complete;
      }
      // handed back as entries of this request: buffered, checkpointed and sent like any document
      // (the base class's rate limiter counts them as failed entries: a brief, harmless slowdown)
      List<BulkOperation> queued = letters;
      return () -> handler.retryForEntries(queued);
    }
    List<BulkOperation> failed =
        result.retryable.stream().map(f -> f.operation).collect(Collectors.toList());
    return retry(failed, letters, describe(result.retryable), handler);
  }

  /**
   * Re-queues the operations after the backoff, or fails once any ran out of retries. {@code
   * letters} are new dead letters that go back to the buffer with them (they are no retry).
   */
  private Runnable retry(
      List<BulkOperation> operations,
      List<BulkOperation> letters,
      String reason,
      ResultHandler<BulkOperation> handler) {
    int retry = 0;
    for (BulkOperation operation : operations) {
      retry = Math.max(retry, operation.incrementRetries());
    }
    if (retry > config.maxRetries()) {
      OpenSearchSinkException failure =
          new OpenSearchSinkException(
              "Gave up on "
                  + operations.size()
                  + " documents after "
                  + config.maxRetries()
                  + " retries ("
                  + OpenSearchSinkOptions.MAX_RETRIES.key()
                  + "); last error: "
                  + reason);
      return () -> handler.completeExceptionally(failure);
    }
    documentsRetried.inc(operations.size());
    Duration backoff = config.backoffBeforeRetry(retry);
    LOG.debug(
        "Retrying {} documents in {} ms (retry {}): {}",
        operations.size(),
        backoff.toMillis(),
        retry,
        reason);
    List<BulkOperation> entries = new ArrayList<>(operations);
    entries.addAll(letters);
    Executor later = CompletableFuture.delayedExecutor(backoff.toMillis(), TimeUnit.MILLISECONDS);
    return () -> later.execute(() -> handler.retryForEntries(entries));
  }

  private static String describe(List<BulkResult.ItemFailure> failures) {
    String listed =
        failures.stream()
            .limit(FAILURES_IN_MESSAGE)
            .map(BulkResult.ItemFailure::toString)
            .collect(Collectors.joining("; "));
    int more = failures.size() - FAILURES_IN_MESSAGE;
    return more > 0 ? listed + "; and " + more + " more" : listed;
  }

  private static String hint(int status) {
    switch (status) {
      case 401:
      case 403:
        return " (check "
            + OpenSearchSinkOptions.USERNAME.key()
            + "/"
            + OpenSearchSinkOptions.PASSWORD.key()
            + " and the user's index privileges)";
      case 413:
        return " (lower " + OpenSearchSinkOptions.BULK_MAX_SIZE.key() + ")";
      default:
        return "";
    }
  }

  private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static Throwable rootCauseOf(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  private static String rootMessage(Throwable error) {
    Throwable root = rootCauseOf(error);
    return root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }

  @Override
  protected long getSizeInBytes(BulkOperation operation) {
    return operation.sizeInBytes();
  }

  /**
   * The element converter the base class calls in {@link #write}: it hands over the operation this
   * writer has already converted and checked, so each element is converted once.
   */
  private static final class Handoff implements ElementConverter<Object, BulkOperation> {

    private static final long serialVersionUID = 1L;

    private transient BulkOperation next;

    void pass(BulkOperation operation) {
      next = operation;
    }

    @Override
    public BulkOperation apply(Object element, SinkWriter.Context context) {
      BulkOperation operation = next;
      next = null;
      if (operation == null) {
        throw new IllegalStateException("OpenSearchSinkWriter.write did not pass an operation");
      }
      return operation;
    }

    @SuppressWarnings("unchecked")
    <T> ElementConverter<T, BulkOperation> typed() {
      return (ElementConverter<T, BulkOperation>) (ElementConverter<?, BulkOperation>) this;
    }
  }

  /**
   * Restored buffer entries, with those over the current record limit (possible after the limit was
   * lowered, which the base class would refuse on every restore: a crash loop) replaced by their
   * dead letters or left out. In FAIL mode they stay, and the base class fails as it always did.
   */
  static final class RestoredEntries {
    final List<BufferedRequestState<BulkOperation>> states = new ArrayList<>();
    final List<BulkResult.ItemFailure> refused = new ArrayList<>();
    int unlettered;

    static RestoredEntries admit(
        Collection<BufferedRequestState<BulkOperation>> states,
        OpenSearchSinkConfig config,
        DeadLetters deadLetters) {
      RestoredEntries admitted = new RestoredEntries();
      long now = System.currentTimeMillis();
      for (BufferedRequestState<BulkOperation> state : states) {
        List<RequestEntryWrapper<BulkOperation>> kept = new ArrayList<>();
        for (RequestEntryWrapper<BulkOperation> entry : state.getBufferedRequestEntries()) {
          BulkResult.ItemFailure refusal =
              config.badRecordMode() == BadRecordMode.FAIL
                  ? null
                  : refusalBeforeSending(entry.getRequestEntry(), config);
          if (refusal == null || deadLetters.isDeadLetter(entry.getRequestEntry())) {
            kept.add(entry);
          } else {
            admitted.refused.add(refusal);
            BulkOperation letter =
                config.badRecordMode() == BadRecordMode.DEAD_LETTER
                    ? deadLetters.letterFor(refusal, now)
                    : null;
            if (letter != null) {
              kept.add(new RequestEntryWrapper<>(letter, letter.sizeInBytes()));
            } else if (config.badRecordMode() == BadRecordMode.DEAD_LETTER) {
              admitted.unlettered++;
            }
          }
        }
        admitted.states.add(new BufferedRequestState<>(kept));
      }
      return admitted;
    }
  }
}
