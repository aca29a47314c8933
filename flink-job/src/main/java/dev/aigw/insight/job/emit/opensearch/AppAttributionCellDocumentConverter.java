package dev.aigw.insight.job.emit.opensearch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.schema.app.AppAttributionCell;
import dev.aigw.insight.schema.app.AppAttributionDocument;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.sink.opensearch.OpenSearchDocument;
import dev.aigw.insight.sink.opensearch.OpenSearchDocumentConverter;
import java.io.UncheckedIOException;

/**
 * Turns an application attribution cell into an OpenSearch document: daily index {@code
 * <prefix>-yyyy.MM.dd} of its minute (monthly {@code <prefix>-yyyy.MM} of an hour cell, yearly
 * {@code <prefix>-yyyy} of a day cell), {@code _id} and source as {@link AppAttributionDocument}
 * defines them (a rewritten cell overwrites its document).
 */
public final class AppAttributionCellDocumentConverter
    implements OpenSearchDocumentConverter<AppAttributionCell> {

  private static final long serialVersionUID = 1L;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String indexPrefix;
  private final CellResolution resolution;

  public AppAttributionCellDocumentConverter(String indexPrefix) {
    this(indexPrefix, CellResolution.MINUTE);
  }

  /** Converts application attribution cells of {@code resolution} into its indices. */
  public AppAttributionCellDocumentConverter(String indexPrefix, CellResolution resolution) {
    this.indexPrefix = indexPrefix;
    this.resolution = resolution;
  }

  @Override
  public OpenSearchDocument toDocument(AppAttributionCell cell) {
    try {
      return new OpenSearchDocument(
          resolution.indexName(indexPrefix, cell.cell.windowStartMs),
          AppAttributionDocument.id(cell),
          JSON.writeValueAsString(AppAttributionDocument.source(cell)));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
