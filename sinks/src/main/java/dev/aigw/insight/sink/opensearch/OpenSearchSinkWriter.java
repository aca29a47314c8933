package dev.aigw.insight.sink.opensearch;

import dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.DocumentErrorMode;
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
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
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
  private volatile long lastBulkLatencyMs;
  private volatile boolean dropWarned;

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
    super(elementConverter, context, writerConfiguration(config), states);
    this.config = config;
    this.client = new OpenSearchHttpClient(config);
    MetricGroup metrics = context.metricGroup();
    metrics.counter(OpenSearchSinkMetrics.BULK_REQUESTS, bulkRequests);
    metrics.counter(OpenSearchSinkMetrics.BULK_REQUESTS_RETRIED, bulkRequestsRetried);
    metrics.counter(OpenSearchSinkMetrics.DOCUMENTS_INDEXED, documentsIndexed);
    metrics.counter(OpenSearchSinkMetrics.DOCUMENTS_RETRIED, documentsRetried);
    metrics.counter(OpenSearchSinkMetrics.DOCUMENTS_DROPPED, documentsDropped);
    metrics.gauge(
        OpenSearchSinkMetrics.LAST_BULK_LATENCY_MS, (Gauge<Long>) () -> lastBulkLatencyMs);
    this.template = config.installIndexTemplate() ? template : null;
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
    if (template == null) {
      return CompletableFuture.completedFuture(null);
    }
    if (templateInstalled == null || templateInstalled.isCompletedExceptionally()) {
      templateInstalled = client.putIndexTemplate(host, template);
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
      return retry(batch, "connection to " + host + " failed: " + rootMessage(error), handler);
    }
    int status = answer.statusCode();
    if (BulkResult.isRetryableStatus(status)) {
      bulkRequestsRetried.inc();
      return retry(
          batch,
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
    documentsIndexed.inc(result.indexed);
    if (!result.permanent.isEmpty()) {
      if (config.onDocumentError() == DocumentErrorMode.FAIL) {
        OpenSearchSinkException failure =
            new OpenSearchSinkException(
                "OpenSearch refused "
                    + result.permanent.size()
                    + " of "
                    + batch.size()
                    + " documents (not retryable; fix the mapping or the data, or set "
                    + OpenSearchSinkOptions.ON_DOCUMENT_ERROR.key()
                    + ": DROP): "
                    + describe(result.permanent));
        return () -> handler.completeExceptionally(failure);
      }
      documentsDropped.inc(result.permanent.size());
      if (!dropWarned) {
        dropWarned = true;
        LOG.warn(
            "Dropping {} documents OpenSearch refused (further drops are only counted in {}): {}",
            result.permanent.size(),
            OpenSearchSinkMetrics.DOCUMENTS_DROPPED,
            describe(result.permanent));
      }
    }
    if (result.retryable.isEmpty()) {
      return handler::complete;
    }
    List<BulkOperation> failed =
        result.retryable.stream().map(f -> f.operation).collect(Collectors.toList());
    return retry(failed, describe(result.retryable), handler);
  }

  /** Re-queues the operations after the backoff, or fails once any ran out of retries. */
  private Runnable retry(
      List<BulkOperation> operations, String reason, ResultHandler<BulkOperation> handler) {
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
}
