package dev.aigw.insight.job.emit;

import dev.aigw.insight.job.emit.banyandb.GenAiMeasures;
import dev.aigw.insight.job.options.LogsConfig;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.sink.banyandb.BanyanDbSink;
import java.net.URI;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Test wiring: one family's cells of one resolution to both cell stores at once (a BanyanDB target
 * and an OpenSearch node), built from the same {@link CellFamily} as the job's sinks, so that a
 * test reads back exactly what the job would write.
 */
public final class BothCellStores {

  private BothCellStores() {}

  /**
   * Adds both sinks; {@code schema} configures the BanyanDB schema (e.g. the attribution
   * attributes), the OpenSearch cells go to the indices of {@code indexPrefix}.
   */
  public static <T> void sink(
      DataStream<T> cells,
      CellFamily<T> family,
      CellResolution resolution,
      String indexPrefix,
      Configuration schema,
      String banyanDbTarget,
      URI openSearch) {
    cells
        .sinkTo(
            BanyanDbSink.<T>builder()
                .setTargets(banyanDbTarget)
                .setSchema(GenAiMeasures.schema(schema))
                .setEmitter(family.emitter(resolution.defaultGroup(), resolution))
                .setFlushInterval(Duration.ofMillis(200))
                .build())
        .name(family.sinkName(resolution, "BanyanDB"));
    Configuration os = new Configuration();
    os.setString("opensearch.hosts", openSearch.toString());
    LogsConfig logs = LogsConfig.fromConfiguration(os);
    cells
        .sinkTo(family.openSearch(logs.sink(), indexPrefix, resolution, 1, 0).build())
        .name(family.sinkName(resolution, "OpenSearch"));
  }
}
