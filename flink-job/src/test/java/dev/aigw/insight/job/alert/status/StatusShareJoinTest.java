package dev.aigw.insight.job.alert.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.alert.eval.RuleInput;
import dev.aigw.insight.job.alert.eval.RuleMatcher;
import dev.aigw.insight.job.alert.reason.BackendProviders;
import dev.aigw.insight.job.alert.rule.AlertRule;
import dev.aigw.insight.job.alert.rule.AlertRuleParser;
import dev.aigw.insight.job.model.AccessLogStatusCount;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * The per-minute status counts (capped per service) and their join into the evaluator's inputs: a
 * provider gets its backends' counts, a service-wide rule all of them, a late rewrite replaces the
 * minute, and the state goes once the service is quiet.
 */
class StatusShareJoinTest {

  private static final long MINUTE = 60_000L;
  private static final long T0 = 1_767_261_600_000L;
  private static final String OPENAI = "default/openai/route/aigw-run/rule/0/ref/0";
  private static final String ANTHROPIC = "default/anthropic/route/aigw-run/rule/0/ref/0";

  @Test
  void aBackendIsItsProvidersWhenItOrOneOfItsPathSegmentsIsTheProvider() {
    assertThat(BackendProviders.servedBy(OPENAI, "openai")).isTrue();
    assertThat(BackendProviders.servedBy("openai", "openai")).isTrue();
    assertThat(BackendProviders.servedBy(OPENAI, "")).isTrue();
    assertThat(BackendProviders.servedBy(OPENAI, "open")).isFalse();
    assertThat(BackendProviders.servedBy("default/my-azure/route/r", "azure")).isFalse();
    assertThat(BackendProviders.servedBy("", "openai")).isFalse();
  }

  @Test
  void theCountsOfAMinuteAreSummedPerBackendAndCappedWithOther() {
    StatusCountAggregator aggregator = new StatusCountAggregator();
    ServiceStatusMinute acc = aggregator.createAccumulator();
    aggregator.add(count(OPENAI, 10, 1, 2), acc);
    aggregator.add(count(OPENAI, 5, 0, 1), acc);
    for (int i = 0; i < ServiceStatusMinute.MAX_BACKENDS + 5; i++) {
      aggregator.add(count("default/b" + i + "/route/r", 1, 0, 1), acc);
    }
    ServiceStatusMinute result = aggregator.getResult(acc);
    assertThat(result.size).isEqualTo(ServiceStatusMinute.MAX_BACKENDS);
    assertThat(result.backends[0]).isEqualTo(OPENAI);
    assertThat(result.requests[0]).isEqualTo(15);
    assertThat(result.status429[0]).isEqualTo(1);
    assertThat(result.status5xx[0]).isEqualTo(3);
    int last = result.size - 1;
    assertThat(result.backends[last]).isEqualTo(ServiceStatusMinute.OTHER);
    // b62 took the last slot, which became "other" with b63..b68
    assertThat(result.requests[last]).isEqualTo(7);
    long total = 0;
    for (int i = 0; i < result.size; i++) {
      total += result.requests[i];
    }
    assertThat(total)
        .as("nothing lost to the cap")
        .isEqualTo(15 + ServiceStatusMinute.MAX_BACKENDS + 5);
  }

  @Test
  void eachEntityGetsItsBackendsCountsWhenTheMinuteEndsAndALateRewriteReplacesThem()
      throws Exception {
    List<AlertRule> rules =
        AlertRuleParser.parse(
            """
            rules:
              - {id: outage, kind: provider_outage, metric: status_5xx_share}
              - {id: throttled, kind: threshold, metric: status_429_share, threshold: 0.1}
            """);
    KeyedTwoInputStreamOperatorTestHarness<String, RuleInput, ServiceStatusMinute, RuleInput>
        harness =
            new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new StatusShareJoin(rules, 1)),
                in -> in.service,
                m -> m.service,
                Types.STRING,
                1,
                1,
                0);
    harness.setup();
    harness.open();
    RuleMatcher matcher = new RuleMatcher(rules);
    for (MinuteCell cell :
        List.of(
            cell(Dimension.PROVIDER, "openai"),
            cell(Dimension.PROVIDER, "anthropic"),
            cell(Dimension.ALL, MinuteCell.ABSENT))) {
      for (RuleInput in : match(matcher, cell)) {
        harness.processElement1(in, T0 + MINUTE - 1);
      }
    }
    ServiceStatusMinute minute = new ServiceStatusMinute();
    minute.add(count(OPENAI, 10, 1, 2));
    minute.add(count(ANTHROPIC, 5, 0, 5));
    harness.processElement2(minute, T0 + MINUTE - 1);
    assertThat(harness.extractOutputValues()).as("nothing before the watermark").isEmpty();

    harness.processBothWatermarks(
        new org.apache.flink.streaming.api.watermark.Watermark(T0 + MINUTE - 1));
    assertThat(inputs(harness))
        .containsExactlyInAnyOrder(
            "outage|service=checkout,provider=openai 2/10 (10)",
            "outage|service=checkout,provider=anthropic 5/5 (5)",
            "throttled|service=checkout 1/15 (15)");

    // late logs of minute 0: the window fires again with the whole minute, joined again
    harness.getOutput().clear();
    ServiceStatusMinute rewritten = new ServiceStatusMinute();
    rewritten.add(count(OPENAI, 20, 1, 12));
    rewritten.add(count(ANTHROPIC, 5, 0, 5));
    harness.processElement2(rewritten, T0 + MINUTE - 1);
    harness.processBothWatermarks(
        new org.apache.flink.streaming.api.watermark.Watermark(T0 + 2 * MINUTE - 1));
    assertThat(inputs(harness))
        .containsExactlyInAnyOrder(
            "outage|service=checkout,provider=openai 12/20 (20)",
            "outage|service=checkout,provider=anthropic 5/5 (5)",
            "throttled|service=checkout 1/25 (25)");

    // a quiet hour later nothing of the service is left
    harness.processBothWatermarks(
        new org.apache.flink.streaming.api.watermark.Watermark(T0 + 70 * MINUTE));
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    harness.close();
  }

  private static AccessLogStatusCount count(String backend, long requests, long s429, long s5xx) {
    return new AccessLogStatusCount("checkout", backend, T0, T0 + 1_000, requests, s429, s5xx);
  }

  private static MinuteCell cell(Dimension dimension, String provider) {
    MinuteCell cell =
        MinuteCell.at(
            T0,
            Scope.SERVICE,
            dimension,
            "checkout",
            MinuteCell.ABSENT,
            provider,
            MinuteCell.ABSENT);
    cell.requests = 1;
    return cell;
  }

  private static List<RuleInput> match(RuleMatcher matcher, MinuteCell cell) {
    List<RuleInput> out = new ArrayList<>();
    matcher.flatMap(
        cell,
        new Collector<>() {
          @Override
          public void collect(RuleInput record) {
            out.add(record);
          }

          @Override
          public void close() {}
        });
    return out;
  }

  private static List<String> inputs(
      KeyedTwoInputStreamOperatorTestHarness<String, RuleInput, ServiceStatusMinute, RuleInput>
          harness) {
    List<String> result = new ArrayList<>();
    for (RuleInput in : harness.extractOutputValues()) {
      assertThat(in.minuteMs).isEqualTo(T0);
      result.add(
          in.key
              + " "
              + (long) in.numerator
              + "/"
              + (long) in.denominator
              + " ("
              + in.requests
              + ")");
    }
    return result;
  }
}
