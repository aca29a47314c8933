package dev.aigw.insight.bench.harness;

import java.time.Duration;
import java.util.Map;

/**
 * The harness options of the roll-up and alert benchmark (issue 19), parsed with the others by
 * {@link HarnessOptions#parse}.
 *
 * @param rollUps {@code --rollups}: the job also computes the hour and day cells of the gateway
 *     cells ({@code RollUpPipeline}), counted and dropped
 * @param alertRules {@code --alert-rules}: the number of generated rules ({@link BenchAlertRules})
 *     the job evaluates on the minute cells (0: no alert stages)
 * @param failAfter {@code --fail-provider-after-s}: after this long from the load's start, the
 *     load's first provider answers two of three requests with an error (null: no outage)
 * @param crossHour {@code --cross-hour}: shift the job's clock (as {@code --time-offset-s} does) so
 *     that an hour boundary falls in the middle of the measured phase: the hour windows fire and
 *     the day windows take their parts within the measurement
 */
public record AlertBenchOptions(
    boolean rollUps, int alertRules, Duration failAfter, boolean crossHour) {

  /** Roll-ups and alerts off: the baseline. */
  public static final AlertBenchOptions OFF = new AlertBenchOptions(false, 0, null, false);

  /** The option names {@link #parse} reads. */
  static final java.util.Set<String> NAMES =
      java.util.Set.of("rollups", "alert-rules", "fail-provider-after-s", "cross-hour");

  public AlertBenchOptions {
    if (alertRules < 0 || alertRules > 10_000) {
      throw new IllegalArgumentException(
          "Option 'alert-rules' must be in [0, 10000] but was " + alertRules);
    }
    if (failAfter != null && failAfter.isNegative()) {
      throw new IllegalArgumentException(
          "Option 'fail-provider-after-s' must not be negative but was " + failAfter);
    }
  }

  /** Reads the options from the parsed {@code --name value} pairs, defaults: {@link #OFF}. */
  static AlertBenchOptions parse(Map<String, String> o) {
    return new AlertBenchOptions(
        Boolean.parseBoolean(o.getOrDefault("rollups", "false")),
        Integer.parseInt(o.getOrDefault("alert-rules", "0")),
        o.containsKey("fail-provider-after-s")
            ? Duration.ofMillis((long) (Double.parseDouble(o.get("fail-provider-after-s")) * 1000))
            : null,
        Boolean.parseBoolean(o.getOrDefault("cross-hour", "false")));
  }

  /** Whether anything beyond the baseline job runs. */
  public boolean any() {
    return rollUps || alertRules > 0;
  }
}
