package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.model.LlmCall;

/**
 * One LLM call under one attribution attribute's value (a Flink POJO): keyed first by {@link
 * #guardKey} (application, attribute) for the value cap, then by {@link #cellKey} for its cell.
 */
public class AppAttributionTarget {

  /** Separator of key parts; not expected in names. */
  static final char SEP = '\u0001';

  public String attribute;
  public String value;

  /** A per-(provider, model) cell, else the whole application. */
  public boolean byModel;

  /** (application, attribute): the key of the per-attribute value cap. */
  public String guardKey;

  /** The cell's key, set by the guard (after the value may have been folded). */
  public String cellKey;

  public LlmCall call;

  /** Flink POJO constructor. */
  public AppAttributionTarget() {}

  /** The call under {@code value} of {@code attribute}, before the cap. */
  static AppAttributionTarget of(LlmCall call, String attribute, String value) {
    AppAttributionTarget t = new AppAttributionTarget();
    t.call = call;
    t.attribute = attribute;
    t.value = value;
    t.guardKey = call.application + SEP + attribute;
    return t;
  }

  /** A copy aimed at the whole-application ({@code byModel} false) or the per-model cell. */
  AppAttributionTarget forCell(boolean byModel) {
    AppAttributionTarget t = new AppAttributionTarget();
    t.call = call;
    t.attribute = attribute;
    t.value = value;
    t.guardKey = guardKey;
    t.byModel = byModel;
    StringBuilder key =
        new StringBuilder(96).append(guardKey).append(SEP).append(value).append(SEP);
    key.append(byModel ? 'M' : 'A');
    if (byModel) {
      key.append(SEP).append(call.provider).append(SEP).append(call.model);
    }
    t.cellKey = key.toString();
    return t;
  }
}
