package dev.aigw.insight.job.emit;

import dev.aigw.insight.job.emit.banyandb.AppAttributionCellEmitter;
import dev.aigw.insight.job.emit.banyandb.AppCellEmitter;
import dev.aigw.insight.job.emit.banyandb.AttributionCellEmitter;
import dev.aigw.insight.job.emit.banyandb.MinuteCellEmitter;
import dev.aigw.insight.job.emit.opensearch.AppAttributionCellDocumentConverter;
import dev.aigw.insight.job.emit.opensearch.AppCellDocumentConverter;
import dev.aigw.insight.job.emit.opensearch.AppCellIndexTemplate;
import dev.aigw.insight.job.emit.opensearch.AttributionCellDocumentConverter;
import dev.aigw.insight.job.emit.opensearch.MinuteCellDocumentConverter;
import dev.aigw.insight.job.emit.opensearch.MinuteCellIndexTemplate;
import dev.aigw.insight.schema.app.AppAttributionCell;
import dev.aigw.insight.schema.app.AppAttributionDocument;
import dev.aigw.insight.schema.app.AppCell;
import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.attribution.AttributionDocument;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.sink.banyandb.BanyanDbEmitter;
import dev.aigw.insight.sink.opensearch.OpenSearchDocumentConverter;
import dev.aigw.insight.sink.opensearch.OpenSearchIndexTemplate;
import dev.aigw.insight.sink.opensearch.OpenSearchSink;
import dev.aigw.insight.sink.opensearch.OpenSearchSinkBuilder;
import dev.aigw.insight.sink.opensearch.OpenSearchSinkConfig;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * One family of cells (the gateway's, the attribution cells, the applications' and the
 * applications' attribution cells) as both cell stores write it at any resolution: its BanyanDB
 * emitter, and its OpenSearch converter and index template. The job and the tests build every cell
 * sink from these, so that a family is written the same way at minute, hour and day, whoever wires
 * it.
 *
 * @param label the family's name in operator names ({@code ""} for the gateway's cells)
 */
public record CellFamily<T>(
    String label,
    BiFunction<String, CellResolution, BanyanDbEmitter<T>> emitters,
    BiFunction<String, CellResolution, OpenSearchDocumentConverter<T>> converters,
    IndexTemplates templates) {

  /** The gateway's cells (service, instance, provider, model). */
  public static final CellFamily<MinuteCell> GATEWAY =
      new CellFamily<>(
          "",
          MinuteCellEmitter::new,
          MinuteCellDocumentConverter::new,
          MinuteCellIndexTemplate::of);

  /** The gateway's cells by attribution attribute value. */
  public static final CellFamily<AttributionCell> ATTRIBUTION =
      new CellFamily<>(
          "attribution",
          AttributionCellEmitter::new,
          AttributionCellDocumentConverter::new,
          (prefix, shards, replicas) ->
              MinuteCellIndexTemplate.of(
                  prefix, shards, replicas, AttributionDocument.keywordFields()));

  /** The applications' cells, from LLM trace spans. */
  public static final CellFamily<AppCell> APPLICATION =
      new CellFamily<>(
          "application",
          AppCellEmitter::new,
          AppCellDocumentConverter::new,
          AppCellIndexTemplate::of);

  /** The applications' cells by attribution attribute value. */
  public static final CellFamily<AppAttributionCell> APPLICATION_ATTRIBUTION =
      new CellFamily<>(
          "application attribution",
          AppAttributionCellEmitter::new,
          AppAttributionCellDocumentConverter::new,
          (prefix, shards, replicas) ->
              AppCellIndexTemplate.of(
                  prefix, shards, replicas, AppAttributionDocument.keywordFields()));

  /** The index template of a family's indices with a prefix. */
  @FunctionalInterface
  public interface IndexTemplates {
    OpenSearchIndexTemplate of(String prefix, int shards, int replicas);
  }

  /**
   * The emitter writing this family's cells of {@code resolution} to BanyanDB group {@code group}.
   */
  public BanyanDbEmitter<T> emitter(String group, CellResolution resolution) {
    return emitters.apply(group, resolution);
  }

  /**
   * An OpenSearch sink builder for this family's cells of {@code resolution} in the indices of
   * {@code prefix}, with its converter and template set; a cell rewritten by a late point must land
   * after its earlier write, so rewrites are kept in order. The caller may tune it further.
   */
  public OpenSearchSinkBuilder<T> openSearch(
      OpenSearchSinkConfig config,
      String prefix,
      CellResolution resolution,
      int shards,
      int replicas) {
    return OpenSearchSink.<T>builder()
        .setConfig(config)
        .setRewritesInOrder(true)
        .setConverter(converters.apply(prefix, resolution))
        .setIndexTemplate(templates.of(prefix, shards, replicas));
  }

  /** The operator name of this family's sink of {@code resolution} into {@code store}. */
  public String sinkName(CellResolution resolution, String store) {
    String name =
        (label.isEmpty() ? "" : label + " ")
            + resolution.name().toLowerCase(Locale.ROOT)
            + " cells to "
            + store;
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
