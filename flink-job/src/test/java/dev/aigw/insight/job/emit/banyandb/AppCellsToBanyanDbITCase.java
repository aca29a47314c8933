package dev.aigw.insight.job.emit.banyandb;

import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.banyandb.BanyanDbQueryClient;
import dev.aigw.insight.schema.app.AppAttributionCell;
import dev.aigw.insight.schema.app.AppAttributionStoreNames;
import dev.aigw.insight.schema.app.AppCell;
import dev.aigw.insight.schema.app.AppCellField;
import dev.aigw.insight.schema.app.AppCellStoreNames;
import dev.aigw.insight.schema.app.AppDimension;
import dev.aigw.insight.sink.banyandb.BanyanDbSink;
import dev.aigw.insight.sink.banyandb.standin.BanyanDbStandIn;
import dev.aigw.insight.testing.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.skywalking.banyandb.v1.client.BanyanDBClient;
import org.apache.skywalking.banyandb.v1.client.DataPoint;
import org.apache.skywalking.banyandb.v1.client.MeasureQuery;
import org.apache.skywalking.banyandb.v1.client.TimestampRange;
import org.junit.jupiter.api.Test;

/**
 * Application cells through the BanyanDB sink into the stand-in: the schema manager creates the
 * three {@code genai_apps_*_minute} measures with the gateway's, and every tag and field of every
 * cell reads back with the client's query API.
 */
class AppCellsToBanyanDbITCase {

  private static final long MINUTE = Instant.parse("2026-01-01T00:01:00Z").toEpochMilli();
  private static final String GROUP = "genai_minute";

  @Test
  void everyApplicationCellReadsBackWithItsTagsAndFields() throws Exception {
    List<AppCell> cells =
        List.of(
            cell(AppDimension.APPLICATION_MODEL, "shop", "openai", "gpt-4o", 3),
            cell(AppDimension.PROVIDER, "", "openai", "", 5),
            cell(AppDimension.PROVIDER_MODEL, "", "anthropic", "claude-sonnet-4-5", 2));
    try (BanyanDbStandIn standIn = BanyanDbStandIn.start()) {
      Configuration storage = new Configuration();
      storage.set(GenAiStorageOptions.MINUTE_GROUP, GROUP);
      Configuration conf = new Configuration();
      conf.set(PipelineOptions.GENERIC_TYPES, false);
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
      env.setParallelism(1);
      env.fromData(TypeInformation.of(AppCell.class), cells.toArray(new AppCell[0]))
          .sinkTo(
              BanyanDbSink.<AppCell>builder()
                  .setTargets(standIn.target())
                  .setSchema(GenAiMeasures.schema(storage))
                  .setEmitter(new AppCellEmitter(GROUP))
                  .setFlushInterval(Duration.ofMillis(200))
                  .build())
          .uid("app-cells-banyandb-sink");
      JobClient job = env.executeAsync("app-cells-to-banyandb");
      try {
        Map<String, Map<String, Object>> stored =
            Await.value(
                Duration.ofSeconds(60),
                "3 stored application cells",
                () -> read(standIn.target()),
                rows -> rows.size() >= cells.size());
        assertThat(stored).hasSize(cells.size());
        for (AppCell cell : cells) {
          Map<String, Object> row = stored.get(cell.cellKey());
          assertThat(row).as(cell.cellKey()).isNotNull();
          for (AppCellField field : AppCellField.values()) {
            assertThat(((Number) row.get(field.storeName())).doubleValue())
                .as(cell.cellKey() + " " + field.storeName())
                .isEqualTo(field.value(cell).doubleValue());
          }
        }
      } finally {
        try {
          job.cancel().get();
        } catch (Exception finished) {
          // the bounded job has ended and its local cluster is gone
        }
      }
    }
  }

