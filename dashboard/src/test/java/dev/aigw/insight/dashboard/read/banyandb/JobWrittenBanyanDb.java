package dev.aigw.insight.dashboard.read.banyandb;

import dev.aigw.insight.job.emit.banyandb.AccessLogRecordEmitter;
import dev.aigw.insight.job.emit.banyandb.AttributionCellEmitter;
import dev.aigw.insight.job.emit.banyandb.GenAiMeasures;
import dev.aigw.insight.job.emit.banyandb.GenAiStorageOptions;
import dev.aigw.insight.job.emit.banyandb.MinuteCellEmitter;
import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.options.AttributionOptions;
import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.sink.banyandb.BanyanDbSink;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Writes cells and access logs into a BanyanDB exactly as the job does: its schema ({@link
 * GenAiMeasures}), its emitters ({@link MinuteCellEmitter}, {@link AccessLogRecordEmitter}) and its
 * sink, in a bounded Flink job that returns when everything is flushed.
 */
final class JobWrittenBanyanDb {
  private JobWrittenBanyanDb() {}

  static void write(
      String target,
      String minuteGroup,
      String logsGroup,
      List<MinuteCell> cells,
      List<AccessLogRecord> logs)
      throws Exception {
    Configuration storage = new Configuration();
    storage.set(GenAiStorageOptions.MINUTE_GROUP, minuteGroup);
    storage.set(GenAiStorageOptions.LOGS_ENABLED, true);
    storage.set(GenAiStorageOptions.LOGS_GROUP, logsGroup);

    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    env.fromData(TypeInformation.of(MinuteCell.class), cells.toArray(new MinuteCell[0]))
        .sinkTo(
            BanyanDbSink.<MinuteCell>builder()
                .setTargets(target)
                .setSchema(GenAiMeasures.schema(storage))
                .setEmitter(new MinuteCellEmitter(minuteGroup))
                .build())
        .name("cells")
        .uid("cells");
    if (!logs.isEmpty()) {
      env.fromData(TypeInformation.of(AccessLogRecord.class), logs.toArray(new AccessLogRecord[0]))
          .sinkTo(
              BanyanDbSink.<AccessLogRecord>builder()
                  .setTargets(target)
                  .setSchema(GenAiMeasures.schema(storage))
                  .setEmitter(new AccessLogRecordEmitter(logsGroup))
                  .build())
          .name("logs")
          .uid("logs");
    }
    env.execute("write-banyandb");
  }

  /**
   * Writes minute, hour and day cells as the job does: its schema with the roll-up groups, and one
   * sink per resolution with its {@link MinuteCellEmitter}.
   */
  static void writeRollUps(
      String target,
      String minuteGroup,
      String hourGroup,
      String dayGroup,
      List<MinuteCell> minutes,
      List<MinuteCell> hours,
      List<MinuteCell> days)
      throws Exception {
    Configuration storage = new Configuration();
    storage.set(GenAiStorageOptions.MINUTE_GROUP, minuteGroup);
    storage.set(GenAiStorageOptions.HOUR_GROUP, hourGroup);
    storage.set(GenAiStorageOptions.DAY_GROUP, dayGroup);
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    Map<CellResolution, List<MinuteCell>> cells =
        Map.of(
            CellResolution.MINUTE, minutes, CellResolution.HOUR, hours, CellResolution.DAY, days);
    Map<CellResolution, String> groups =
        Map.of(
            CellResolution.MINUTE,
            minuteGroup,
            CellResolution.HOUR,
            hourGroup,
            CellResolution.DAY,
            dayGroup);
    for (CellResolution r : CellResolution.values()) {
      env.fromData(TypeInformation.of(MinuteCell.class), cells.get(r).toArray(new MinuteCell[0]))
          .sinkTo(
              BanyanDbSink.<MinuteCell>builder()
                  .setTargets(target)
                  .setSchema(GenAiMeasures.schema(storage))
                  .setEmitter(new MinuteCellEmitter(groups.get(r), r))
                  .build())
          .name(r.storeName() + "-cells")
          .uid(r.storeName() + "-cells");
    }
    env.execute("write-banyandb-rollups");
  }

  /**
   * Writes attribution cells as the job does (attribution on for {@code attributes}: the schema
   * then holds the attribution measures) with its {@link AttributionCellEmitter}.
   */
  static void writeAttribution(
      String target, String minuteGroup, String attributes, List<AttributionCell> cells)
      throws Exception {
    Configuration storage = new Configuration();
    storage.set(GenAiStorageOptions.MINUTE_GROUP, minuteGroup);
    storage.set(AttributionOptions.ATTRIBUTES, attributes);
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    env.fromData(TypeInformation.of(AttributionCell.class), cells.toArray(new AttributionCell[0]))
        .sinkTo(
            BanyanDbSink.<AttributionCell>builder()
                .setTargets(target)
                .setSchema(GenAiMeasures.schema(storage))
                .setEmitter(new AttributionCellEmitter(minuteGroup))
                .build())
        .name("attribution")
        .uid("attribution");
    env.execute("write-banyandb-attribution");
  }
}
