package dev.aigw.insight.job.alert.eval;

/**
 * The outcome of evaluating one rule for one entity at one minute.
 *
 * @param value the evaluated value (NaN when the window had no data or too little traffic)
 */
record Evaluation(boolean breached, double value, double threshold, String severity, String what) {

  static Evaluation quiet(String severity, double threshold) {
    return new Evaluation(false, Double.NaN, threshold, severity, "");
  }
}
