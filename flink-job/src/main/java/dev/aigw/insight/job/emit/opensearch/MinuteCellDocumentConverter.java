package dev.aigw.insight.job.emit.opensearch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.schema.cell.CellDocument;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.sink.opensearch.DailyIndexName;
import dev.aigw.insight.sink.opensearch.OpenSearchDocument;
import dev.aigw.insight.sink.opensearch.OpenSearchDocumentConverter;
import java.io.UncheckedIOException;

/**
 * Turns a per-minute cell into an OpenSearch document, for running without BanyanDB (the local
 * default): daily index {@code <prefix>-yyyy.MM.dd} of the minute, {@code _id} and source as {@link
 * CellDocument} defines them (the cell's stable key, so a rewritten cell — late point, replay —
 * overwrites its document).
 */
public final class MinuteCellDocumentConverter implements OpenSearchDocumentConverter<MinuteCell> {

  private static final long serialVersionUID = 1L;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String indexPrefix;
  private final CellResolution resolution;

  public MinuteCellDocumentConverter(String indexPrefix) {
    this(indexPrefix, CellResolution.MINUTE);
  }

  /**
   * Cells of {@code resolution}: minute cells in daily indices, hour cells in monthly and day cells
   * in yearly ones ({@link CellResolution#indexName}); the document is the same.
   */
  public MinuteCellDocumentConverter(String indexPrefix, CellResolution resolution) {
    this.indexPrefix = indexPrefix;
    this.resolution = resolution;
  }

  @Override
  public OpenSearchDocument toDocument(MinuteCell cell) {
    return new OpenSearchDocument(
        resolution == CellResolution.MINUTE
            ? DailyIndexName.of(indexPrefix, cell.windowStartMs)
            : resolution.indexName(indexPrefix, cell.windowStartMs),
        CellDocument.id(cell),
        source(cell));
  }

  static String source(MinuteCell cell) {
    try {
      return JSON.writeValueAsString(CellDocument.source(cell));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
