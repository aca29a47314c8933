package dev.aigw.insight.job.alert.rule;

/** A rule file the job refuses: the message names the rule and the field. */
public final class RuleFileException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public RuleFileException(String message) {
    super(message);
  }

  /** {@code Alert rule '<id>': field '<field>': <problem>}. */
  public static RuleFileException of(String ruleId, String field, String problem) {
    return new RuleFileException("Alert rule '" + ruleId + "': field '" + field + "': " + problem);
  }
}
