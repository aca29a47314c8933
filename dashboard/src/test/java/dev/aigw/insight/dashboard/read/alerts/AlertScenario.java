package dev.aigw.insight.dashboard.read.alerts;

import dev.aigw.insight.schema.alert.AlertEvent;
import dev.aigw.insight.schema.alert.AlertStatus;
import java.util.List;

/**
 * The alert events the reader tests write, relative to a minute {@code t}: a threshold alert of
 * checkout firing since t − 20 min, a provider outage of checkout that fired at t − 50 min (with
 * its reason) and resolved at t − 40 min, and a budget alert of search firing since t − 2 days.
 */
public final class AlertScenario {

  public static final long MIN = 60_000;

  public final AlertEvent checkoutErrors;
  public final AlertEvent outageFiring;
  public final AlertEvent outageResolved;
  public final AlertEvent searchBudget;

  public AlertScenario(long t) {
    checkoutErrors =
        JobWrittenAlerts.event(
            "checkout-errors",
            "threshold",
            "page",
            "checkout",
            "service=checkout",
            AlertStatus.FIRING,
            t - 20 * MIN,
            t - 20 * MIN,
            0.25,
            0.1,
            "checkout-errors firing for service=checkout: error_rate 0.25 > 0.1 over 5m"
                + " (40 requests)",
            null);
    String outage = "service=checkout,provider=openai";
    outageFiring =
        JobWrittenAlerts.event(
            "provider-outage",
            "provider_outage",
            "page",
            "checkout",
            outage,
            AlertStatus.FIRING,
            t - 50 * MIN,
            t - 50 * MIN,
            0.6667,
            0.2,
            "provider-outage firing for " + outage + ": error_rate 0.666667 > 0.2 over 5m",
            "4 failed requests in the kept access logs; status codes: 503×3, 429×1");
    outageResolved =
        JobWrittenAlerts.event(
            "provider-outage",
            "provider_outage",
            "page",
            "checkout",
            outage,
            AlertStatus.RESOLVED,
            t - 50 * MIN,
            t - 40 * MIN,
            0.05,
            0.2,
            "provider-outage resolved for " + outage,
            null);
    searchBudget =
        JobWrittenAlerts.event(
            "team-search-budget:80%",
            "budget",
            "warning",
            "search",
            "service=search",
            AlertStatus.FIRING,
            t - 2 * 24 * 60 * MIN,
            t - 2 * 24 * 60 * MIN,
            4100,
            5000,
            "team-search-budget:80% firing for service=search: spend 4100 reached 80% of 5000",
            null);
  }

  /** Every event, in the order written (not the order read). */
  public List<AlertEvent> all() {
    return List.of(outageFiring, searchBudget, checkoutErrors, outageResolved);
  }
}
