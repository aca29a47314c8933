package dev.aigw.insight.job.spans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigw.insight.banyandb.BanyanDbQueryClient;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.aggregate.spans.AppCellsPipeline;
import dev.aigw.insight.job.aggregate.spans.AppRollUps;
import dev.aigw.insight.job.decode.spans.LlmSpanDecoder;
import dev.aigw.insight.job.emit.BothCellStores;
import dev.aigw.insight.job.emit.CellFamily;
import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.testing.AppSpanTraffic;
import dev.aigw.insight.job.testing.ManualClock;
import dev.aigw.insight.job.testing.OpenSearchDocuments;
import dev.aigw.insight.job.time.EventTimeBounds;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.schema.app.AppCell;
import dev.aigw.insight.schema.app.AppCellField;
import dev.aigw.insight.schema.app.AppCellStoreNames;
import dev.aigw.insight.schema.app.AppDimension;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.sink.banyandb.standin.BanyanDbStandIn;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import dev.aigw.insight.testing.Await;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.skywalking.banyandb.v1.client.BanyanDBClient;
import org.apache.skywalking.banyandb.v1.client.DataPoint;
import org.apache.skywalking.banyandb.v1.client.MeasureQuery;
import org.apache.skywalking.banyandb.v1.client.TimestampRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Application hour and day cells (spans) on a MiniCluster: LLM-call spans of every convention
 * ({@link AppSpanTraffic}) plus calls of varied latency and tokens, in minutes spread over four
 * hours across a UTC midnight, sent through the real OpenTelemetry SDK tracer, decoded by the job's
 * span decoder and analysed by the application cells' pipeline and its roll-ups. Every hour and day
 * cell must equal the same calls aggregated directly over its hour or day, value by value: sums and
 * counts exactly, averages and shares over the calls, percentiles those of the merged bucket
 * counts. Some exports reach the job after later ones (behind the watermark, within the allowed
 * lateness), among them the last minute before midnight, after its hour and day have fired: their
 * minute, hour and day are rewritten. The hour and day cells are also written by the OpenSearch
 * sink (monthly and yearly indices) and read back.
 */
