package dev.aigw.insight.job.emit.opensearch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigw.insight.job.decode.logs.AccessLogAttributes;
import dev.aigw.insight.job.model.AccessLogKey;
import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.schema.log.AccessLogField;
import dev.aigw.insight.sink.opensearch.DailyIndexName;
import dev.aigw.insight.sink.opensearch.OpenSearchDocument;
import dev.aigw.insight.sink.opensearch.OpenSearchDocumentConverter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a kept access log into its OpenSearch document: daily index {@code <prefix>-yyyy.MM.dd} of
 * the request start (UTC), {@code _id} = {@code x-request-id} (or a content hash, {@link
 * AccessLogKey}) so replays overwrite, and a JSON source with the searchable fields at the top
 * level (see {@link AccessLogField}) and every attribute under {@code attributes}.
 */
public final class AccessLogDocumentConverter
    implements OpenSearchDocumentConverter<AccessLogRecord> {

  private static final long serialVersionUID = 1L;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String indexPrefix;

  public AccessLogDocumentConverter(String indexPrefix) {
    this.indexPrefix = indexPrefix;
  }

  @Override
  public OpenSearchDocument toDocument(AccessLogRecord record) {
    return new OpenSearchDocument(
        DailyIndexName.of(indexPrefix, record.timestampMs),
        AccessLogKey.of(record),
        source(record));
  }

  /** The document source; null fields are left out. */
  static String source(AccessLogRecord record) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put(AccessLogField.TIMESTAMP.storeName(), record.timestampMs);
    doc.put(AccessLogField.SERVICE.storeName(), record.service);
    putIfPresent(doc, AccessLogField.INSTANCE.storeName(), record.instance);
    putIfPresent(doc, AccessLogField.STATUS_CODE.storeName(), record.statusCode);
    putIfPresent(doc, AccessLogField.PROVIDER.storeName(), record.provider);
    putIfPresent(doc, AccessLogField.MODEL.storeName(), record.model);
    putIfPresent(
        doc,
        AccessLogField.REQUEST_MODEL.storeName(),
        record.attribute(AccessLogAttributes.REQUEST_MODEL));
    putIfPresent(
        doc,
        AccessLogField.RESPONSE_MODEL.storeName(),
        record.attribute(AccessLogAttributes.RESPONSE_MODEL));
    putIfPresent(doc, AccessLogField.REQUEST_ID.storeName(), record.requestId);
    putIfPresent(doc, AccessLogField.INPUT_TOKENS.storeName(), record.inputTokens);
    putIfPresent(doc, AccessLogField.OUTPUT_TOKENS.storeName(), record.outputTokens);
    putIfPresent(doc, AccessLogField.REASONING_TOKENS.storeName(), record.reasoningTokens);
    putIfPresent(doc, AccessLogField.DURATION_MS.storeName(), record.durationMs);
    if (record.estimatedCost != null) {
      doc.put(AccessLogField.ESTIMATED_COST.storeName(), record.estimatedCost);
    }
    putIfPresent(
        doc,
        AccessLogField.UPSTREAM_FAILURE.storeName(),
        record.attribute(AccessLogAttributes.UPSTREAM_TRANSPORT_FAILURE_REASON));
    putIfPresent(doc, AccessLogField.KEEP_REASON.storeName(), record.keepReason);
    doc.put(AccessLogField.BODY.storeName(), record.body);
    ObjectNode attributes = doc.putObject(AccessLogField.ATTRIBUTES.storeName());
    Map<String, String> sorted =
        record.attributes == null ? Map.of() : new TreeMap<>(record.attributes);
    sorted.forEach(attributes::put);
    try {
      return JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void putIfPresent(ObjectNode doc, String field, String value) {
    if (value != null) {
      doc.put(field, value);
    }
  }

  private static void putIfPresent(ObjectNode doc, String field, Long value) {
    if (value != null) {
      doc.put(field, value);
    }
  }
}
