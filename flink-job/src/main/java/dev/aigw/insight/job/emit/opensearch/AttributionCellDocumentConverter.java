package dev.aigw.insight.job.emit.opensearch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.attribution.AttributionDocument;
import dev.aigw.insight.schema.cell.CellResolution;
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
  private final CellResolution resolution;

  public AttributionCellDocumentConverter(String indexPrefix) {
    this(indexPrefix, CellResolution.MINUTE);
  }

  /**
   * Attribution cells of {@code resolution}: minute cells in daily indices, hour cells in monthly
   * and day cells in yearly ones ({@link CellResolution#indexName}); the document is the same.
   */
  public AttributionCellDocumentConverter(String indexPrefix, CellResolution resolution) {
    this.indexPrefix = indexPrefix;
    this.resolution = resolution;
  }

  @Override
  public OpenSearchDocument toDocument(AttributionCell cell) {
    try {
      return new OpenSearchDocument(
          resolution == CellResolution.MINUTE
              ? DailyIndexName.of(indexPrefix, cell.cell.windowStartMs)
              : resolution.indexName(indexPrefix, cell.cell.windowStartMs),
          AttributionDocument.id(cell),
          JSON.writeValueAsString(AttributionDocument.source(cell)));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
