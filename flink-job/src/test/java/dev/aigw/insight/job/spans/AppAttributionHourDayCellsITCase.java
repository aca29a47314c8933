package dev.aigw.insight.job.spans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigw.insight.banyandb.BanyanDbQueryClient;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.aggregate.spans.AppAttributionPipeline;
import dev.aigw.insight.job.aggregate.spans.AppAttributionRollUps;
import dev.aigw.insight.job.decode.AttributionValues;
import dev.aigw.insight.job.decode.spans.LlmSpanDecoder;
import dev.aigw.insight.job.emit.BothCellStores;
import dev.aigw.insight.job.emit.CellFamily;
import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.AttributionConfig;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.testing.AppSpanTraffic;
import dev.aigw.insight.job.testing.ManualClock;
import dev.aigw.insight.job.testing.OpenSearchDocuments;
import dev.aigw.insight.job.time.EventTimeBounds;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.schema.app.AppAttributionCell;
import dev.aigw.insight.schema.app.AppAttributionStoreNames;
import dev.aigw.insight.schema.app.AppCell;
import dev.aigw.insight.schema.app.AppCellField;
import dev.aigw.insight.schema.app.AppDimension;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.sink.banyandb.standin.BanyanDbStandIn;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import dev.aigw.insight.testing.Await;
import io.opentelemetry.api.common.Attributes;
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
import java.util.function.Consumer;
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
 * Application attribution hour and day cells (spans) on a MiniCluster: LLM-call spans of every
 * convention ({@link AppSpanTraffic}, without attribution values) plus calls of two applications
 * whose teams ({@code team.id}, on the span or absent) and tenants ({@code tenant.id}, on the
 * resource, overridden by the span) vary, with varied latency and tokens, in minutes spread over
 * four hours across a UTC midnight, sent through the real OpenTelemetry SDK tracer, decoded by the
 * job's span decoder (reading both attributes) and analysed by the application attribution cells'
 * pipeline and its roll-ups. Every minute, hour and day cell of every value (whole application and
 * per model) must equal the same calls aggregated directly over its period, value by value:
 * percentiles those of the merged bucket counts. Some exports reach the job after later ones
 * (behind the watermark, within the allowed lateness), among them the last minute before midnight,
 * after its hour and day have fired: their minute, hour and day are rewritten. The hour and day
 * cells are also written to OpenSearch (monthly and yearly indices) and the BanyanDB stand-in (hour
 * and day groups) and read back.
 */
class AppAttributionHourDayCellsITCase {

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
  private static final String TEAM = "team.id";
  private static final String TENANT = "tenant.id";
  private static final List<String> ATTRIBUTES = List.of(TEAM, TENANT);
  private static final List<String> TEAMS = List.of("search", "ads", "billing");

  /** A generated call with its attribution values as the job must count them. */
  private record Sent(AppSpanTraffic.Call call, Map<String, String> values) {}

