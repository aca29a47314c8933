package dev.aigw.insight.job.emit.banyandb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.emit.opensearch.AppAttributionCellDocumentConverter;
import dev.aigw.insight.schema.app.AppAttributionCell;
import dev.aigw.insight.schema.app.AppAttributionStoreNames;
import dev.aigw.insight.schema.app.AppCell;
import dev.aigw.insight.schema.app.AppDimension;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.sink.banyandb.BanyanDbOutput;
import dev.aigw.insight.sink.banyandb.MeasurePoint;
import dev.aigw.insight.sink.banyandb.StreamElement;
import dev.aigw.insight.sink.opensearch.OpenSearchDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/**
 * Where the application attribution hour and day cells go: their measures in the hour and day
 * groups (with attribution and roll-ups on), the emitter's measure per resolution and the
 * converter's monthly and yearly indices.
 */
class AppAttributionRollUpStoresTest {

  private static final long HOUR_START = Instant.parse("2025-12-31T23:00:00Z").toEpochMilli();

  @Test
  void withAttributionTheHourAndDayGroupsHoldTheApplicationAttributionMeasures() {
    Configuration conf = new Configuration();
    conf.setString("attribution.attributes", "team.id");
    assertThat(GenAiMeasures.schema(conf).measures())
        .filteredOn(
            m -> m.name().startsWith("genai_app_attribution_") && !m.group().equals("genai_minute"))
        .extracting(m -> m.group() + "/" + m.name() + m.entityTags() + m.interval())
        .containsExactlyInAnyOrder(
            "genai_hour/genai_app_attribution_application_hour"
                + "[application, attribute, value]PT1H",
            "genai_hour/genai_app_attribution_application_model_hour"
                + "[application, attribute, value, provider, model]PT1H",
            "genai_day/genai_app_attribution_application_day"
                + "[application, attribute, value]PT24H",
            "genai_day/genai_app_attribution_application_model_day"
                + "[application, attribute, value, provider, model]PT24H");
    assertThat(GenAiMeasures.schema(conf).measures())
        .filteredOn(m -> m.name().startsWith("genai_app_attribution_"))
        .allSatisfy(m -> assertThat(m.fields()).isEqualTo(AppCellMeasures.FIELDS));
    // without attribution none; without roll-ups only the minute ones
    assertThat(GenAiMeasures.schema(new Configuration()).measures())
        .noneMatch(m -> m.name().startsWith("genai_app_attribution_"));
    conf.setString("cells.rollups.enabled", "false");
    assertThat(GenAiMeasures.schema(conf).measures())
        .filteredOn(m -> m.name().startsWith("genai_app_attribution_"))
        .hasSize(2)
        .allSatisfy(m -> assertThat(m.group()).isEqualTo("genai_minute"));
  }

  @Test
  void theEmitterWritesAnHourCellToTheHourMeasureAtTheStartOfItsHour() {
    List<MeasurePoint> points = new ArrayList<>();
    BanyanDbOutput output =
        new BanyanDbOutput() {
          @Override
          public void measure(MeasurePoint point) {
            points.add(point);
          }

          @Override
          public void stream(StreamElement element) {}
        };
    new AppAttributionCellEmitter("genai_hour", CellResolution.HOUR).emit(cell(true), output);
    new AppAttributionCellEmitter("genai_day", CellResolution.DAY).emit(cell(false), output);
    assertThat(points)
        .extracting(p -> p.group() + "/" + p.measure() + "@" + p.timestampMillis() + p.tags())
        .containsExactly(
            "genai_hour/genai_app_attribution_application_model_hour@"
                + HOUR_START
                + "{application=shop, attribute=team.id, value=search, provider=openai,"
                + " model=gpt-4o}",
            "genai_day/genai_app_attribution_application_day@"
                + HOUR_START
                + "{application=shop, attribute=team.id, value=search}");
    assertThat(points.get(0).fields()).containsEntry("calls", 3L);
  }

  @Test
  void theConverterWritesHourCellsToMonthlyAndDayCellsToYearlyIndices() {
    OpenSearchDocument hour =
        new AppAttributionCellDocumentConverter(
                AppAttributionStoreNames.indexPrefix(CellResolution.HOUR), CellResolution.HOUR)
            .toDocument(cell(true));
    OpenSearchDocument day =
        new AppAttributionCellDocumentConverter(
                AppAttributionStoreNames.indexPrefix(CellResolution.DAY), CellResolution.DAY)
            .toDocument(cell(false));
    assertThat(hour.index()).isEqualTo("aigw-app-attribution-hour-cells-2025.12");
    assertThat(day.index()).isEqualTo("aigw-app-attribution-day-cells-2025");
    assertThat(hour.id()).isEqualTo(cell(true).cellKey());
    assertThat(hour.sourceJson()).contains("\"attribute\":\"team.id\"", "\"value\":\"search\"");
  }

  private static AppAttributionCell cell(boolean byModel) {
    AppCell c =
        AppCell.at(
            HOUR_START,
            AppDimension.APPLICATION_MODEL,
            "shop",
            byModel ? "openai" : AppCell.ABSENT,
            byModel ? "gpt-4o" : AppCell.ABSENT);
    c.calls = 3;
    return new AppAttributionCell("team.id", "search", byModel, c);
  }
}
