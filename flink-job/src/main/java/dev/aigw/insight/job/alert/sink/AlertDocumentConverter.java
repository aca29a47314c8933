package dev.aigw.insight.job.alert.sink;

import dev.aigw.insight.schema.alert.AlertDocument;
import dev.aigw.insight.schema.alert.AlertEvent;
import dev.aigw.insight.sink.opensearch.DailyIndexName;
import dev.aigw.insight.sink.opensearch.OpenSearchDocument;
import dev.aigw.insight.sink.opensearch.OpenSearchDocumentConverter;

/**
 * An alert event as an OpenSearch document: daily index {@code <prefix>-yyyy.MM.dd} of the
 * transition's event time, {@code _id} the idempotency key, so a replayed transition overwrites its
 * document instead of adding one.
 */
public final class AlertDocumentConverter implements OpenSearchDocumentConverter<AlertEvent> {

  private static final long serialVersionUID = 1L;

  private final String indexPrefix;

  public AlertDocumentConverter(String indexPrefix) {
    this.indexPrefix = indexPrefix;
  }

  @Override
  public OpenSearchDocument toDocument(AlertEvent event) {
    return new OpenSearchDocument(
        DailyIndexName.of(indexPrefix, event.eventTimeMs),
        AlertDocument.id(event),
        WebhookDelivery.body(event));
  }
}
