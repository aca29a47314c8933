package dev.aigw.insight.job.aggregate.spans;

/**
 * The merged aggregate of one application attribution cell and period (a minute or an hour), handed
 * from one window to the next longer one by {@link AppAttributionRollUps} (a Flink POJO): an {@link
 * AppPeriodAggregate} (values, period start, version = calls merged) plus the attribute, its value
 * and whether the cell is per (provider, model). A whole-application cell's provider and model are
 * those of any of its calls and are not part of its key.
 */
public class AppAttributionPeriodAggregate extends AppPeriodAggregate {

  public String attribute;
  public String value;
  public boolean byModel;

  /** Flink POJO constructor. */
  public AppAttributionPeriodAggregate() {}

  /** A copy of {@code values} of the period at {@code windowStartMs}, under the cell's value. */
  public static AppAttributionPeriodAggregate of(
      long windowStartMs, AppAggregate values, String attribute, String value, boolean byModel) {
    AppAttributionPeriodAggregate p = new AppAttributionPeriodAggregate();
    p.merge(values);
    p.windowStartMs = windowStartMs;
    p.version = p.calls;
    p.attribute = attribute;
    p.value = value;
    p.byModel = byModel;
    return p;
  }

  /**
   * The cell's key in the roll-up windows: (application, attribute, value) and, for a per-model
   * cell, (provider, model), as the minute window's key ({@link AppAttributionTarget#cellKey}).
   */
  public static String cellKey(AppAttributionPeriodAggregate a) {
    char sep = AppAttributionTarget.SEP;
    StringBuilder key =
        new StringBuilder(96)
            .append(a.application)
            .append(sep)
            .append(a.attribute)
            .append(sep)
            .append(a.value)
            .append(sep)
            .append(a.byModel ? 'M' : 'A');
    if (a.byModel) {
      key.append(sep).append(a.provider).append(sep).append(a.model);
    }
    return key.toString();
  }
}
