package dev.aigw.insight.bench.dashboard;

import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The cells the dashboard benchmark loads: one service with providers × models over a range of
 * minutes (its whole-service, per-provider and per-model cells), and many services with their
 * whole-service cells. Values are random but consistent within a cell (sums match averages and
 * counts, percentiles ordered), seeded so that every run loads the same.
 */
final class BenchCells {

  private final SplittableRandom random = new SplittableRandom(42);

  /** Every cell of {@code service} with {@code providers} × {@code modelsPerProvider} models. */
  List<MinuteCell> serviceWithModels(
      String service, int providers, int modelsPerProvider, long fromMs, int minutes) {
    List<MinuteCell> cells = new ArrayList<>();
    for (int m = 0; m < minutes; m++) {
      long minute = fromMs + m * 60_000L;
      MinuteCell all = MinuteCell.at(minute, Scope.SERVICE, Dimension.ALL, service, "", "", "");
      for (int p = 0; p < providers; p++) {
        String provider = "provider-" + p;
        MinuteCell perProvider =
            MinuteCell.at(minute, Scope.SERVICE, Dimension.PROVIDER, service, "", provider, "");
        for (int i = 0; i < modelsPerProvider; i++) {
          MinuteCell model =
              filled(
                  MinuteCell.at(
                      minute,
                      Scope.SERVICE,
                      Dimension.MODEL,
                      service,
                      "",
                      provider,
                      "model-" + (p * modelsPerProvider + i)));
          add(perProvider, model);
          cells.add(model);
        }
        add(all, perProvider);
        cells.add(perProvider);
      }
      cells.add(all);
    }
    return cells;
  }

  /** The whole-service cells of {@code count} services named {@code prefix-000}... */
  List<MinuteCell> services(String prefix, int count, long fromMs, int minutes) {
    List<MinuteCell> cells = new ArrayList<>();
    for (int m = 0; m < minutes; m++) {
      for (int s = 0; s < count; s++) {
        String service = String.format("%s-%03d", prefix, s);
        cells.add(
            filled(
                MinuteCell.at(
                    fromMs + m * 60_000L, Scope.SERVICE, Dimension.ALL, service, "", "", "")));
      }
    }
    return cells;
  }

  /** Random traffic of one minute: the counts, sums and their averages and percentiles. */
  private MinuteCell filled(MinuteCell c) {
    c.requests = 1 + random.nextInt(200);
    c.errors = random.nextInt((int) Math.max(1, c.requests / 20));
    c.latencySumMs = c.requests * (200 + random.nextInt(2_000));
    c.ttftCount = c.requests / 2;
    c.ttftSumMs = c.ttftCount * (50.0 + random.nextInt(500));
    c.tpotCount = c.requests / 2;
    c.tpotSumMs = c.tpotCount * (5.0 + random.nextInt(50));
    c.inputTokens = c.requests * (100 + random.nextInt(4_000));
    c.outputTokens = c.requests * (10 + random.nextInt(1_000));
    c.cachedInputTokens = c.inputTokens / 4;
    c.costPicos = c.inputTokens * 2_500_000L + c.outputTokens * 10_000_000L;
    c.cacheSavingsPicos = c.cachedInputTokens * 1_250_000L;
    derive(c);
    double avg = c.latencyAvgMs;
    c.latencyP50Ms = avg * 0.9;
    c.latencyP75Ms = avg * 1.2;
    c.latencyP90Ms = avg * 1.6;
    c.latencyP95Ms = avg * 2.0;
    c.latencyP99Ms = avg * 3.0;
    c.ttftP50Ms = c.ttftAvgMs * 0.9;
    c.ttftP99Ms = c.ttftAvgMs * 3.0;
    c.tpotP50Ms = c.tpotAvgMs * 0.9;
    c.tpotP99Ms = c.tpotAvgMs * 3.0;
    return c;
  }

  /** Adds a finer cell's additive values to a coarser one (percentiles: the finer's highest). */
  private static void add(MinuteCell to, MinuteCell from) {
    to.requests += from.requests;
    to.errors += from.errors;
    to.latencySumMs += from.latencySumMs;
    to.ttftCount += from.ttftCount;
    to.ttftSumMs += from.ttftSumMs;
    to.tpotCount += from.tpotCount;
    to.tpotSumMs += from.tpotSumMs;
    to.inputTokens += from.inputTokens;
    to.outputTokens += from.outputTokens;
    to.cachedInputTokens += from.cachedInputTokens;
    to.costPicos += from.costPicos;
    to.cacheSavingsPicos += from.cacheSavingsPicos;
    derive(to);
    to.latencyP50Ms = Math.max(to.latencyP50Ms, from.latencyP50Ms);
    to.latencyP75Ms = Math.max(to.latencyP75Ms, from.latencyP75Ms);
    to.latencyP90Ms = Math.max(to.latencyP90Ms, from.latencyP90Ms);
    to.latencyP95Ms = Math.max(to.latencyP95Ms, from.latencyP95Ms);
    to.latencyP99Ms = Math.max(to.latencyP99Ms, from.latencyP99Ms);
    to.ttftP99Ms = Math.max(to.ttftP99Ms, from.ttftP99Ms);
    to.tpotP99Ms = Math.max(to.tpotP99Ms, from.tpotP99Ms);
  }

  private static void derive(MinuteCell c) {
    c.latencyAvgMs = c.requests == 0 ? 0 : c.latencySumMs / c.requests;
    c.ttftAvgMs = c.ttftCount == 0 ? 0 : c.ttftSumMs / c.ttftCount;
    c.tpotAvgMs = c.tpotCount == 0 ? 0 : c.tpotSumMs / c.tpotCount;
    c.estimatedCost = c.costPicos / 1e12;
    c.cacheSavings = c.cacheSavingsPicos / 1e12;
  }
}
