package dev.aigw.insight.job.alert.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aigw.insight.job.aggregate.HistogramAccumulator;
import dev.aigw.insight.job.aggregate.Percentiles;
import dev.aigw.insight.job.alert.rule.AlertRuleParser;
import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.schema.alert.AlertEvent;
import dev.aigw.insight.schema.cell.BucketCounts;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * Percentile metrics and latency SLOs computed from the minutes' bucket counts: a window's
 * percentile is the percentile of its merged histogram (not the mean of its minutes' percentiles),
 * and a latency SLO counts the requests of the buckets above its threshold.
 */
class ExactPercentileAlertTest {

  private static final long T0 = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();

  /** Request-duration bucket bounds in seconds, as the gateway sends them. */
  private static final double[] P95_BOUNDS = {0.25, 0.5, 1, 2, 4};

  private static final String P95_RULE =
      """
      rules:
        - id: checkout-p95
          kind: threshold
          metric: latency_p95_ms
          op: ">"
          threshold: 1500
          window: 5m
          recovery: 1m
          silence: 0m
      """;

  /**
   * Fills a cell's latency as the cell window does: its requests, its percentiles from the
   * histogram (interpolated, min and max unknown) and the bucket counts.
   */
  private static void latency(
      MinuteCell c, double[] bounds, long[] counts, double min, double max) {
    long total = 0;
    for (long n : counts) {
      total += n;
    }
    HistogramAccumulator h = new HistogramAccumulator();
    h.add(bounds, counts, 0, total, min, max);
    c.requests = total;
    c.latencyP50Ms = Percentiles.of(h, 50, PercentileMethod.INTERPOLATED) * 1000;
    c.latencyP75Ms = Percentiles.of(h, 75, PercentileMethod.INTERPOLATED) * 1000;
    c.latencyP90Ms = Percentiles.of(h, 90, PercentileMethod.INTERPOLATED) * 1000;
    c.latencyP95Ms = Percentiles.of(h, 95, PercentileMethod.INTERPOLATED) * 1000;
    c.latencyP99Ms = Percentiles.of(h, 99, PercentileMethod.INTERPOLATED) * 1000;
    c.latencyBuckets = BucketCounts.of(bounds, counts.clone(), min, max);
  }

  /**
   * Busy fast minutes ({@code fast} requests, all ≤ 250 ms) and, at minute 10, one quiet slow
   * minute ({@code slow} requests in (2 s, 4 s]).
   */
  private static AlertScenario quietSlowMinute(long fast, long slow) throws Exception {
    AlertScenario s = new AlertScenario(P95_RULE, T0);
    for (int m = 0; m <= 20; m++) {
      long[] counts = m == 10 ? new long[] {0, 0, 0, 0, slow, 0} : new long[] {fast, 0, 0, 0, 0, 0};
      s.service(m, c -> latency(c, P95_BOUNDS, counts, Double.NaN, Double.NaN));
    }
    return s;
  }

  @Test
  void aWindowP95IsThePercentileOfTheMergedBuckets() throws Exception {
    // window of minute 10: 4 × 235 fast + 60 slow = 1000 requests; rank 950 is the 10th of the 60
    // slow ones: 2 s + 2 s × 10/60 = 2333 ms > 1500. The count-weighted mean of the minutes' p95s
    // would be (940 × 237.5 + 60 × 3900) / 1000 = 457 ms and would fire nothing.
    try (AlertScenario s = quietSlowMinute(235, 60)) {
      List<AlertEvent> events = s.runThrough(20);
      assertThat(events)
          .extracting(e -> e.status + "@" + (e.eventTimeMs - T0) / 60_000)
          // firing after minute 10; minute 15's window (11..15) is all fast: resolved after it
          .containsExactly("FIRING@11", "RESOLVED@16");
      assertThat(events.get(0).value).isCloseTo(2000 + 2000 * 10.0 / 60, within(1e-6));
    }
  }

  @Test
  void aWindowWithFewerThanFivePercentSlowRequestsFiresNothing() throws Exception {
    // 4 × 240 fast + 40 slow: rank 950 of 1000 is a fast request, p95 = 250 ms × 950/960
    try (AlertScenario s = quietSlowMinute(240, 40)) {
      assertThat(s.runThrough(20)).isEmpty();
    }
  }

  /**
   * The evaluator state of the version before the bucket counts (main at 9b322a1 + test-only
   * snapshot code): this rule after minutes 0 to 7 of 235 requests a minute with a p95 of 237.5 ms,
   * in cells without bucket counts; its rings have no {@code histograms} field.
   */
  private static final String RING_BEFORE_BUCKET_COUNTS =
      "/alert/ring-before-bucket-counts.snapshot";

  @Test
  void aRingFromBeforeTheBucketCountsIsRestoredAndItsWindowsBecomeExact() throws Exception {
    String file =
        Path.of(ExactPercentileAlertTest.class.getResource(RING_BEFORE_BUCKET_COUNTS).toURI())
            .toString();
    try (AlertScenario s =
        new AlertScenario(P95_RULE, T0, OperatorSnapshotUtil.readStateHandle(file))) {
      for (int m = 8; m <= 20; m++) {
        long[] counts = m == 10 ? new long[] {0, 0, 0, 0, 60, 0} : new long[] {235, 0, 0, 0, 0, 0};
        s.service(m, c -> latency(c, P95_BOUNDS, counts, Double.NaN, Double.NaN));
      }
      // the windows of minutes 10 and 11 still hold restored minutes without bucket counts: the
      // count-weighted mean of the minute p95s (457 ms) fires nothing; minute 12's window (8..12)
      // has bucket counts in every minute and its exact p95 (2333 ms) fires
      List<AlertEvent> events = s.runThrough(20);
      assertThat(events)
          .extracting(e -> e.status + "@" + (e.eventTimeMs - T0) / 60_000)
          .containsExactly("FIRING@13", "RESOLVED@16");
      assertThat(events.get(0).value).isCloseTo(2000 + 2000 * 10.0 / 60, within(1e-6));
    }
  }

  @Test
  void aOneMinuteWindowGivesTheMinuteCellsPercentile() {
    MinuteRing ring = MinuteRing.ofSize(5);
    MinuteCell c = MinuteCell.at(T0, Scope.SERVICE, Dimension.ALL, "checkout", "", "", "");
    latency(c, P95_BOUNDS, new long[] {3, 9, 27, 5, 1, 0}, 0.1, 3.5);
    var rule = AlertRuleParser.parse(P95_RULE).get(0);
    ring.put(
        T0,
        rule.metric().numerator(c),
        rule.metric().denominator(c),
        c.requests,
        WindowPercentile.histogramOf(rule.metric(), c));
    WindowPercentile.Result r =
        WindowPercentile.of(ring, T0, T0, 95, PercentileMethod.INTERPOLATED);
    assertThat(r.exact()).isTrue();
    assertThat(r.valueMs()).isEqualTo(c.latencyP95Ms);
    // a minute with traffic but without bucket counts makes the window inexact (the fallback)
    ring.put(T0 + 60_000, 10 * 100.0, 10, 10);
    assertThat(WindowPercentile.of(ring, T0, T0 + 60_000, 95, PercentileMethod.INTERPOLATED))
        .isEqualTo(WindowPercentile.Result.UNKNOWN);
    // resizing keeps the bucket counts
    assertThat(ring.resized(10).mergedHistogram(T0, T0).count).isEqualTo(45);
  }

  @Test
  void bucketCountsThatAreNotTheWholeMinutesAreIgnored() {
    RuleInput in = new RuleInput();
    in.histogram = new HistogramAccumulator();
    in.histogram.add(P95_BOUNDS, new long[] {3, 9, 27, 5, 1, 0}, 0, 45, Double.NaN, Double.NaN);
    in.denominator = 45;
    assertThat(WindowPercentile.ofMinute(in)).isSameAs(in.histogram);
    // numbers summed over several cells with the buckets of one of them: not the minute's
    in.denominator = 90;
    assertThat(WindowPercentile.ofMinute(in)).isNull();
  }

  /** Bounds in seconds of the latency-SLO scenario: 2 s, the SLO's threshold, is one of them. */
  private static final double[] SLO_BOUNDS = {0.5, 1, 2, 5};

  private static final String LATENCY_SLO =
      """
      rules:
        - id: checkout-latency
          kind: slo_burn_rate
          objective: 99
          latency-threshold: 2s
          recovery: 1m
          silence: 0m
          windows:
            - {severity: page, long: 5m, short: 1m, factor: 2.5}
      """;

  /** 100 requests a minute, none over 2 s but in minutes 10 to 14: 3 in (2 s, 5 s]. */
  private static long[] sloCounts(int minute) {
    return minute >= 10 && minute <= 14
        ? new long[] {60, 25, 12, 3, 0}
        : new long[] {70, 30, 0, 0, 0};
  }

  @Test
  void theLatencySloCountsTheRequestsOfTheBucketsAboveItsThreshold() throws Exception {
    try (AlertScenario s = new AlertScenario(LATENCY_SLO, T0)) {
      for (int m = 0; m <= 20; m++) {
        long[] counts = sloCounts(m);
        s.service(m, c -> latency(c, SLO_BOUNDS, counts, 0.1, 4.0));
      }
      // exactly 3 % slow in each bad minute: the 5-minute window burns 3 × k / 5 after k bad
      // minutes, over 2.5 only at k = 5 (minute 14). The estimate from the percentiles (2 s between
      // p95 = 1833 ms and p99 = 3333 ms: 4.6 % slow) would have fired at minute 12.
      List<AlertEvent> events = s.runThrough(20);
      assertThat(events)
          .extracting(e -> e.status + "@" + (e.eventTimeMs - T0) / 60_000)
          .containsExactly("FIRING@15", "RESOLVED@16");
      assertThat(events.get(0).value).isCloseTo(3.0, within(1e-9));
    }
  }

  @Test
  void theSlowCountOfABadMinuteIsExactAtABucketBound() {
    MinuteCell c = MinuteCell.at(T0, Scope.SERVICE, Dimension.ALL, "checkout", "", "", "");
    latency(c, SLO_BOUNDS, sloCounts(10), 0.1, 4.0);
    List<RuleInput> in = new ArrayList<>();
    new RuleMatcher(AlertRuleParser.parse(LATENCY_SLO))
        .flatMap(
            c,
            new Collector<>() {
              @Override
              public void collect(RuleInput record) {
                in.add(record);
              }

              @Override
              public void close() {}
            });
    assertThat(in).singleElement().satisfies(i -> assertThat(i.numerator).isEqualTo(3.0));
    assertThat(in.get(0).denominator).isEqualTo(100.0);
    // the fallback estimate for a cell without bucket counts is well off
    assertThat(100 * RuleMatcher.shareOver(c, 2000)).isGreaterThan(4.5);
  }

  @Test
  void insideABucketTheSlowCountIsInterpolatedWithinIt() {
    BucketCounts b = BucketCounts.of(SLO_BOUNDS, new long[] {60, 25, 12, 3, 0}, 0.1, 4.0);
    // 1.5 s is half-way through (1 s, 2 s]: half its 12, plus the 3 above 2 s
    assertThat(SlowRequests.count(b, 1500)).isEqualTo(9.0);
    // (2 s, 5 s] narrowed to (2 s, 4 s] by the max: 3 s is half-way
    assertThat(SlowRequests.count(b, 3000)).isEqualTo(1.5);
    assertThat(SlowRequests.count(b, 4000)).isZero();
    // below the min every request is slow; the first bucket starts at the min
    assertThat(SlowRequests.count(b, 50)).isEqualTo(100.0);
    assertThat(SlowRequests.count(b, 300))
        .isCloseTo(60 * (0.5 - 0.3) / (0.5 - 0.1) + 40, within(1e-9));
  }
}
