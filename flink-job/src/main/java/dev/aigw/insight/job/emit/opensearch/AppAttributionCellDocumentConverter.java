package dev.aigw.insight.job.emit.opensearch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.schema.app.AppAttributionCell;
import dev.aigw.insight.schema.app.AppAttributionDocument;
import dev.aigw.insight.sink.opensearch.DailyIndexName;
import dev.aigw.insight.sink.opensearch.OpenSearchDocument;
import dev.aigw.insight.sink.opensearch.OpenSearchDocumentConverter;
import java.io.UncheckedIOException;

/**
 * Turns an application attribution cell into an OpenSearch document: daily index {@code
 * <prefix>-yyyy.MM.dd} of its minute, {@code _id} and source as {@link AppAttributionDocument}
 * defines them (a rewritten cell overwrites its document).
 */
public final class AppAttributionCellDocumentConverter
    implements OpenSearchDocumentConverter<AppAttributionCell> {

  private static final long serialVersionUID = 1L;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String indexPrefix;

  public AppAttributionCellDocumentConverter(String indexPrefix) {
    this.indexPrefix = indexPrefix;
  }

  @Override
  public OpenSearchDocument toDocument(AppAttributionCell cell) {
    try {
      return new OpenSearchDocument(
          DailyIndexName.of(indexPrefix, cell.cell.windowStartMs),
          AppAttributionDocument.id(cell),
          JSON.writeValueAsString(AppAttributionDocument.source(cell)));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
