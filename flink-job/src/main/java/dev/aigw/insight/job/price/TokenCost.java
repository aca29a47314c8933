package dev.aigw.insight.job.price;

import java.io.Serializable;

/**
 * An estimated cost and the part of it saved by cache reads, kept exactly in pico currency units
 * (10^-12 of the price table's currency) so that sums do not depend on the order of addition.
 */
public final class TokenCost implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Pico units per currency unit. */
  public static final double PICOS_PER_UNIT = 1e12;

  /** No cost. */
  public static final TokenCost ZERO = new TokenCost(0, 0);

  private final long costPicos;
  private final long cacheSavingsPicos;

  public TokenCost(long costPicos, long cacheSavingsPicos) {
    this.costPicos = costPicos;
    this.cacheSavingsPicos = cacheSavingsPicos;
  }

  /** Estimated cost in pico currency units. */
  public long costPicos() {
    return costPicos;
  }

  /** Cost saved by cache reads in pico currency units. */
  public long cacheSavingsPicos() {
    return cacheSavingsPicos;
  }

  /** Estimated cost in currency units. */
  public double cost() {
    return toUnits(costPicos);
  }

  /** Cost saved by cache reads in currency units. */
  public double cacheSavings() {
    return toUnits(cacheSavingsPicos);
  }

  /** Converts pico units to currency units. */
  public static double toUnits(long picos) {
    return picos / PICOS_PER_UNIT;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenCost
        && ((TokenCost) o).costPicos == costPicos
        && ((TokenCost) o).cacheSavingsPicos == cacheSavingsPicos;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(costPicos) * 31 + Long.hashCode(cacheSavingsPicos);
  }

  @Override
  public String toString() {
    return "TokenCost{cost=" + cost() + ", cacheSavings=" + cacheSavings() + "}";
  }
}
