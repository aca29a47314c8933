package dev.aigw.insight.dashboard.read.banyandb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.dashboard.read.CellQuery;
import dev.aigw.insight.job.emit.banyandb.GenAiMeasures;
import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellStoreNames;
import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import dev.aigw.insight.sink.banyandb.BanyanDbEmitter;
import dev.aigw.insight.sink.banyandb.BanyanDbOutput;
import dev.aigw.insight.sink.banyandb.BanyanDbSink;
import dev.aigw.insight.sink.banyandb.MeasurePoint;
import dev.aigw.insight.sink.banyandb.schema.BanyanDbSchema;
import dev.aigw.insight.sink.banyandb.schema.GroupSpec;
import dev.aigw.insight.sink.banyandb.schema.MeasureSpec;
import dev.aigw.insight.sink.banyandb.standin.BanyanDbStandIn;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The upgrade that added the duration sums: a measure created (and written) by an older job lacks
 * them; the new job's start appends them to the measure, its rows carry them, and the dashboard
 * reads the older rows with each sum as its average times its count and every other value exact.
 */
class MeasureUpgradeITCase {
  private static final long T0 = Instant.parse("2026-11-26T17:30:00Z").toEpochMilli();
  private static final String GROUP = CellStoreNames.DEFAULT_MINUTE_GROUP;

  /** The fields an older job wrote: all but the duration sums (appended after them). */
  private static final List<CellField> OLD_FIELDS =
      Arrays.stream(CellField.values())
          .filter(
              f ->
                  Arrays.stream(CellField.values())
                      .noneMatch(a -> a.sumOf().equals(Optional.of(f))))
          .toList();

  @Test
  void aMeasureOfAnOlderJobGetsTheSumsAndItsRowsReadWhole() throws Exception {
    try (BanyanDbStandIn standIn = BanyanDbStandIn.start()) {
      MinuteCell old = cell(T0, 1);
      MinuteCell current = cell(T0 + 60_000, 2);
      writeAsAnOlderJob(standIn.target(), old);
      String measure = CellStoreNames.measureName(Scope.SERVICE, Dimension.ALL);
      assertThat(standIn.measureSchema(GROUP, measure).getFieldsCount())
          .isEqualTo(OLD_FIELDS.size());

      JobWrittenBanyanDb.write(standIn.target(), GROUP, "genai_logs", List.of(current), List.of());

      assertThat(standIn.measureSchema(GROUP, measure).getFieldsList())
          .extracting(f -> f.getName())
          .containsExactlyElementsOf(
              Arrays.stream(CellField.values()).map(CellField::storeName).toList());
      assertThat(OLD_FIELDS).hasSize(CellField.values().length - 3);
      assertThat(Arrays.asList(CellField.values()).subList(0, OLD_FIELDS.size()))
          .containsExactlyElementsOf(OLD_FIELDS);
      MinuteCell oldAsRead = old.copy();
      oldAsRead.latencySumMs = old.latencyAvgMs * old.requests;
      oldAsRead.ttftSumMs = old.ttftAvgMs * old.ttftCount;
      oldAsRead.tpotSumMs = old.tpotAvgMs * old.tpotCount;
      try (BanyanDbTelemetryStore store = BanyanDbTelemetryStore.open(standIn.target())) {
        assertThat(store.cells(CellQuery.of(Scope.SERVICE, Dimension.ALL, T0, T0 + 120_000)))
            .containsExactly(oldAsRead, current);
      }
    }
  }

  /** Creates the older measure and writes one row with the older job's fields. */
  private static void writeAsAnOlderJob(String target, MinuteCell cell) throws Exception {
    MeasureSpec now = GenAiMeasures.measure(GROUP, Scope.SERVICE, Dimension.ALL);
    MeasureSpec older =
        new MeasureSpec(
            now.group(),
            now.name(),
            now.entityTags(),
            now.tagFamilies(),
            GenAiMeasures.FIELDS.subList(0, OLD_FIELDS.size()),
            now.interval());
    BanyanDbSchema schema =
        BanyanDbSchema.builder()
            .group(GroupSpec.measures(GROUP, 2, Duration.ofDays(1), Duration.ofDays(7)))
            .measure(older)
            .build();
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    env.fromData(TypeInformation.of(MinuteCell.class), cell)
        .sinkTo(
            BanyanDbSink.<MinuteCell>builder()
                .setTargets(target)
                .setSchema(schema)
                .setEmitter(new OlderEmitter())
                .build())
        .name("older-job")
        .uid("older-job");
    env.execute("older-job");
  }

  /** The job's cell emitter as it was before the newest field. */
  private static final class OlderEmitter implements BanyanDbEmitter<MinuteCell> {
    private static final long serialVersionUID = 1L;

    @Override
    public void emit(MinuteCell cell, BanyanDbOutput output) {
      MeasurePoint.Builder point =
          MeasurePoint.builder(
              GROUP, CellStoreNames.measureName(cell.scope, cell.dimension), cell.windowStartMs);
      for (CellTag tag : CellTag.of(cell.scope, cell.dimension)) {
        point.tag(tag.storeName(), tag.get(cell));
      }
      for (CellField field : OLD_FIELDS) {
        point.field(field.storeName(), field.value(cell));
      }
      output.measure(point.build());
    }
  }

  private static MinuteCell cell(long minute, int seed) {
    MinuteCell cell = MinuteCell.at(minute, Scope.SERVICE, Dimension.ALL, "gw", "", "", "");
    for (CellField field : CellField.values()) {
      long value = seed * 1_000L + field.ordinal() + 1;
      field.set(cell, field.type() == CellField.Type.INTEGER ? value : value / 1024.0);
    }
    return cell;
  }
}
