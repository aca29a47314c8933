package dev.aigw.insight.job.aggregate.spans;

/**
 * The merged {@link AppAggregate} of one application cell and period (a minute or an hour), handed
 * from one window to the next longer one (minute to hour, hour to day) by {@link AppRollUps}: its
 * period's start and a version that rises with every firing of the period's window (a Flink POJO).
 *
 * <p>The version is the number of calls merged: a window of the application cells re-fires only
 * when a late call (or a newer version of a shorter period with more calls) arrives, so the calls
 * of a period only rise from firing to firing, and of two versions of one period the one with more
 * calls is the newer one, with no state kept for it.
 */
public class AppPeriodAggregate extends AppAggregate {

  /** Start of the period (UTC minute or hour) the values belong to. */
  public long windowStartMs;

  /** Rises with every firing of the period's window (the calls merged). */
  public long version;

  /** Flink POJO constructor. */
  public AppPeriodAggregate() {}

  /**
   * A copy of {@code values} (coordinates, counts, sums, histograms) of the period at {@code
   * start}.
   */
  public static AppPeriodAggregate of(long windowStartMs, AppAggregate values) {
    AppPeriodAggregate p = new AppPeriodAggregate();
    p.merge(values);
    p.windowStartMs = windowStartMs;
    p.version = p.calls;
    return p;
  }
}