  /**
   * Application attribution cells (spans by attribute value) go to their own two measures, created
   * by the schema manager when attribution is configured; every tag and field reads back.
   */
  @Test
  void everyApplicationAttributionCellReadsBackFromItsOwnMeasures() throws Exception {
    AppCell whole = cell(AppDimension.APPLICATION_MODEL, "shop", "", "", 4);
    List<AppAttributionCell> cells =
        List.of(
            new AppAttributionCell("team.id", "red", false, whole),
            new AppAttributionCell(
                "team.id",
                "none",
                true,
                cell(AppDimension.APPLICATION_MODEL, "shop", "openai", "gpt-4o", 2)),
            new AppAttributionCell(
                "api.key",
                "0123456789abcdef0123456789abcdef",
                true,
                cell(AppDimension.APPLICATION_MODEL, "shop", "anthropic", "claude-sonnet-4-5", 3)));
    try (BanyanDbStandIn standIn = BanyanDbStandIn.start()) {
      Configuration storage = new Configuration();
      storage.set(GenAiStorageOptions.MINUTE_GROUP, GROUP);
      storage.setString("attribution.attributes", "team.id,api.key");
      Configuration conf = new Configuration();
      conf.set(PipelineOptions.GENERIC_TYPES, false);
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
      env.setParallelism(1);
      env.fromData(
              TypeInformation.of(AppAttributionCell.class),
              cells.toArray(new AppAttributionCell[0]))
          .sinkTo(
              BanyanDbSink.<AppAttributionCell>builder()
                  .setTargets(standIn.target())
                  .setSchema(GenAiMeasures.schema(storage))
                  .setEmitter(new AppAttributionCellEmitter(GROUP))
                  .setFlushInterval(Duration.ofMillis(200))
                  .build())
          .uid("app-attribution-cells-banyandb-sink");
      JobClient job = env.executeAsync("app-attribution-cells-to-banyandb");
      try {
        Map<String, Map<String, Object>> stored =
            Await.value(
                Duration.ofSeconds(60),
                "3 stored application attribution cells",
                () -> readAttribution(standIn.target()),
                rows -> rows.size() >= cells.size());
        assertThat(stored).hasSize(cells.size());
        for (AppAttributionCell cell : cells) {
          Map<String, Object> row = stored.get(cell.cellKey());
          assertThat(row).as(cell.cellKey()).isNotNull();
          for (AppCellField field : AppCellField.values()) {
            assertThat(((Number) row.get(field.storeName())).doubleValue())
                .as(cell.cellKey() + " " + field.storeName())
                .isEqualTo(field.value(cell.cell).doubleValue());
          }
        }
      } finally {
        try {
          job.cancel().get();
        } catch (Exception finished) {
          // the bounded job has ended and its local cluster is gone
        }
      }
    }
  }

  /** Cell key → store name → value, of both application attribution measures. */
  private static Map<String, Map<String, Object>> readAttribution(String target) {
    Map<String, Map<String, Object>> rows = new HashMap<>();
    try (BanyanDbQueryClient connection = BanyanDbQueryClient.open(target)) {
      BanyanDBClient client = connection.client();
      Set<String> fields = new HashSet<>();
      for (AppCellField field : AppCellField.values()) {
        fields.add(field.storeName());
      }
      for (boolean byModel : new boolean[] {false, true}) {
        List<String> tags = AppAttributionStoreNames.entityTags(byModel);
        MeasureQuery query =
            new MeasureQuery(
                List.of(GROUP),
                AppAttributionStoreNames.measureName(byModel),
                new TimestampRange(MINUTE - 60_000, MINUTE + 60_000),
                Set.copyOf(tags),
                fields);
        for (DataPoint point : client.query(query).getDataPoints()) {
          AppCell cell =
              AppCell.at(
                  point.getTimestamp(),
                  AppDimension.APPLICATION_MODEL,
                  point.getTagValue(AppCell.APPLICATION),
                  byModel ? point.getTagValue(AppCell.PROVIDER) : AppCell.ABSENT,
                  byModel ? point.getTagValue(AppCell.MODEL) : AppCell.ABSENT);
          AppAttributionCell key =
              new AppAttributionCell(
                  point.getTagValue(AppAttributionStoreNames.ATTRIBUTE),
                  point.getTagValue(AppAttributionStoreNames.VALUE),
                  byModel,
                  cell);
          Map<String, Object> row = new HashMap<>();
          for (String field : fields) {
            row.put(field, point.getFieldValue(field));
          }
          rows.put(key.cellKey(), row);
        }
      }
    } catch (Exception e) {
      return Map.of(); // the sink has not created the measures yet
    }
    return rows;
  }

