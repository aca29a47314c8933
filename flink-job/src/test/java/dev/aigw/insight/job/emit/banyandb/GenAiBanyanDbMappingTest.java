package dev.aigw.insight.job.emit.banyandb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.options.RollUpOptions;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import dev.aigw.insight.sink.banyandb.BanyanDbOutput;
import dev.aigw.insight.sink.banyandb.MeasurePoint;
import dev.aigw.insight.sink.banyandb.StreamElement;
import dev.aigw.insight.sink.banyandb.schema.BanyanDbSchema;
import dev.aigw.insight.sink.banyandb.schema.FieldSpec;
import dev.aigw.insight.sink.banyandb.schema.MeasureSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The GenAI schema, the cell emitter and the access-log emitter. */
class GenAiBanyanDbMappingTest {
  private final List<MeasurePoint> points = new ArrayList<>();
  private final List<StreamElement> elements = new ArrayList<>();
  private final BanyanDbOutput output =
      new BanyanDbOutput() {
        @Override
        public void measure(MeasurePoint point) {
          points.add(point);
        }

        @Override
        public void stream(StreamElement element) {
          elements.add(element);
        }
      };

  @Test
  void theSchemaHasOneMeasurePerScopeAndDimensionWithTheDefaultGroup() {
    Configuration minutesOnly = new Configuration();
    minutesOnly.set(RollUpOptions.ENABLED, false);
    BanyanDbSchema schema = GenAiMeasures.schema(minutesOnly);

    assertThat(schema.groups())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.name()).isEqualTo("genai_minute");
              assertThat(g.shardNum()).isEqualTo(2);
              assertThat(g.segmentInterval()).isEqualTo(Duration.ofDays(1));
              assertThat(g.ttl()).isEqualTo(Duration.ofDays(7));
            });
    assertThat(schema.measures())
        .extracting(m -> m.name() + m.entityTags())
        .containsExactly(
            "genai_service_minute[service]",
            "genai_service_provider_minute[service, provider]",
            "genai_service_model_minute[service, provider, model]",
            "genai_instance_minute[service, instance]",
            "genai_instance_provider_minute[service, instance, provider]",
            "genai_instance_model_minute[service, instance, provider, model]",
            "genai_apps_application_model_minute[application, provider, model]",
            "genai_apps_provider_minute[provider]",
            "genai_apps_provider_model_minute[provider, model]");
    assertThat(schema.measures()).allSatisfy(m -> assertThat(m.interval()).hasMinutes(1));
    assertThat(schema.streams()).isEmpty();
  }

  @Test
  void theHourAndDayCellsHaveTheirGroupsAndMeasuresByDefault() {
    BanyanDbSchema schema = GenAiMeasures.schema(new Configuration());

    assertThat(schema.groups())
        .extracting(
            g ->
                g.name()
                    + "/"
                    + g.shardNum()
                    + "/"
                    + g.segmentInterval().toDays()
                    + "/"
                    + g.ttl().toDays())
        .containsExactlyInAnyOrder("genai_minute/2/1/7", "genai_hour/1/5/90", "genai_day/1/15/730");
    assertThat(schema.measures())
        .filteredOn(m -> m.group().equals("genai_hour") && !m.name().startsWith("genai_apps_"))
        .extracting(m -> m.name() + m.entityTags() + m.interval())
        .containsExactly(
            "genai_service_hour[service]PT1H",
            "genai_service_provider_hour[service, provider]PT1H",
            "genai_service_model_hour[service, provider, model]PT1H",
            "genai_instance_hour[service, instance]PT1H",
            "genai_instance_provider_hour[service, instance, provider]PT1H",
            "genai_instance_model_hour[service, instance, provider, model]PT1H");
    assertThat(schema.measures())
        .filteredOn(m -> m.group().equals("genai_day") && !m.name().startsWith("genai_apps_"))
        .hasSize(6)
        .allSatisfy(
            m -> {
              assertThat(m.name()).endsWith("_day");
              assertThat(m.interval()).isEqualTo(Duration.ofDays(1));
              assertThat(m.fields()).isEqualTo(GenAiMeasures.FIELDS);
            });
  }

  @Test
  void withAttributionTheHourAndDayGroupsAlsoHoldTheAttributionMeasures() {
    Configuration conf = new Configuration();
    conf.setString("attribution.attributes", "team.id");
    BanyanDbSchema schema = GenAiMeasures.schema(conf);
    assertThat(schema.measures())
        .filteredOn(
            m -> m.name().startsWith("genai_attribution_") && !m.group().equals("genai_minute"))
        .extracting(m -> m.group() + "/" + m.name() + m.entityTags() + m.interval())
        .containsExactlyInAnyOrder(
            "genai_hour/genai_attribution_service_hour[service, attribute, value]PT1H",
            "genai_hour/genai_attribution_service_model_hour"
                + "[service, attribute, value, provider, model]PT1H",
            "genai_day/genai_attribution_service_day[service, attribute, value]PT24H",
            "genai_day/genai_attribution_service_model_day"
                + "[service, attribute, value, provider, model]PT24H");
    // without attribution (or without roll-ups) none
    assertThat(GenAiMeasures.schema(new Configuration()).measures())
        .noneMatch(m -> m.name().startsWith("genai_attribution_"));
    conf.setString("cells.rollups.enabled", "false");
    assertThat(GenAiMeasures.schema(conf).measures())
        .filteredOn(m -> m.name().startsWith("genai_attribution_"))
        .allSatisfy(m -> assertThat(m.group()).isEqualTo("genai_minute"));
  }

  @Test
  void theHourAndDayGroupsAlsoHoldTheApplicationMeasures() {
    BanyanDbSchema schema = GenAiMeasures.schema(new Configuration());
    assertThat(schema.measures())
        .filteredOn(m -> m.name().startsWith("genai_apps_") && !m.group().equals("genai_minute"))
        .extracting(m -> m.group() + "/" + m.name() + m.entityTags() + m.interval())
        .containsExactlyInAnyOrder(
            "genai_hour/genai_apps_application_model_hour[application, provider, model]PT1H",
            "genai_hour/genai_apps_provider_hour[provider]PT1H",
            "genai_hour/genai_apps_provider_model_hour[provider, model]PT1H",
            "genai_day/genai_apps_application_model_day[application, provider, model]PT24H",
            "genai_day/genai_apps_provider_day[provider]PT24H",
            "genai_day/genai_apps_provider_model_day[provider, model]PT24H");
    assertThat(schema.measures())
        .filteredOn(m -> m.name().startsWith("genai_apps_"))
        .allSatisfy(m -> assertThat(m.fields()).isEqualTo(AppCellMeasures.FIELDS));
    // without roll-ups only the minute ones
    Configuration off = new Configuration();
    off.setString("cells.rollups.enabled", "false");
    assertThat(GenAiMeasures.schema(off).measures())
        .filteredOn(m -> m.name().startsWith("genai_apps_"))
        .allSatisfy(m -> assertThat(m.group()).isEqualTo("genai_minute"));
  }

  @Test
  void eachResolutionNeedsAGroupOfItsOwn() {
    Configuration conf = new Configuration();
    conf.set(GenAiStorageOptions.HOUR_GROUP, "genai_minute");
    assertThatThrownBy(() -> GenAiMeasures.schema(conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid value 'genai_minute' for 'banyandb.genai.hour.group': must differ from the"
                + " minute and the day group (each has its own TTL)");
  }

  @Test
  void groupSettingsAndTheLogStreamFollowTheOptions() {
    Configuration conf = new Configuration();
    conf.set(GenAiStorageOptions.MINUTE_GROUP, "m");
    conf.set(GenAiStorageOptions.MINUTE_TTL, Duration.ofDays(30));
    conf.set(GenAiStorageOptions.LOGS_ENABLED, true);
    conf.set(RollUpOptions.ENABLED, false);
    BanyanDbSchema schema = GenAiMeasures.schema(conf);

    assertThat(schema.groups())
        .extracting(g -> g.name() + "/" + g.ttl().toDays())
        .containsExactly("m/30", "genai_logs/3");
    assertThat(schema.measures()).allSatisfy(m -> assertThat(m.group()).isEqualTo("m"));
    assertThat(schema.stream("genai_logs", AccessLogStream.NAME))
        .get()
        .satisfies(
            stream -> {
              assertThat(stream.entityTags()).containsExactly("service", "instance");
              assertThat(stream.indexedTags())
                  .containsExactly("provider", "model", "status_code", "request_id");
            });
  }

  @Test
  void aModelCellGoesToItsMeasureWithEveryValueUnderItsFieldName() {
    MinuteCell cell = new MinuteCell();
    cell.windowStartMs = 1_764_178_200_000L;
    cell.scope = Scope.INSTANCE;
    cell.dimension = Dimension.MODEL;
    cell.service = "gw";
    cell.instance = "pod-1";
    cell.provider = "openai";
    cell.model = "gpt-4o";
    cell.requests = 1;
    cell.errors = 2;
    cell.latencyAvgMs = 3;
    cell.latencyP50Ms = 4;
    cell.latencyP75Ms = 5;
    cell.latencyP90Ms = 6;
    cell.latencyP95Ms = 7;
    cell.latencyP99Ms = 8;
    cell.ttftCount = 9;
    cell.ttftAvgMs = 10;
    cell.ttftP50Ms = 11;
    cell.ttftP75Ms = 12;
    cell.ttftP90Ms = 13;
    cell.ttftP95Ms = 14;
    cell.ttftP99Ms = 15;
    cell.tpotCount = 16;
    cell.tpotAvgMs = 17;
    cell.tpotP50Ms = 18;
    cell.tpotP75Ms = 19;
    cell.tpotP90Ms = 20;
    cell.tpotP95Ms = 21;
    cell.tpotP99Ms = 22;
    cell.inputTokens = 23;
    cell.outputTokens = 24;
    cell.cachedInputTokens = 25;
    cell.cacheCreationInputTokens = 26;
    cell.reasoningTokens = 27;
    cell.costPicos = 28;
    cell.estimatedCost = 29;
    cell.cacheSavingsPicos = 30;
    cell.cacheSavings = 31;
    cell.unpricedTokens = 32;
    cell.latencySumMs = 33;
    cell.ttftSumMs = 34;
    cell.tpotSumMs = 35;

    new MinuteCellEmitter("genai_minute").emit(cell, output);

    MeasurePoint point = points.get(0);
    assertThat(point.group()).isEqualTo("genai_minute");
    assertThat(point.measure()).isEqualTo("genai_instance_model_minute");
    assertThat(point.timestampMillis()).isEqualTo(1_764_178_200_000L);
    assertThat(point.tags())
        .containsExactly(
            Map.entry("service", "gw"),
            Map.entry("instance", "pod-1"),
            Map.entry("provider", "openai"),
            Map.entry("model", "gpt-4o"));
    // Fields in schema order carry 1..35, so every MinuteCell value has its own field.
    List<String> names = GenAiMeasures.FIELDS.stream().map(FieldSpec::name).toList();
    assertThat(point.fields().keySet()).containsExactlyElementsOf(names);
    for (int i = 0; i < names.size(); i++) {
      assertThat(((Number) point.fields().get(names.get(i))).doubleValue())
          .as(names.get(i))
          .isEqualTo(i + 1.0);
    }
    MeasureSpec spec =
        GenAiMeasures.schema(new Configuration())
            .measure("genai_minute", "genai_instance_model_minute")
            .orElseThrow();
    for (FieldSpec field : spec.fields()) {
      Object value = point.fields().get(field.name());
      assertThat(value)
          .as(field.name())
          .isInstanceOf(
              field.type() == dev.aigw.insight.sink.banyandb.schema.FieldType.INT
                  ? Long.class
                  : Double.class);
    }
  }

  @Test
  void aServiceCellCarriesOnlyTheServiceTag() {
    MinuteCell cell = new MinuteCell();
    cell.windowStartMs = 60_000;
    cell.scope = Scope.SERVICE;
    cell.dimension = Dimension.ALL;
    cell.service = "gw";
    cell.instance = MinuteCell.ABSENT;
    cell.provider = MinuteCell.ABSENT;
    cell.model = MinuteCell.ABSENT;

    new MinuteCellEmitter("g").emit(cell, output);

    assertThat(points.get(0).measure()).isEqualTo("genai_service_minute");
    assertThat(points.get(0).tags()).containsExactly(Map.entry("service", "gw"));
  }

  @Test
  void anAccessLogMapBecomesOneElementWithDashesAsAbsentValues() {
    Map<String, String> record = new HashMap<>();
    record.put(AccessLogStream.KEY_TIMESTAMP_MS, "1764178212345");
    record.put(AccessLogStream.KEY_SERVICE, "gw");
    record.put("x-request-id", "req-7");
    record.put("response_code", "404");
    record.put("gen_ai.response.model", "-");
    record.put("gen_ai.usage.input_tokens", "-");
    record.put("duration", "1526");
    record.put(AccessLogStream.KEY_BODY, "[START] /v1/chat/completions 404");

    new AccessLogStream.Emitter("genai_logs").emit(record, output);

    StreamElement element = elements.get(0);
    assertThat(element.elementId()).isEqualTo("req-7");
    assertThat(element.timestampMillis()).isEqualTo(1_764_178_212_345L);
    assertThat(element.tags())
        .containsEntry("service", "gw")
        .containsEntry("instance", "")
        .containsEntry("model", "")
        .containsEntry("status_code", 404L)
        .containsEntry("duration_ms", 1526L)
        .containsEntry("input_tokens", null)
        .containsEntry("request_id", "req-7")
        .containsEntry("body", "[START] /v1/chat/completions 404");
    assertThat((String) element.tags().get("attributes")).contains("response_code=404");
  }

  @Test
  void aKeptLogWithoutResponseModelIsStoredUnderItsRequestModelAsInOpenSearch() {
    AccessLogRecord record = new AccessLogRecord();
    record.timestampMs = 1_764_178_212_345L;
    record.service = "gw";
    record.requestId = "req-8";
    record.attributes.put("x-request-id", "req-8");
    record.attributes.put("gen_ai.request.model", "gpt-4o");
    record.attributes.put("gen_ai.response.model", "-");
    record.model = "gpt-4o"; // the decoder's rule: the response model, else the request model

    new AccessLogRecordEmitter("genai_logs").emit(record, output);

    assertThat(elements.get(0).tags()).containsEntry("model", "gpt-4o");
  }
}
