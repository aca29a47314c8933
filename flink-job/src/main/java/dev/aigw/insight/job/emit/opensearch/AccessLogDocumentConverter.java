package dev.aigw.insight.job.emit.opensearch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigw.insight.job.decode.logs.AccessLogAttributes;
import dev.aigw.insight.job.model.AccessLogKey;
import dev.aigw.insight.job.model.AccessLogRecord;
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
 * level (see {@link AccessLogIndexTemplate}) and every attribute under {@code attributes}.
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
    doc.put(AccessLogIndexTemplate.TIMESTAMP, record.timestampMs);
    doc.put(AccessLogIndexTemplate.SERVICE, record.service);
    putIfPresent(doc, AccessLogIndexTemplate.INSTANCE, record.instance);
    putIfPresent(doc, AccessLogIndexTemplate.STATUS_CODE, record.statusCode);
    putIfPresent(doc, AccessLogIndexTemplate.PROVIDER, record.provider);
    putIfPresent(doc, AccessLogIndexTemplate.MODEL, record.model);
    putIfPresent(
        doc,
        AccessLogIndexTemplate.REQUEST_MODEL,
        record.attribute(AccessLogAttributes.REQUEST_MODEL));
    putIfPresent(
        doc,
        AccessLogIndexTemplate.RESPONSE_MODEL,
        record.attribute(AccessLogAttributes.RESPONSE_MODEL));
    putIfPresent(doc, AccessLogIndexTemplate.REQUEST_ID, record.requestId);
    putIfPresent(doc, AccessLogIndexTemplate.INPUT_TOKENS, record.inputTokens);
    putIfPresent(doc, AccessLogIndexTemplate.OUTPUT_TOKENS, record.outputTokens);
    putIfPresent(doc, AccessLogIndexTemplate.REASONING_TOKENS, record.reasoningTokens);
    putIfPresent(doc, AccessLogIndexTemplate.DURATION_MS, record.durationMs);
    if (record.estimatedCost != null) {
      doc.put(AccessLogIndexTemplate.ESTIMATED_COST, record.estimatedCost);
    }
    putIfPresent(
        doc,
        AccessLogIndexTemplate.UPSTREAM_FAILURE,
        record.attribute(AccessLogAttributes.UPSTREAM_TRANSPORT_FAILURE_REASON));
    putIfPresent(doc, AccessLogIndexTemplate.KEEP_REASON, record.keepReason);
    doc.put(AccessLogIndexTemplate.BODY, record.body);
    ObjectNode attributes = doc.putObject(AccessLogIndexTemplate.ATTRIBUTES);
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