  /** A cell with a distinct value in every field. */
  private static AppCell cell(
      AppDimension dimension, String application, String provider, String model, long calls) {
    AppCell c = AppCell.at(MINUTE, dimension, application, provider, model);
    c.calls = calls;
    c.errors = 1;
    c.successRate = (calls - 1) / (double) calls;
    c.latencyAvgMs = 812.5;
    c.latencyP50Ms = 500.25;
    c.latencyP75Ms = 750.5;
    c.latencyP90Ms = 900.75;
    c.latencyP95Ms = 950.125;
    c.latencyP99Ms = 990.0625;
    c.latencySumMs = 812 * calls;
    c.inputTokens = 1000 * calls;
    c.outputTokens = 200 * calls;
    c.cacheReadTokens = 300;
    c.cacheCreationTokens = 40;
    c.reasoningTokens = 5;
    c.inputTokensAvg = 1000;
    c.outputTokensAvg = 200;
    c.cacheReadTokensAvg = 300.0 / calls;
    c.cacheCreationTokensAvg = 40.0 / calls;
    c.reasoningTokensAvg = 5.0 / calls;
    c.costPicos = 123_456_789_012L;
    c.estimatedCost = 0.123456789012;
    c.estimatedCostAvg = 0.123456789012 / calls;
    c.cacheSavingsPicos = 9_876_543;
    c.unpricedTokens = 7;
    c.ttftCount = 2;
    c.ttftAvgMs = 250.5;
    c.ttftP50Ms = 240.25;
    c.ttftP75Ms = 245.5;
    c.ttftP90Ms = 248.75;
    c.ttftP95Ms = 249.125;
    c.ttftP99Ms = 249.9;
    c.ttftSumMs = 501;
    c.streamingCalls = 2;
    c.streamingShare = 2.0 / calls;
    return c;
  }

  /** Cell key → store name → value, of every application measure. */
  private static Map<String, Map<String, Object>> read(String target) {
    Map<String, Map<String, Object>> rows = new HashMap<>();
    try (BanyanDbQueryClient connection = BanyanDbQueryClient.open(target)) {
      BanyanDBClient client = connection.client();
      Set<String> fields = new HashSet<>();
      for (AppCellField field : AppCellField.values()) {
        fields.add(field.storeName());
      }
      for (AppDimension dimension : AppDimension.values()) {
        MeasureQuery query =
            new MeasureQuery(
                List.of(GROUP),
                AppCellStoreNames.measureName(dimension),
                new TimestampRange(MINUTE - 60_000, MINUTE + 60_000),
                dimension.tags().stream().collect(toSet()),
                fields);
        for (DataPoint point : client.query(query).getDataPoints()) {
          List<String> values = new ArrayList<>();
          for (String tag : dimension.tags()) {
            values.add(point.getTagValue(tag));
          }
          AppCell key =
              AppCell.at(
                  point.getTimestamp(),
                  dimension,
                  dimension.tags().contains(AppCell.APPLICATION) ? values.get(0) : "",
                  values.get(dimension.tags().indexOf(AppCell.PROVIDER)),
                  dimension.tags().contains(AppCell.MODEL) ? values.get(values.size() - 1) : "");
          Map<String, Object> row = new HashMap<>();
          for (String field : fields) {
            row.put(field, point.getFieldValue(field));
          }
          rows.put(key.cellKey(), row);
        }
      }
    } catch (Exception e) {
      return Map.of(); // the sink has not created the measures yet
    }
    return rows;
  }
}
