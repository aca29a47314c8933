package dev.aigw.insight.bench.load;

/** Hands out the next encoded export request to send, stamped with current times. */
public interface RequestSource {

  /** The next request, its times ending at {@code nowNanos}. */
  Fleet.Stamped next(long nowNanos);
}