  @Test
  void hourAndDayAttributionCellsEqualTheCallsOfEachValueAggregatedOverTheHourAndTheDay()
      throws Exception {
    // the traffic: minutes 22:03, 22:10, ... to 01:26, and 23:59
    List<Long> minutes = new ArrayList<>();
    for (long m = MIDNIGHT - 117 * MINUTE; m < MIDNIGHT + 90 * MINUTE; m += 7 * MINUTE) {
      minutes.add(m);
    }
    minutes.add(MIDNIGHT - MINUTE);
    minutes.sort(Long::compare);
    AppSpanTraffic traffic = new AppSpanTraffic();
    Random random = new Random(23);
    Map<Long, List<Sent>> sentByMinute = new TreeMap<>();
    List<List<ExportTraceServiceRequest>> exportsByMinute = new ArrayList<>();
    for (long minute : minutes) {
      List<Sent> sent = new ArrayList<>();
      List<ExportTraceServiceRequest> exports = new ArrayList<>();
      // every span convention, without a team or tenant: value none of both attributes
      int before = traffic.expected.size();
      traffic.sendTraffic(
          minute, (service, calls) -> exports.add(export(resource(service, null), calls::accept)));
      for (AppSpanTraffic.Call c : traffic.expected.subList(before, traffic.expected.size())) {
        sent.add(
            new Sent(c, Map.of(TEAM, AppAttributionCell.NONE, TENANT, AppAttributionCell.NONE)));
      }
      // teams on the spans; tenant acme on the resource of "shop", none for "desk", some spans
      // naming their own tenant (the span's value wins)
      exports.add(
          export(
              resource("shop", "acme"),
              tracer -> teamCalls(tracer, "shop", "acme", minute, random, traffic, sent)));
      exports.add(
          export(
              resource("desk", null),
              tracer -> teamCalls(tracer, "desk", null, minute, random, traffic, sent)));
      sentByMinute.put(minute, sent);
      exportsByMinute.add(exports);
    }

    // in time order, except every third minute and 23:59 (after its hour and day fired), which
    // arrive after the next minute's
    List<LlmCall> calls = new ArrayList<>();
    AttributionConfig attribution =
        AttributionConfig.of(String.join(",", ATTRIBUTES), null, 1000, null, null);
    LlmSpanDecoder decoder =
        new LlmSpanDecoder(
            PRICES,
            new EventTimeBounds(
                Duration.ofDays(1), Duration.ofDays(3), new ManualClock(MIDNIGHT + 3 * 3_600_000)),
            256,
            new AttributionValues(attribution, 256, 128));
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
      Map<CellResolution, Map<String, AppAttributionCell>> cells =
          run(calls, attribution, openSearch.httpUri(), standIn.target());

      for (CellResolution resolution : CellResolution.values()) {
        Map<String, Map<String, Number>> want = expected(sentByMinute, resolution);
        Map<String, AppAttributionCell> got = cells.get(resolution);
        assertThat(got.keySet()).as(resolution + " cells").isEqualTo(want.keySet());
        want.forEach((key, values) -> assertValues(key, values, got.get(key).cell));
      }
      assertThat(starts(cells.get(CellResolution.HOUR))).hasSize(4); // 22:00 to 01:00
      assertThat(starts(cells.get(CellResolution.DAY))).hasSize(2);
      // every value of both attributes, of the whole application and per model, has its cells
      assertThat(cells.get(CellResolution.DAY).values())
          .extracting(c -> c.attribute + "=" + c.value + (c.byModel ? "/model" : ""))
          .contains(
              "team.id=search",
              "team.id=ads/model",
              "team.id=billing",
              "team.id=none",
              "tenant.id=acme",
              "tenant.id=initech/model",
              "tenant.id=none");

      // the stores hold the last write of each cell (rewrites overwrote, nothing twice); a
      // rewritten document is searchable after the index's next refresh, so poll until it is
      for (CellResolution resolution : List.of(CellResolution.HOUR, CellResolution.DAY)) {
        Map<String, Map<String, Number>> want = expected(sentByMinute, resolution);
        String prefix = AppAttributionStoreNames.indexPrefix(resolution);
        URI uri = openSearch.httpUri();
        Await.upTo(Duration.ofSeconds(60), () -> holds(() -> assertDocuments(uri, prefix, want)));
        assertDocuments(uri, prefix, want);
        assertThat(OpenSearchDocuments.indices(uri, prefix))
            .as(resolution + " indices")
            .containsExactlyInAnyOrderElementsOf(
                resolution == CellResolution.HOUR
                    ? List.of(prefix + "-2025.12", prefix + "-2026.01")
                    : List.of(prefix + "-2025", prefix + "-2026"));
        String target = standIn.target();
        Await.upTo(Duration.ofSeconds(60), () -> holds(() -> assertRows(target, resolution, want)));
        assertRows(target, resolution, want);
      }
    }
  }

  /** Whether {@code assertions} pass (for polling a store until it holds the last writes). */
  private static boolean holds(Runnable assertions) {
    try {
      assertions.run();
      return true;
    } catch (AssertionError | IllegalStateException e) {
      return false;
    }
  }

  /** The OpenSearch documents of a resolution are exactly the expected cells, value by value. */
  private static void assertDocuments(
      URI openSearch, String prefix, Map<String, Map<String, Number>> want) {
    Map<String, JsonNode> stored;
    try {
      stored = OpenSearchDocuments.byId(openSearch, prefix, 2000);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    assertThat(stored.keySet()).as(prefix + " documents").isEqualTo(want.keySet());
    want.forEach(
        (key, values) ->
            values.forEach(
                (field, value) ->
                    assertNumber(key + " " + field, stored.get(key).path(field), value)));
  }

  /** The BanyanDB rows of a resolution are exactly the expected cells, value by value. */
  private static void assertRows(
      String target, CellResolution resolution, Map<String, Map<String, Number>> want) {
    Map<String, Map<String, Object>> rows = storedRows(target, resolution);
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

  private static Attributes resource(String service, String tenant) {
    return tenant == null
        ? Attributes.builder().put("service.name", service).build()
        : Attributes.builder().put("service.name", service).put(TENANT, tenant).build();
  }

  /**
   * Two to five calls of {@code app} with latencies across the histogram, two models, a team on
   * most spans (none on the others) and on every fourth span the tenant {@code initech}, which wins
   * over the resource's {@code resourceTenant}.
   */
  private static void teamCalls(
      Tracer tracer,
      String app,
      String resourceTenant,
      long minute,
      Random random,
      AppSpanTraffic t,
      List<Sent> sent) {
    int n = 2 + random.nextInt(4);
    for (int i = 0; i < n; i++) {
      long start = (minute + 20_000 + i * 1_000L) * MS;
      long duration = 5 + random.nextInt(20_000);
      long in = 1 + random.nextInt(2_000);
      long out = 1 + random.nextInt(500);
      String model = random.nextBoolean() ? "gpt-4o" : "gpt-4o-mini";
      Span chat = AppSpanTraffic.llm(tracer, Context.root(), start);
      AppSpanTraffic.otel(chat, "openai", model, model, in, out);
      int pick = random.nextInt(TEAMS.size() + 1);
      String team = pick < TEAMS.size() ? TEAMS.get(pick) : AppAttributionCell.NONE;
      if (pick < TEAMS.size()) {
        chat.setAttribute(TEAM, team);
      }
      String tenant = resourceTenant == null ? AppAttributionCell.NONE : resourceTenant;
      if (random.nextInt(4) == 0) {
        chat.setAttribute(TENANT, "initech");
        tenant = "initech";
      }
      chat.end(start + duration * MS, TimeUnit.NANOSECONDS);
      t.expect(app, "openai", model, duration, in, out, 0, 0, 0, false, false, -1);
      sent.add(new Sent(t.expected.get(t.expected.size() - 1), Map.of(TEAM, team, TENANT, tenant)));
    }
  }

  private static ExportTraceServiceRequest export(Attributes resource, Consumer<Tracer> calls) {
    Collection<SpanData> spans =
        AppSpanTraffic.export(resource, new AppSpanTraffic.NoExporter(), calls);
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
   * The attribution cells' pipeline and its roll-ups over the calls (watermarks right behind the
   * newest call, so that a later-sent minute is behind them), the hour and day cells also to
   * OpenSearch and BanyanDB; the last emission of each cell of each resolution.
   */
  private static Map<CellResolution, Map<String, AppAttributionCell>> run(
      List<LlmCall> calls, AttributionConfig attribution, URI openSearch, String banyanDb)
      throws Exception {
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
    SingleOutputStreamOperator<AppAttributionCell> minutes =
        AppAttributionPipeline.cells(in, config, attribution, JobClock.SYSTEM);
    AppAttributionRollUps.RollUps rollUps = AppAttributionRollUps.build(minutes, config);
    sink(rollUps.hours(), CellResolution.HOUR, openSearch, banyanDb);
    sink(rollUps.days(), CellResolution.DAY, openSearch, banyanDb);
    Map<CellResolution, Map<String, AppAttributionCell>> last = new EnumMap<>(CellResolution.class);
    for (CellResolution r : CellResolution.values()) {
      last.put(r, new TreeMap<>());
    }
    try (CloseableIterator<Tuple2<String, AppAttributionCell>> it =
        tagged(minutes, CellResolution.MINUTE)
            .union(
                tagged(rollUps.hours(), CellResolution.HOUR),
                tagged(rollUps.days(), CellResolution.DAY))
            .executeAndCollect("app-attribution-hour-day-it")) {
      it.forEachRemaining(t -> last.get(CellResolution.valueOf(t.f0)).put(t.f1.cellKey(), t.f1));
    }
    return last;
  }

  private static DataStream<Tuple2<String, AppAttributionCell>> tagged(
      DataStream<AppAttributionCell> cells, CellResolution resolution) {
    String name = resolution.name();
    return cells
        .map(c -> Tuple2.of(name, c))
        .returns(Types.TUPLE(Types.STRING, TypeInformation.of(AppAttributionCell.class)));
  }

  private static void sink(
      DataStream<AppAttributionCell> cells,
      CellResolution resolution,
      URI openSearch,
      String banyanDb) {
    Configuration schema = new Configuration();
    schema.setString("attribution.attributes", String.join(",", ATTRIBUTES));
    BothCellStores.sink(
        cells,
        CellFamily.APPLICATION_ATTRIBUTION,
        resolution,
        AppAttributionStoreNames.indexPrefix(resolution),
        schema,
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

  // ---- the expectation: the calls of each value aggregated directly over each period

  /** Cell key → store name → value of every attribution cell of a resolution, from the calls. */
  private static Map<String, Map<String, Number>> expected(
      Map<Long, List<Sent>> sentByMinute, CellResolution resolution) {
    Map<String, List<AppSpanTraffic.Call>> groups = new TreeMap<>();
    sentByMinute.forEach(
        (minute, sent) -> {
          long start = resolution.startOf(minute);
          for (Sent s : sent) {
            AppSpanTraffic.Call c = s.call();
            for (String attribute : ATTRIBUTES) {
              String value = s.values().get(attribute);
              for (boolean byModel : new boolean[] {false, true}) {
                AppCell at =
                    AppCell.at(
                        start,
                        AppDimension.APPLICATION_MODEL,
                        c.app(),
                        byModel ? c.provider() : AppCell.ABSENT,
                        byModel ? c.model() : AppCell.ABSENT);
                String key = new AppAttributionCell(attribute, value, byModel, at).cellKey();
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
              }
            }
          }
        });
    Map<String, Map<String, Number>> cells = new TreeMap<>();
    groups.forEach((key, calls) -> cells.put(key, AppSpanTraffic.values(calls)));
    return cells;
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

  private static List<Long> starts(Map<String, AppAttributionCell> cells) {
    return cells.values().stream().map(c -> c.cell.windowStartMs).distinct().toList();
  }

  // ---- reading the stores

  /** Cell key → store name → value of both attribution measures of a resolution. */
  private static Map<String, Map<String, Object>> storedRows(
      String target, CellResolution resolution) {
    Map<String, Map<String, Object>> rows = new HashMap<>();
    Set<String> fields = new HashSet<>();
    for (AppCellField field : AppCellField.values()) {
      fields.add(field.storeName());
    }
    try (BanyanDbQueryClient connection = BanyanDbQueryClient.open(target)) {
      BanyanDBClient client = connection.client();
      for (boolean byModel : new boolean[] {false, true}) {
        List<String> tags = AppAttributionStoreNames.entityTags(byModel);
        MeasureQuery query =
            new MeasureQuery(
                List.of(resolution.defaultGroup()),
                AppAttributionStoreNames.measureName(byModel, resolution),
                new TimestampRange(MIDNIGHT - 2 * 86_400_000L, MIDNIGHT + 2 * 86_400_000L),
                new HashSet<>(tags),
                fields);
        for (DataPoint point : client.query(query).getDataPoints()) {
          AppCell at =
              AppCell.at(
                  point.getTimestamp(),
                  AppDimension.APPLICATION_MODEL,
                  point.getTagValue(AppCell.APPLICATION),
                  byModel ? point.getTagValue(AppCell.PROVIDER) : AppCell.ABSENT,
                  byModel ? point.getTagValue(AppCell.MODEL) : AppCell.ABSENT);
          String key =
              new AppAttributionCell(
                      point.getTagValue(AppAttributionStoreNames.ATTRIBUTE),
                      point.getTagValue(AppAttributionStoreNames.VALUE),
                      byModel,
                      at)
                  .cellKey();
          Map<String, Object> row = new HashMap<>();
          for (String field : fields) {
            row.put(field, point.getFieldValue(field));
          }
          rows.put(key, row);
        }
      }
    } catch (Exception e) {
      return Map.of(); // the sink has not created the measures yet
    }
    return rows;
  }
}
