package dev.aigw.insight.sink.opensearch;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A Flink sink that indexes elements into OpenSearch (or Elasticsearch) with {@code _bulk}
 * requests, generic over an {@link OpenSearchDocumentConverter}.
 *
 * <p>Delivery is at least once: on a checkpoint the sink waits until every request under way is
 * answered and keeps unsent documents in its state. Because each document carries the converter's
 * {@code _id}, a replay after a restart overwrites instead of duplicating. Requests answered 429 or
 * 5xx, failed connections and per-item 429/5xx are retried (only the failed items) with doubling
 * backoff, and only a store that stays unavailable past the retries fails the job. A document
 * refused for its content (over the record limit, {@code mapper_parsing_exception} and other item
 * 4xx) is a bad record: by default its bounded dead letter goes to {@code
 * aigw-dead-letter-yyyy.MM.dd}; it can instead be dropped or fail the job ({@code
 * opensearch.bad-record.mode}). Every refused document is counted.
 *
 * <pre>{@code
 * stream.sinkTo(
 *     OpenSearchSink.<MyEvent>builder()
 *         .setConfiguration(flinkConfig) // every opensearch.* option, or setHosts(...) etc.
 *         .setConverter(e -> new OpenSearchDocument(
 *             DailyIndexName.of("events", e.timeMs), e.id, e.toJson()))
 *         .setIndexTemplate(new OpenSearchIndexTemplate("events", templateJson))
 *         .build());
 * }</pre>
 *
 * @param <T> the element type
 */
public final class OpenSearchSink<T> extends AsyncSinkBase<T, BulkOperation> {

  private static final long serialVersionUID = 1L;

  private final OpenSearchSinkConfig config;
  private final OpenSearchIndexTemplate indexTemplate;

  OpenSearchSink(
      OpenSearchDocumentConverter<T> converter,
      OpenSearchSinkConfig config,
      OpenSearchIndexTemplate indexTemplate) {
    super(
        new DocumentElementConverter<>(converter),
        config.maxBatchActions(),
        config.maxInFlightRequests(),
        config.maxBufferedActions(),
        config.maxBatchBytes(),
        config.flushInterval().toMillis(),
        config.maxDocumentBytes(),
        writerRequestTimeoutMs(config),
        false);
    this.config = config;
    this.indexTemplate = indexTemplate;
  }

  /** Starts a builder. */
  public static <T> OpenSearchSinkBuilder<T> builder() {
    return new OpenSearchSinkBuilder<>();
  }

  /**
   * Flink's own guard against a request that never completes: longer than our HTTP timeout plus the
   * longest backoff, so it only fires if something is truly stuck.
   */
  static long writerRequestTimeoutMs(OpenSearchSinkConfig config) {
    return config.requestTimeout().toMillis() + config.maxBackoff().toMillis() + 30_000L;
  }

  /** The validated configuration. */
  public OpenSearchSinkConfig config() {
    return config;
  }

  @Override
  public StatefulSinkWriter<T, BufferedRequestState<BulkOperation>> createWriter(
      WriterInitContext context) throws IOException {
    return restoreWriter(context, List.of());
  }

  @Override
  public StatefulSinkWriter<T, BufferedRequestState<BulkOperation>> restoreWriter(
      WriterInitContext context, Collection<BufferedRequestState<BulkOperation>> recoveredState)
      throws IOException {
    return new OpenSearchSinkWriter<>(
        getElementConverter(), context, config, indexTemplate, recoveredState);
  }

  @Override
  public SimpleVersionedSerializer<BufferedRequestState<BulkOperation>> getWriterStateSerializer() {
    return new BulkOperationStateSerializer();
  }

  /** Adapts the user's converter to the request entries the async sink buffers. */
  private static final class DocumentElementConverter<T>
      implements ElementConverter<T, BulkOperation> {

    private static final long serialVersionUID = 1L;

    private final OpenSearchDocumentConverter<T> converter;

    DocumentElementConverter(OpenSearchDocumentConverter<T> converter) {
      this.converter = converter;
    }

    @Override
    public BulkOperation apply(T element, SinkWriter.Context context) {
      return BulkOperation.of(converter.toDocument(element));
    }
  }
}
