package dev.aigw.insight.dashboard.read.banyandb;

import dev.aigw.insight.dashboard.read.LongRangeFamilies;
import dev.aigw.insight.job.emit.banyandb.AppAttributionCellEmitter;
import dev.aigw.insight.job.emit.banyandb.AppCellEmitter;
import dev.aigw.insight.job.emit.banyandb.AttributionCellEmitter;
import dev.aigw.insight.job.emit.banyandb.GenAiMeasures;
import dev.aigw.insight.job.emit.banyandb.GenAiStorageOptions;
import dev.aigw.insight.job.options.AttributionOptions;
import dev.aigw.insight.job.options.RollUpOptions;
import dev.aigw.insight.schema.app.AppAttributionCell;
import dev.aigw.insight.schema.app.AppCell;
import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.sink.banyandb.BanyanDbSink;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Writes {@link LongRangeFamilies}' attribution, application and application attribution cells of
 * the three resolutions as the job does: its schema (roll-ups and attribution on) and one sink per
 * family and resolution with the job's emitters, into the given minute, hour and day groups.
 */
final class FamiliesOnBanyanDb {

  private FamiliesOnBanyanDb() {}

  static void write(
      String target,
      String minuteGroup,
      String hourGroup,
      String dayGroup,
      LongRangeFamilies families)
      throws Exception {
    Configuration storage = new Configuration();
    storage.set(GenAiStorageOptions.MINUTE_GROUP, minuteGroup);
    storage.set(GenAiStorageOptions.HOUR_GROUP, hourGroup);
    storage.set(GenAiStorageOptions.DAY_GROUP, dayGroup);
    storage.set(RollUpOptions.ENABLED, true);
    storage.set(AttributionOptions.ATTRIBUTES, LongRangeFamilies.ATTRIBUTE);
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    Map<CellResolution, String> groups =
        Map.of(
            CellResolution.MINUTE, minuteGroup,
            CellResolution.HOUR, hourGroup,
            CellResolution.DAY, dayGroup);
    Map<CellResolution, List<AttributionCell>> attribution =
        Map.of(
            CellResolution.MINUTE, families.attributionMinutes,
            CellResolution.HOUR, families.attributionHours,
            CellResolution.DAY, families.attributionDays);
    Map<CellResolution, List<AppCell>> apps =
        Map.of(
            CellResolution.MINUTE, families.appMinutes,
            CellResolution.HOUR, families.appHours,
            CellResolution.DAY, families.appDays);
    Map<CellResolution, List<AppAttributionCell>> appAttribution =
        Map.of(
            CellResolution.MINUTE, families.appAttributionMinutes,
            CellResolution.HOUR, families.appAttributionHours,
            CellResolution.DAY, families.appAttributionDays);
    for (CellResolution r : CellResolution.values()) {
      env.fromData(
              TypeInformation.of(AttributionCell.class),
              attribution.get(r).toArray(new AttributionCell[0]))
          .sinkTo(
              BanyanDbSink.<AttributionCell>builder()
                  .setTargets(target)
                  .setSchema(GenAiMeasures.schema(storage))
                  .setEmitter(new AttributionCellEmitter(groups.get(r), r))
                  .build())
          .name(r.storeName() + "-attribution")
          .uid(r.storeName() + "-attribution");
      env.fromData(TypeInformation.of(AppCell.class), apps.get(r).toArray(new AppCell[0]))
          .sinkTo(
              BanyanDbSink.<AppCell>builder()
                  .setTargets(target)
                  .setSchema(GenAiMeasures.schema(storage))
                  .setEmitter(new AppCellEmitter(groups.get(r), r))
                  .build())
          .name(r.storeName() + "-apps")
          .uid(r.storeName() + "-apps");
      env.fromData(
              TypeInformation.of(AppAttributionCell.class),
              appAttribution.get(r).toArray(new AppAttributionCell[0]))
          .sinkTo(
              BanyanDbSink.<AppAttributionCell>builder()
                  .setTargets(target)
                  .setSchema(GenAiMeasures.schema(storage))
                  .setEmitter(new AppAttributionCellEmitter(groups.get(r), r))
                  .build())
          .name(r.storeName() + "-app-attribution")
          .uid(r.storeName() + "-app-attribution");
    }
    env.execute("write-banyandb-families");
  }
}