class AppHourDayCellsITCase {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .build());

  private static final long MS = 1_000_000L;
  private static final long MINUTE = 60_000L;
  private static final long MIDNIGHT = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
  private static final PriceTable PRICES = PriceTable.loadDefault();

  @Test
  void hourAndDayApplicationCellsEqualTheCallsAggregatedOverTheHourAndTheDay() throws Exception {
    // the traffic: minutes 22:03, 22:10, ... to 01:26, and 23:59; calls of every application
    List<Long> minutes = new ArrayList<>();
    for (long m = MIDNIGHT - 117 * MINUTE; m < MIDNIGHT + 90 * MINUTE; m += 7 * MINUTE) {
      minutes.add(m);
    }
    minutes.add(MIDNIGHT - MINUTE);
    minutes.sort(Long::compare);
    AppSpanTraffic traffic = new AppSpanTraffic();
    Random random = new Random(19);
    Map<Long, List<AppSpanTraffic.Call>> callsByMinute = new TreeMap<>();
    List<List<ExportTraceServiceRequest>> exportsByMinute = new ArrayList<>();
    for (long minute : minutes) {
      int before = traffic.expected.size();
      List<ExportTraceServiceRequest> exports = new ArrayList<>();
      traffic.sendTraffic(
          minute, (service, calls) -> exports.add(export(service, tracer -> calls.accept(tracer))));
      exports.add(export("varied", tracer -> variedCalls(tracer, minute, random, traffic)));
      callsByMinute.put(
          minute, List.copyOf(traffic.expected.subList(before, traffic.expected.size())));
      exportsByMinute.add(exports);
    }

    // in time order, except every third minute and 23:59 (after its hour and day fired), which
    // arrive after the next minute's
    List<LlmCall> calls = new ArrayList<>();
    LlmSpanDecoder decoder =
        new LlmSpanDecoder(
            PRICES,
            new EventTimeBounds(
                Duration.ofDays(1), Duration.ofDays(3), new ManualClock(MIDNIGHT + 3 * 3_600_000)),
            256);
    for (int i = 0; i < exportsByMinute.size(); i++) {
      boolean late =
          (i % 3 == 0 || minutes.get(i) == MIDNIGHT - MINUTE) && i + 1 < exportsByMinute.size();
      if (late) {
        decode(decoder, exportsByMinute.get(i + 1), calls);
        decode(decoder, exportsByMinute.get(i), calls);
        i++;
      } else {
        decode(decoder, exportsByMinute.get(i), calls);
      }
    }

    try (BanyanDbStandIn standIn = BanyanDbStandIn.start();
        EmbeddedOpenSearch openSearch = EmbeddedOpenSearch.builder().httpPort(0).start()) {
      Map<CellResolution, Map<String, AppCell>> cells =
          run(calls, openSearch.httpUri(), standIn.target());

      for (CellResolution resolution : CellResolution.values()) {
        Map<String, Map<String, Number>> want = expected(callsByMinute, resolution);
        Map<String, AppCell> got = cells.get(resolution);
        assertThat(got.keySet()).as(resolution + " cells").isEqualTo(want.keySet());
        want.forEach((key, values) -> assertValues(key, values, got.get(key)));
      }
      assertThat(starts(cells.get(CellResolution.HOUR))).hasSize(4); // 22:00 to 01:00
      assertThat(starts(cells.get(CellResolution.DAY))).hasSize(2);

      // the stores hold the last write of each cell (rewrites overwrote, nothing twice)
      for (CellResolution resolution : List.of(CellResolution.HOUR, CellResolution.DAY)) {
        Map<String, Map<String, Number>> want = expected(callsByMinute, resolution);
        String prefix = AppCellStoreNames.indexPrefix(resolution);
        Map<String, JsonNode> stored =
            Await.value(
                Duration.ofSeconds(60),
                want.size() + " " + resolution + " application cells in OpenSearch",
                () -> OpenSearchDocuments.byId(openSearch.httpUri(), prefix, 1000),
                docs -> docs.size() >= want.size());
        assertThat(stored.keySet()).as(resolution + " documents").isEqualTo(want.keySet());
        assertThat(OpenSearchDocuments.indices(openSearch.httpUri(), prefix))
            .as(resolution + " indices")
            .containsExactlyInAnyOrderElementsOf(
                resolution == CellResolution.HOUR
                    ? List.of(prefix + "-2025.12", prefix + "-2026.01")
                    : List.of(prefix + "-2025", prefix + "-2026"));
        want.forEach(
            (key, values) ->
                values.forEach(
                    (field, value) ->
                        assertNumber(key + " " + field, stored.get(key).path(field), value)));
        Map<String, Map<String, Object>> rows =
            Await.value(
                Duration.ofSeconds(60),
                want.size() + " " + resolution + " application cells in BanyanDB",
                () -> storedRows(standIn.target(), resolution),
                r -> r.size() >= want.size());
        assertThat(rows.keySet()).as(resolution + " rows").isEqualTo(want.keySet());
        want.forEach(
            (key, values) ->
                values.forEach(
                    (field, value) -> {
                      Object got = rows.get(key).get(field);
                      String what = key + " " + field + " in BanyanDB";
                      if (value instanceof Long) {
                        assertThat(got).as(what).isEqualTo(value);
                      } else {
                        double v = value.doubleValue();
                        assertThat(((Number) got).doubleValue())
                            .as(what)
                            .isCloseTo(v, within(1e-9 * Math.max(1, v)));
                      }
                    }));
      }
    }
  }

  /** One to four calls of application {@code varied} with latencies across the histogram. */
  private static void variedCalls(Tracer tracer, long minute, Random random, AppSpanTraffic t) {
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n; i++) {
      long start = (minute + 30_000 + i * 1_000L) * MS;
      long duration = 5 + random.nextInt(20_000);
      long in = 1 + random.nextInt(2_000);
      long out = 1 + random.nextInt(500);
      Span chat = AppSpanTraffic.llm(tracer, Context.root(), start);
      AppSpanTraffic.otel(chat, "openai", "gpt-4o", "gpt-4o", in, out);
      chat.end(start + duration * MS, TimeUnit.NANOSECONDS);
      t.expect("varied", "openai", "gpt-4o", duration, in, out, 0, 0, 0, false, false, -1);
    }
  }

  private static ExportTraceServiceRequest export(
      String service, java.util.function.Consumer<Tracer> calls) {
    Collection<SpanData> spans =
        AppSpanTraffic.export(service, new AppSpanTraffic.NoExporter(), calls);
    try {
      return ExportTraceServiceRequest.parseFrom(AppSpanTraffic.serialized(spans));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void decode(
      LlmSpanDecoder decoder, List<ExportTraceServiceRequest> exports, List<LlmCall> calls) {
    DecodeOutput<LlmCall> out =
        new DecodeOutput<>() {
          @Override
          public void emit(LlmCall record) {
            calls.add(record);
          }

          @Override
          public void reject(long count, String reason) {}
        };
    for (ExportTraceServiceRequest export : exports) {
      decoder.decodeTraces(export, out);
    }
  }

  /**
   * The application cells' pipeline and its roll-ups over the calls (watermarks right behind the
   * newest call, so that a later-sent minute is behind them), the hour and day cells also to
   * OpenSearch; the last emission of each cell of each resolution.
   */
  private static Map<CellResolution, Map<String, AppCell>> run(
      List<LlmCall> calls, URI openSearch, String banyanDb) throws Exception {
    AnalysisConfig config =
        AnalysisConfig.builder().allowedLateness(Duration.ofMinutes(15)).build();
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    DataStream<LlmCall> in =
        env.fromData(calls, TypeInformation.of(LlmCall.class))
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<LlmCall>forGenerator(ctx -> new RightBehind())
                    .withTimestampAssigner((call, previous) -> call.eventTimeMs()));
    SingleOutputStreamOperator<AppCell> minutes =
        AppCellsPipeline.cells(in, config, JobClock.SYSTEM);
    AppRollUps.RollUps rollUps = AppRollUps.build(minutes, config);
    sink(rollUps.hours(), CellResolution.HOUR, openSearch, banyanDb);
    sink(rollUps.days(), CellResolution.DAY, openSearch, banyanDb);
    Map<CellResolution, Map<String, AppCell>> last = new EnumMap<>(CellResolution.class);
    for (CellResolution r : CellResolution.values()) {
      last.put(r, new TreeMap<>());
    }
    try (CloseableIterator<Tuple2<String, AppCell>> it =
        tagged(minutes, CellResolution.MINUTE)
            .union(
                tagged(rollUps.hours(), CellResolution.HOUR),
                tagged(rollUps.days(), CellResolution.DAY))
            .executeAndCollect("app-hour-day-it")) {
      it.forEachRemaining(t -> last.get(CellResolution.valueOf(t.f0)).put(t.f1.cellKey(), t.f1));
    }
    return last;
  }

  private static DataStream<Tuple2<String, AppCell>> tagged(
      DataStream<AppCell> cells, CellResolution resolution) {
    String name = resolution.name();
    return cells
        .map(c -> Tuple2.of(name, c))
        .returns(Types.TUPLE(Types.STRING, TypeInformation.of(AppCell.class)));
  }

  private static void sink(
      DataStream<AppCell> cells, CellResolution resolution, URI openSearch, String banyanDb) {
    BothCellStores.sink(
        cells,
        CellFamily.APPLICATION,
        resolution,
        AppCellStoreNames.indexPrefix(resolution),
        new Configuration(),
        banyanDb,
        openSearch);
  }

  /** Watermarks right behind the newest call, emitted with each call. */
  private static final class RightBehind implements WatermarkGenerator<LlmCall> {
    private long max = Long.MIN_VALUE;

    @Override
    public void onEvent(LlmCall event, long timestamp, WatermarkOutput output) {
      max = Math.max(max, timestamp);
      output.emitWatermark(new Watermark(max - 1));
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {}
  }

  // ---- the expectation: the calls aggregated directly over each period

  /** Cell key → store name → value of every cell of a resolution, from the calls themselves. */
  private static Map<String, Map<String, Number>> expected(
      Map<Long, List<AppSpanTraffic.Call>> callsByMinute, CellResolution resolution) {
    Map<String, List<AppSpanTraffic.Call>> groups = new TreeMap<>();
    callsByMinute.forEach(
        (minute, calls) -> {
          long start = resolution.startOf(minute);
          for (AppSpanTraffic.Call c : calls) {
            add(groups, start, AppDimension.APPLICATION_MODEL, c.app() + "|" + c.provider(), c);
            add(groups, start, AppDimension.PROVIDER, c.provider(), c);
            add(groups, start, AppDimension.PROVIDER_MODEL, c.provider(), c);
          }
        });
    Map<String, Map<String, Number>> cells = new TreeMap<>();
    groups.forEach((key, calls) -> cells.put(key, AppSpanTraffic.values(calls)));
    return cells;
  }

  private static void add(
      Map<String, List<AppSpanTraffic.Call>> groups,
      long start,
      AppDimension dimension,
      String coordinates,
      AppSpanTraffic.Call call) {
    String withModel =
        dimension == AppDimension.PROVIDER ? coordinates : coordinates + "|" + call.model();
    groups
        .computeIfAbsent(AppSpanTraffic.key(start, dimension, withModel), k -> new ArrayList<>())
        .add(call);
  }

  private static void assertValues(String key, Map<String, Number> want, AppCell cell) {
    for (AppCellField field : AppCellField.values()) {
      Number value = want.get(field.storeName());
      assertThat(value).as(key + " " + field.storeName() + " expected").isNotNull();
      Number got = field.value(cell);
      String what = key + " " + field.storeName();
      if (value instanceof Long) {
        assertThat(got.longValue()).as(what).isEqualTo(value.longValue());
      } else {
        double v = value.doubleValue();
        assertThat(got.doubleValue()).as(what).isCloseTo(v, within(1e-9 * Math.max(1, v)));
      }
    }
  }

  private static void assertNumber(String what, JsonNode stored, Number value) {
    if (value instanceof Long) {
      assertThat(stored.isIntegralNumber()).as(what + " is an integer").isTrue();
      assertThat(stored.asLong()).as(what).isEqualTo(value.longValue());
    } else {
      double v = value.doubleValue();
      assertThat(stored.asDouble()).as(what).isCloseTo(v, within(1e-9 * Math.max(1, v)));
    }
  }

  private static List<Long> starts(Map<String, AppCell> cells) {
    return cells.values().stream().map(c -> c.windowStartMs).distinct().toList();
  }

  // ---- reading the store

  /** Cell key → store name → value of every application measure of a resolution. */
  private static Map<String, Map<String, Object>> storedRows(
      String target, CellResolution resolution) {
    Map<String, Map<String, Object>> rows = new HashMap<>();
    Set<String> fields = new HashSet<>();
    for (AppCellField field : AppCellField.values()) {
      fields.add(field.storeName());
    }
    try (BanyanDbQueryClient connection = BanyanDbQueryClient.open(target)) {
      BanyanDBClient client = connection.client();
      for (AppDimension dimension : AppDimension.values()) {
        MeasureQuery query =
            new MeasureQuery(
                List.of(resolution.defaultGroup()),
                AppCellStoreNames.measureName(dimension, resolution),
                new TimestampRange(MIDNIGHT - 2 * 86_400_000L, MIDNIGHT + 2 * 86_400_000L),
                new HashSet<>(dimension.tags()),
                fields);
        for (DataPoint point : client.query(query).getDataPoints()) {
          Map<String, String> tags = new HashMap<>();
          for (String tag : dimension.tags()) {
            tags.put(tag, point.getTagValue(tag));
          }
          AppCell key =
              AppCell.at(
                  point.getTimestamp(),
                  dimension,
                  tags.getOrDefault(AppCell.APPLICATION, ""),
                  tags.get(AppCell.PROVIDER),
                  tags.getOrDefault(AppCell.MODEL, ""));
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
