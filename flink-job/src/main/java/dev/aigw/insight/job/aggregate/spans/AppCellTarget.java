package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.schema.app.AppDimension;

/**
 * One LLM call aimed at one application cell (a Flink POJO): each call feeds one cell per {@link
 * AppDimension}, so it travels once per dimension, keyed by {@link #cellKey}.
 */
public class AppCellTarget {

  /** Separator of key parts; not expected in names. */
  static final char SEP = '\u0001';

  public String cellKey;
  public AppDimension dimension;
  public LlmCall call;

  /** Flink POJO constructor. */
  public AppCellTarget() {}

  /** The call aimed at its cell of {@code dimension}. */
  static AppCellTarget of(LlmCall call, AppDimension dimension) {
    AppCellTarget t = new AppCellTarget();
    t.dimension = dimension;
    t.call = call;
    StringBuilder key = new StringBuilder(64).append(dimension.ordinal());
    if (dimension == AppDimension.APPLICATION_MODEL) {
      key.append(SEP).append(call.application);
    }
    key.append(SEP).append(call.provider);
    if (dimension != AppDimension.PROVIDER) {
      key.append(SEP).append(call.model);
    }
    t.cellKey = key.toString();
    return t;
  }
}
