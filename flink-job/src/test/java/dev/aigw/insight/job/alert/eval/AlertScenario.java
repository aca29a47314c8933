package dev.aigw.insight.job.alert.eval;

import dev.aigw.insight.job.alert.rule.AlertRule;
import dev.aigw.insight.job.alert.rule.AlertRuleParser;
import dev.aigw.insight.job.testing.OperatorHarness;
import dev.aigw.insight.schema.alert.AlertEvent;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;

/**
 * A scripted event-time run of the alert evaluation: minute cells are scheduled per minute (minute
 * 0 = {@code t0}), then {@link #runThrough} feeds each minute's cells through the real {@link
 * RuleMatcher} and {@link AlertEvaluator} (in Flink's keyed operator harness, generic types off)
 * and moves the watermark past the minute, as the cell windows do.
 */
final class AlertScenario implements AutoCloseable {

  static final long MINUTE = 60_000L;

  private final long t0;
  private final List<AlertRule> rules;
  private final RuleMatcher matcher;
  private final Map<Integer, List<MinuteCell>> scheduled = new TreeMap<>();
  private KeyedOneInputStreamOperatorTestHarness<String, RuleInput, AlertEvent> harness;
  private int nextMinute;

  AlertScenario(String rulesYaml, long t0) throws Exception {
    this(rulesYaml, t0, null);
  }

  /** A scenario that continues from the evaluator state {@code restore} (null: a fresh start). */
  AlertScenario(String rulesYaml, long t0, OperatorSubtaskState restore) throws Exception {
    this.t0 = t0;
    this.rules = AlertRuleParser.parse(rulesYaml);
    this.matcher = new RuleMatcher(rules);
    this.harness = open(restore);
  }

  private KeyedOneInputStreamOperatorTestHarness<String, RuleInput, AlertEvent> open(
      OperatorSubtaskState restore) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, RuleInput, AlertEvent> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new AlertEvaluator(rules, 1)),
            in -> in.key,
            Types.STRING,
            OperatorHarness.environment(new InterceptingOperatorMetricGroup()));
    if (restore != null) {
      h.initializeState(restore);
    }
    h.open();
    return h;
  }

  /** A service-scope, dimension-ALL cell of service "checkout" at a minute. */
  AlertScenario service(int minute, Consumer<MinuteCell> values) {
    return cell(minute, Scope.SERVICE, Dimension.ALL, "checkout", "", "", values);
  }

  /** A provider cell of service "checkout". */
  AlertScenario provider(int minute, String provider, Consumer<MinuteCell> values) {
    return cell(minute, Scope.SERVICE, Dimension.PROVIDER, "checkout", "", provider, values);
  }

  AlertScenario cell(
      int minute,
      Scope scope,
      Dimension dimension,
      String service,
      String instance,
      String provider,
      Consumer<MinuteCell> values) {
    MinuteCell cell =
        MinuteCell.at(t0 + minute * MINUTE, scope, dimension, service, instance, provider, "");
    values.accept(cell);
    scheduled.computeIfAbsent(minute, m -> new ArrayList<>()).add(cell);
    return this;
  }

  /** The same cell values in every minute of [from, to]. */
  AlertScenario services(int from, int to, Consumer<MinuteCell> values) {
    for (int m = from; m <= to; m++) {
      service(m, values);
    }
    return this;
  }

  /** Feeds the cells of each minute up to {@code lastMinute}, each followed by its watermark. */
  List<AlertEvent> runThrough(int lastMinute) throws Exception {
    for (int m = nextMinute; m <= lastMinute; m++) {
      long end = t0 + (m + 1) * MINUTE;
      for (MinuteCell cell : scheduled.getOrDefault(m, List.of())) {
        feed(cell, end - 1);
      }
      harness.processWatermark(end - 1);
    }
    nextMinute = Math.max(nextMinute, lastMinute + 1);
    List<AlertEvent> out = new ArrayList<>(harness.extractOutputValues());
    harness.getOutput().clear();
    return out;
  }

  /**
   * Feeds the cells of every minute up to {@code lastMinute} and only then one watermark past the
   * last: the cell windows of a replay or of a source catching up emit many minutes at once.
   */
  List<AlertEvent> runThroughAtOnce(int lastMinute) throws Exception {
    for (int m = nextMinute; m <= lastMinute; m++) {
      long end = t0 + (m + 1) * MINUTE;
      for (MinuteCell cell : scheduled.getOrDefault(m, List.of())) {
        feed(cell, end - 1);
      }
    }
    harness.processWatermark(t0 + (lastMinute + 1) * MINUTE - 1);
    nextMinute = Math.max(nextMinute, lastMinute + 1);
    List<AlertEvent> out = new ArrayList<>(harness.extractOutputValues());
    harness.getOutput().clear();
    return out;
  }

  /** Feeds one cell now (a late rewrite of an earlier minute), before the next watermark. */
  void rewrite(int minute, Consumer<MinuteCell> values) throws Exception {
    MinuteCell cell =
        MinuteCell.at(t0 + minute * MINUTE, Scope.SERVICE, Dimension.ALL, "checkout", "", "", "");
    values.accept(cell);
    feed(cell, t0 + (minute + 1) * MINUTE - 1);
  }

  private void feed(MinuteCell cell, long timestamp) throws Exception {
    List<RuleInput> inputs = new ArrayList<>();
    matcher.flatMap(
        cell,
        new Collector<>() {
          @Override
          public void collect(RuleInput record) {
            inputs.add(record);
          }

          @Override
          public void close() {}
        });
    for (RuleInput in : inputs) {
      harness.processElement(in, timestamp);
    }
  }

  /** Takes a snapshot, then continues in a new harness restored from it (a restart). */
  void restart() throws Exception {
    OperatorSubtaskState snapshot = harness.snapshot(1L, t0);
    harness.close();
    harness = open(snapshot);
  }

  /** The keyed state entries the evaluator holds (for the bounded-state check). */
  int keysWithState() {
    return harness.numKeyedStateEntries();
  }

  /** Epoch ms of the start of a scenario minute. */
  long at(int minute) {
    return t0 + minute * MINUTE;
  }

  @Override
  public void close() throws Exception {
    harness.close();
  }
}
