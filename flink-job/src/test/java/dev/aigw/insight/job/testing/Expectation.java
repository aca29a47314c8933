package dev.aigw.insight.job.testing;

import dev.aigw.insight.job.price.ModelPrice;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.price.TokenCost;
import dev.aigw.insight.job.price.TokenUsage;
import dev.aigw.insight.job.testing.GatewaySimulator.Event;
import dev.aigw.insight.job.testing.GatewaySimulator.EventKind;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Computes the cells the analysis must produce from what {@link GatewaySimulator}s recorded and
 * exported: each value belongs to the minute of the export that carried it. Independent of the
 * job's code except for the price table lookup (cost uses the request-level formula).
 */
public final class Expectation {

  private static final long MINUTE_MS = 60_000;

  private final PriceTable prices;
  private final List<GatewaySimulator> simulators = new ArrayList<>();
  private Predicate<Event> filter = e -> true;
  private Predicate<Event> repriced = e -> false;
  private PriceTable newPrices;
  private UnaryOperator<String> modelMapper = UnaryOperator.identity();
  private UnaryOperator<String> providerMapper = UnaryOperator.identity();
  private long periodMs = MINUTE_MS;

  private Expectation(PriceTable prices) {
    this.prices = prices;
  }

  /** An expectation priced with {@code prices}. */
  public static Expectation of(PriceTable prices) {
    return new Expectation(prices);
  }

  /** Adds a simulator's exported values. */
  public Expectation add(GatewaySimulator... sims) {
    simulators.addAll(List.of(sims));
    return this;
  }

  /** Counts only the values this accepts (e.g. exports after the one the job joined at). */
  public Expectation only(Predicate<Event> filter) {
    this.filter = filter;
    return this;
  }

  /**
   * Prices the values {@code when} accepts with {@code prices} instead (e.g. the exports after an
   * upgrade that changed the price table).
   */
  public Expectation priceWith(PriceTable prices, Predicate<Event> when) {
    this.newPrices = prices;
    this.repriced = when;
    return this;
  }

  /** Renames models after pricing (e.g. the cardinality guard's folding into "other"). */
  public Expectation mapModels(UnaryOperator<String> mapper) {
    this.modelMapper = mapper;
    return this;
  }

  /** Renames providers after pricing. */
  public Expectation mapProviders(UnaryOperator<String> mapper) {
    this.providerMapper = mapper;
    return this;
  }

  /**
   * Cells of another length than a minute: {@code 3_600_000} gives the hour cells, {@code
   * 86_400_000} the day cells (UTC-aligned), each holding every value exported in its period.
   */
  public Expectation per(long periodMs) {
    this.periodMs = periodMs;
    return this;
  }

  /** The expected cells by cell key. */
  public Map<String, ExpectedCell> cells() {
    Map<String, ExpectedCell> cells = new LinkedHashMap<>();
    for (GatewaySimulator sim : simulators) {
      for (Event e : sim.exportedEvents()) {
        if (!filter.test(e)) {
          continue;
        }
        long minute = Math.floorDiv(e.exportTimeNanos / 1_000_000, periodMs) * periodMs;
        String provider = providerMapper.apply(e.request.provider);
        String model = modelMapper.apply(e.request.effectiveModel());
        for (Scope scope : Scope.values()) {
          if (scope == Scope.INSTANCE && sim.instance == null) {
            continue;
          }
          for (Dimension dim : Dimension.values()) {
            MinuteCell id = new MinuteCell();
            id.windowStartMs = minute;
            id.scope = scope;
            id.dimension = dim;
            id.service = sim.service;
            id.instance = scope == Scope.INSTANCE ? sim.instance : MinuteCell.ABSENT;
            id.provider = dim == Dimension.ALL ? MinuteCell.ABSENT : provider;
            id.model = dim == Dimension.MODEL ? model : MinuteCell.ABSENT;
            ExpectedCell cell = cells.computeIfAbsent(id.cellKey(), k -> new ExpectedCell(id));
            apply(cell, e);
          }
        }
      }
    }
    for (ExpectedCell c : cells.values()) {
      c.cell.latencyAvgMs = avgMs(c.latencySeconds);
      c.cell.ttftAvgMs = avgMs(c.ttftSeconds);
      c.cell.tpotAvgMs = avgMs(c.tpotSeconds);
      c.cell.latencySumMs = sumMs(c.latencySeconds);
      c.cell.ttftSumMs = sumMs(c.ttftSeconds);
      c.cell.tpotSumMs = sumMs(c.tpotSeconds);
      c.cell.estimatedCost = TokenCost.toUnits(c.cell.costPicos);
      c.cell.cacheSavings = TokenCost.toUnits(c.cell.cacheSavingsPicos);
    }
    return cells;
  }

  private void apply(ExpectedCell c, Event e) {
    SimulatedRequest r = e.request;
    MinuteCell m = c.cell;
    if (e.kind == EventKind.FIRST_TOKEN) {
      m.ttftCount++;
      c.ttftSeconds.add(r.ttftSeconds);
      return;
    }
    m.requests++;
    c.latencySeconds.add(r.latencySeconds);
    if (r.error) {
      m.errors++;
    }
    if (r.tpotSeconds != null) {
      m.tpotCount++;
      c.tpotSeconds.add(r.tpotSeconds);
    }
    if (r.error) {
      return; // the gateway records no tokens for a failed request
    }
    m.inputTokens += r.input;
    m.outputTokens += r.output;
    m.cachedInputTokens += r.cachedInput;
    m.cacheCreationInputTokens += r.cacheCreationInput;
    m.reasoningTokens += r.reasoning;
    PriceTable table = repriced.test(e) ? newPrices : prices;
    Optional<ModelPrice> price = table.lookup(r.provider, r.effectiveModel());
    if (price.isPresent()) {
      TokenCost cost =
          price
              .get()
              .cost(
                  new TokenUsage(
                      r.input, r.output, r.cachedInput, r.cacheCreationInput, r.reasoning));
      m.costPicos += cost.costPicos();
      m.cacheSavingsPicos += cost.cacheSavingsPicos();
    } else {
      m.unpricedTokens += r.input + r.output;
    }
  }

  private static double sumMs(List<Double> samples) {
    double sum = 0;
    for (double s : samples) {
      sum += s;
    }
    return sum * 1000.0;
  }

  private static double avgMs(List<Double> samples) {
    if (samples.isEmpty()) {
      return 0;
    }
    double sum = 0;
    for (double s : samples) {
      sum += s;
    }
    return sum / samples.size() * 1000.0;
  }
}
