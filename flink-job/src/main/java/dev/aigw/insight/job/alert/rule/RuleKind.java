package dev.aigw.insight.job.alert.rule;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of alert rule, by their name in the rule file. */
public enum RuleKind {
  THRESHOLD("threshold"),
  SLO_BURN_RATE("slo_burn_rate"),
  BUDGET("budget"),
  ANOMALY("anomaly"),
  PROVIDER_OUTAGE("provider_outage");

  private final String fileName;

  RuleKind(String fileName) {
    this.fileName = fileName;
  }

  /** The name in the rule file and in alert events. */
  public String fileName() {
    return fileName;
  }

  /** The kind of a rule-file name. */
  public static Optional<RuleKind> of(String name) {
    return Arrays.stream(values()).filter(k -> k.fileName.equals(name)).findFirst();
  }
}
