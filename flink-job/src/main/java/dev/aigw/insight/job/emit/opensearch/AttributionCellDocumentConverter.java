package dev.aigw.insight.job.emit.opensearch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.attribution.AttributionDocument;
import dev.aigw.insight.sink.opensearch.DailyIndexName;
import dev.aigw.insight.sink.opensearch.OpenSearchDocument;
import dev.aigw.insight.sink.opensearch.OpenSearchDocumentConverter;
import java.io.UncheckedIOException;

/**
 * Turns an attribution cell into an OpenSearch document: daily index {@code <prefix>-yyyy.MM.dd} of
 * the minute, {@code _id} and source as {@link AttributionDocument} defines them (a rewritten cell
 * overwrites its document).
 */
public final class AttributionCellDocumentConverter
    implements OpenSearchDocumentConverter<AttributionCell> {

  private static final long serialVersionUID = 1L;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String indexPrefix;

  public AttributionCellDocumentConverter(String indexPrefix) {
    this.indexPrefix = indexPrefix;
  }

  @Override
  public OpenSearchDocument toDocument(AttributionCell cell) {
    try {
      return new OpenSearchDocument(
          DailyIndexName.of(indexPrefix, cell.cell.windowStartMs),
          AttributionDocument.id(cell),
          JSON.writeValueAsString(AttributionDocument.source(cell)));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
