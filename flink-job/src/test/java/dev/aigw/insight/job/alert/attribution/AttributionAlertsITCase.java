package dev.aigw.insight.job.alert.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.alert.AlertPipeline;
import dev.aigw.insight.job.alert.rule.AlertRuleParser;
import dev.aigw.insight.schema.alert.AlertEvent;
import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A scripted event-time scenario on the MiniCluster (parallelism 2, so the keyed exchanges are
 * real): attribution cells of the attribute {@code team.id}, minute by minute with their
 * watermarks, through the attribute rules' stages ({@link AlertPipeline#evaluateAttribution}:
 * matcher, sum across services, evaluator).
 *
 * <p>Team payments spends 4 a minute in checkout and 2 in search-api: its month budget of 100,
 * summed over both services, fires 50 %, 80 % and 100 % at the exact minutes, resolves at the month
 * boundary and counts February from zero. One cell is emitted twice (a late point's rewrite): it
 * replaces, never adds. Payments' errors in checkout cross 20 % over 3 minutes: one per-service ×
 * team threshold alert, firing and resolving at the exact minutes. The same scenario just under the
 * thresholds fires nothing.
 */
class AttributionAlertsITCase {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final long MINUTE = 60_000L;
  private static final long PICOS = 1_000_000_000_000L;

  /** 2026-01-31T23:40Z, the scenario's minute 0; minute 20 is the first of February. */
  private static final long T0 = Instant.parse("2026-01-31T23:40:00Z").toEpochMilli();

  private static final int MINUTES = 30;

  private static final String RULES =
      """
      rules:
        - id: team-month
          kind: budget
          attribute: team.id
          across-services: true
          amount: 100
          period: month
          thresholds: [50, 80, 100]
          forecast: false
          include: {team.id: [payments]}
        - id: team-errors
          kind: threshold
          attribute: team.id
          metric: error_rate
          op: ">"
          threshold: 0.2
          window: 3m
          min-requests: 10
          recovery: 2m
          include: {service: [checkout]}
          exclude: {team.id: [none]}
      """;

  /** One minute's attribution cells, in the order the cell windows would emit them. */
  private record Spend(double checkout, double search, long checkoutErrors) {}

  @Test
  void aTeamsBudgetAcrossServicesAndAServiceTeamThresholdFireAtTheExpectedMinutes()
      throws Exception {
    List<AttributionCell> cells = new ArrayList<>();
    for (int m = 0; m < MINUTES; m++) {
      boolean errors = m >= 5 && m <= 7;
      if (m == 5) {
        // a first emission of checkout's minute 5, rewritten below by the late point's full cell:
        // were it added, 50 % would fire a minute early (6 × 8 + 3 ≥ 50 at minute 7)
        cells.add(cell(m, "checkout", "payments", 6, 3, 3));
      }
      minute(cells, m, new Spend(4, 2, errors ? 5 : 0));
    }
    List<String> got = run(cells);
    // budget: 6 a minute from 23:40: 54 ≥ 50 after minute 8, 84 ≥ 80 after 13, 102 ≥ 100 after
    // 16 (events at the minute's end); the month ends at minute 20: all resolve there. February
    // starts from 0: 54 ≥ 50 after minute 28; it resolves at the March boundary (the final
    // watermark of the bounded input reaches it).
    // threshold: checkout × payments errs 5 of 10 in minutes 5 to 7: the 3-minute window (6, 7)
    // and (8) are over 20 % (10/30, 15/30, 10/30), (9) is 5/30: two clean minutes resolve at 11.
    long march = (Instant.parse("2026-03-01T00:00:00Z").toEpochMilli() - T0) / MINUTE;
    assertThat(got)
        .containsExactlyInAnyOrder(
            "team-month:50% firing team.id=payments start=9 at=9 value=54.00",
            "team-month:80% firing team.id=payments start=14 at=14 value=84.00",
            "team-month:100% firing team.id=payments start=17 at=17 value=102.00",
            "team-month:50% resolved team.id=payments start=9 at=20 value=0.00",
            "team-month:80% resolved team.id=payments start=14 at=20 value=0.00",
            "team-month:100% resolved team.id=payments start=17 at=20 value=0.00",
            "team-month:50% firing team.id=payments start=29 at=29 value=54.00",
            "team-month:50% resolved team.id=payments start=29 at=" + march + " value=0.00",
            "team-errors firing service=checkout,team.id=payments start=7 at=7 value=0.33",
            "team-errors resolved service=checkout,team.id=payments start=7 at=11 value=0.00");
  }

  @Test
  void justUnderTheThresholdsFiresNothing() throws Exception {
    List<AttributionCell> cells = new ArrayList<>();
    for (int m = 0; m < MINUTES; m++) {
      // 2.45 a minute: 49 in January, 24.5 in February (73.5 in all, but never 50 in one month);
      // checkout errs 2 of 10 in minutes 5 to 7: the window is at 20 %, not over it
      minute(cells, m, new Spend(1.45, 1.0, m >= 5 && m <= 7 ? 2 : 0));
    }
    assertThat(run(cells)).isEmpty();
  }

  /**
   * The minute's cells: payments in checkout and search-api (search-api errs 5 of 10 every minute,
   * outside the threshold's service filter), the requests without a team ({@code none}) and team
   * ads, both outside the filters, spending far over the budget.
   */
  private static void minute(List<AttributionCell> cells, int m, Spend spend) {
    cells.add(cell(m, "checkout", "payments", 10, spend.checkoutErrors(), spend.checkout()));
    cells.add(cell(m, "search-api", "payments", 10, 5, spend.search()));
    cells.add(cell(m, "checkout", AttributionCell.NONE, 10, 10, 500));
    cells.add(cell(m, "search-api", "ads", 10, 0, 500));
  }

  private static AttributionCell cell(
      int m, String service, String team, long requests, long errors, double cost) {
    MinuteCell c =
        MinuteCell.at(
            T0 + m * MINUTE,
            Scope.SERVICE,
            Dimension.ALL,
            service,
            MinuteCell.ABSENT,
            MinuteCell.ABSENT,
            MinuteCell.ABSENT);
    c.requests = requests;
    c.errors = errors;
    c.costPicos = Math.round(cost * PICOS);
    return new AttributionCell("team.id", team, c);
  }

  private static List<String> run(List<AttributionCell> cells) throws Exception {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    DataStream<AttributionCell> stream =
        env.fromData(AttributionCell.class, cells.toArray(new AttributionCell[0]))
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<AttributionCell>forGenerator(ctx -> new MinuteByMinute())
                    .withTimestampAssigner(
                        (cell, previous) -> cell.cell.windowStartMs + MINUTE - 1))
            .setParallelism(1)
            // as the cell windows do: each series (service, value) from one subtask, minute after
            // minute, so that a rewrite reaches the matcher (forward, chained) after the emission
            // it replaces; the services of a team come from different subtasks
            .keyBy(c -> c.cell.service + "|" + c.value, Types.STRING)
            .map(c -> c, TypeInformation.of(AttributionCell.class))
            .name("cells by cell key");
    DataStream<AlertEvent> events =
        AlertPipeline.evaluateAttribution(
            stream, AlertRuleParser.parse(RULES), Duration.ofSeconds(30));
    List<String> got = new ArrayList<>();
    try (CloseableIterator<AlertEvent> it = events.executeAndCollect("attribution-alerts")) {
      it.forEachRemaining(
          e ->
              got.add(
                  String.format(
                      Locale.ROOT,
                      "%s %s %s start=%d at=%d value=%.2f",
                      e.alertId.substring(0, e.alertId.indexOf('|')),
                      e.status.name().toLowerCase(Locale.ROOT),
                      e.entity,
                      (e.startMs - T0) / MINUTE,
                      (e.eventTimeMs - T0) / MINUTE,
                      e.value)));
    }
    return got;
  }

  /**
   * Watermarks in the data, one minute at a time: a cell of minute m says minute m − 1 is complete
   * (the cell windows emit a minute's cells before the watermark that passes it).
   */
  private static final class MinuteByMinute implements WatermarkGenerator<AttributionCell> {
    @Override
    public void onEvent(AttributionCell event, long eventTimestamp, WatermarkOutput output) {
      output.emitWatermark(new Watermark(Math.floorDiv(eventTimestamp, MINUTE) * MINUTE - 1));
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {}
  }
}
