package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.schema.app.AppDimension;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.util.Collector;

/**
 * Aims each partial of an (application, provider, model) and minute at its cell of every {@link
 * AppDimension}: the partial itself for {@code APPLICATION_MODEL}, a copy for each roll-up across
 * applications (the windows of those cells merge the partials of every application).
 */
public class AppCellFanOut implements FlatMapFunction<AppAggregate, AppAggregate> {

  private static final long serialVersionUID = 1L;

  /** Separator of key parts; not expected in names. */
  static final char SEP = '\u0001';

  /** Keys a partial by its cell: dimension and the coordinates the dimension has. */
  public static final KeySelector<AppAggregate, String> CELL = AppCellFanOut::cellKey;

  @Override
  public void flatMap(AppAggregate partial, Collector<AppAggregate> out) {
    for (AppDimension dimension : AppDimension.values()) {
      out.collect(dimension == partial.dimension ? partial : partial.as(dimension));
    }
  }

  /** The cell key of a partial aimed at its dimension. */
  static String cellKey(AppAggregate a) {
    StringBuilder key = new StringBuilder(64).append(a.dimension.ordinal());
    if (a.dimension == AppDimension.APPLICATION_MODEL) {
      key.append(SEP).append(a.application);
    }
    key.append(SEP).append(a.provider);
    if (a.dimension != AppDimension.PROVIDER) {
      key.append(SEP).append(a.model);
    }
    return key.toString();
  }
}
