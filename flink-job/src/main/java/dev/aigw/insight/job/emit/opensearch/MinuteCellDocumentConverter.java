package dev.aigw.insight.job.emit.opensearch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigw.insight.job.model.MinuteCell;
import dev.aigw.insight.sink.opensearch.DailyIndexName;
import dev.aigw.insight.sink.opensearch.OpenSearchDocument;
import dev.aigw.insight.sink.opensearch.OpenSearchDocumentConverter;
import java.io.UncheckedIOException;

/**
 * Turns a minute cell into an OpenSearch document, for deployments (and the local run) that keep
 * the cells in OpenSearch instead of BanyanDB.
 *
 * <p>The document id is the cell's key (window, scope, dimension, service, instance, provider,
 * model), so a cell written again after late data or a replay overwrites the earlier copy. Averages
 * and percentiles of a histogram with no observations in the minute are left out rather than
 * written as zero.
 */
public final class MinuteCellDocumentConverter implements OpenSearchDocumentConverter<MinuteCell> {

  private static final long serialVersionUID = 1L;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String indexPrefix;

  public MinuteCellDocumentConverter(String indexPrefix) {
    this.indexPrefix = DailyIndexName.validatePrefix(indexPrefix);
  }

  @Override
  public OpenSearchDocument toDocument(MinuteCell cell) {
    return new OpenSearchDocument(
        DailyIndexName.of(indexPrefix, cell.windowStartMs), cell.cellKey(), source(cell));
  }

  static String source(MinuteCell cell) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put(MinuteCellIndexTemplate.WINDOW_START, cell.windowStartMs);
    doc.put(MinuteCellIndexTemplate.SCOPE, cell.scope.name());
    doc.put(MinuteCellIndexTemplate.DIMENSION, cell.dimension.name());
    doc.put(MinuteCellIndexTemplate.SERVICE, cell.service);
    putIfNotBlank(doc, MinuteCellIndexTemplate.INSTANCE, cell.instance);
    putIfNotBlank(doc, MinuteCellIndexTemplate.PROVIDER, cell.provider);
    putIfNotBlank(doc, MinuteCellIndexTemplate.MODEL, cell.model);
    doc.put("requests", cell.requests);
    doc.put("errors", cell.errors);
    if (cell.requests > 0) {
      doc.put("latency_avg_ms", cell.latencyAvgMs);
      doc.put("latency_p50_ms", cell.latencyP50Ms);
      doc.put("latency_p75_ms", cell.latencyP75Ms);
      doc.put("latency_p90_ms", cell.latencyP90Ms);
      doc.put("latency_p95_ms", cell.latencyP95Ms);
      doc.put("latency_p99_ms", cell.latencyP99Ms);
    }
    doc.put("ttft_count", cell.ttftCount);
    if (cell.ttftCount > 0) {
      doc.put("ttft_avg_ms", cell.ttftAvgMs);
      doc.put("ttft_p50_ms", cell.ttftP50Ms);
      doc.put("ttft_p75_ms", cell.ttftP75Ms);
      doc.put("ttft_p90_ms", cell.ttftP90Ms);
      doc.put("ttft_p95_ms", cell.ttftP95Ms);
      doc.put("ttft_p99_ms", cell.ttftP99Ms);
    }
    doc.put("tpot_count", cell.tpotCount);
    if (cell.tpotCount > 0) {
      doc.put("tpot_avg_ms", cell.tpotAvgMs);
      doc.put("tpot_p50_ms", cell.tpotP50Ms);
      doc.put("tpot_p75_ms", cell.tpotP75Ms);
      doc.put("tpot_p90_ms", cell.tpotP90Ms);
      doc.put("tpot_p95_ms", cell.tpotP95Ms);
      doc.put("tpot_p99_ms", cell.tpotP99Ms);
    }
    doc.put("input_tokens", cell.inputTokens);
    doc.put("output_tokens", cell.outputTokens);
    doc.put("cached_input_tokens", cell.cachedInputTokens);
    doc.put("cache_creation_input_tokens", cell.cacheCreationInputTokens);
    doc.put("reasoning_tokens", cell.reasoningTokens);
    doc.put("estimated_cost", cell.estimatedCost);
    doc.put("cache_savings", cell.cacheSavings);
    doc.put("unpriced_tokens", cell.unpricedTokens);
    try {
      return JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void putIfNotBlank(ObjectNode doc, String field, String value) {
    if (value != null && !value.isEmpty()) {
      doc.put(field, value);
    }
  }
}
