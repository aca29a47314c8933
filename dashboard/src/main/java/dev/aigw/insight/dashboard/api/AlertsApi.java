package dev.aigw.insight.dashboard.api;

import dev.aigw.insight.dashboard.read.StoreUnavailableException;
import dev.aigw.insight.dashboard.read.alerts.AlertStore;
import dev.aigw.insight.dashboard.server.ApiRoutes;
import dev.aigw.insight.dashboard.server.DashboardServer;
import dev.aigw.insight.schema.alert.AlertEvent;
import dev.aigw.insight.schema.alert.AlertStatus;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * {@code GET /api/alerts}: the alerts the job raised (docs/dashboard.md, "Alerts"), read from the
 * {@link AlertStore} at request time.
 *
 * <ul>
 *   <li>{@code state=firing}: the alerts firing now, i.e. whose latest event is {@code firing},
 *       over the last {@link #FIRING_LOOKBACK} (a monthly budget alert fires up to a month before
 *       it resolves), and how many fire per service (the services list's badges);
 *   <li>{@code state=all} (the default): the alerts with an event in the range ({@code range} or
 *       {@code from}/{@code to}, as every endpoint), one row per alert with its start and end,
 *       newest start first, paged by {@code page} and {@code size}.
 * </ul>
 *
 * Both take an optional {@code service}. A bad parameter answers 400, a store that is down 503.
 */
public final class AlertsApi implements ApiRoutes {

  /** How far back "firing now" looks for the start of an alert still firing. */
  static final Duration FIRING_LOOKBACK = Duration.ofDays(35);

  /**
   * Most events one answer reads; beyond, the answer says it is truncated. One less than
   * OpenSearch's default result window, since one more is asked for to know.
   */
  static final int MAX_EVENTS = 9_999;

  private final AlertStore store;
  private final LongSupplier clock;

  public AlertsApi(AlertStore store, LongSupplier clock) {
    this.store = store;
    this.clock = clock;
  }

  /** An API on the wall clock. */
  public AlertsApi(AlertStore store) {
    this(store, System::currentTimeMillis);
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/api/alerts", this::alerts);
  }

  private void alerts(Context ctx) {
    try {
      DashboardServer.json(ctx, answer(ctx));
    } catch (ApiException e) {
      DashboardServer.error(ctx, HttpStatus.BAD_REQUEST, e.getMessage());
    } catch (StoreUnavailableException e) {
      DashboardServer.error(ctx, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }
  }

  private Map<String, Object> answer(Context ctx) {
    String state = ctx.queryParam("state");
    state = state == null || state.isBlank() ? "all" : state.trim().toLowerCase(Locale.ROOT);
    String service = ctx.queryParam("service");
    if (service != null && service.isBlank()) {
      service = null;
    }
    long now = clock.getAsLong();
    return switch (state) {
      case "firing" -> firing(service, now);
      case "all" -> {
        TimeRange range =
            TimeRange.parse(
                ctx.queryParam("range"),
                ctx.queryParam("from"),
                ctx.queryParam("to"),
                now,
                // one stream (index family) of few events: any range they are kept for
                TimeRange.ALERT_EVENTS_RETENTION);
        int size = QueryApi.intParam(ctx, "size", 50, 1, 500);
        int page = QueryApi.intParam(ctx, "page", 0, 0, MAX_EVENTS);
        yield history(range, service, page, size);
      }
      default -> throw new ApiException("state must be firing or all, not '" + state + "'");
    };
  }

  private Map<String, Object> firing(String service, long now) {
    List<AlertEvent> events =
        store.events(now - FIRING_LOOKBACK.toMillis(), now + 1, service, MAX_EVENTS + 1);
    boolean truncated = events.size() > MAX_EVENTS;
    List<Alert> firing = new ArrayList<>();
    for (Alert a : Alert.of(events)) {
      if (a.latest.status == AlertStatus.FIRING) {
        firing.add(a);
      }
    }
    firing.sort(NEWEST_START);
    Map<String, Integer> perService = new TreeMap<>();
    firing.forEach(a -> perService.merge(a.latest.service, 1, Integer::sum));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("state", "firing");
    out.put("now", now);
    out.put("service", service);
    out.put("truncated", truncated);
    out.put("services", perService);
    out.put("alerts", firing.stream().map(Alert::row).toList());
    return out;
  }

  private Map<String, Object> history(TimeRange range, String service, int page, int size) {
    List<AlertEvent> events = store.events(range.fromMs(), range.toMs(), service, MAX_EVENTS + 1);
    boolean truncated = events.size() > MAX_EVENTS;
    List<Alert> alerts = Alert.of(truncated ? events.subList(0, MAX_EVENTS) : events);
    alerts.sort(NEWEST_START);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("state", "all");
    out.put("from", range.fromMs());
    out.put("to", range.toMs());
    out.put("service", service);
    out.put("truncated", truncated);
    out.put("total", alerts.size());
    out.put("page", page);
    out.put("size", size);
    long first = (long) page * size;
    out.put("alerts", alerts.stream().skip(first).limit(size).map(Alert::row).toList());
    return out;
  }

  private static final Comparator<Alert> NEWEST_START =
      Comparator.comparingLong((Alert a) -> a.latest.startMs)
          .reversed()
          .thenComparing(a -> a.latest.alertId);

  /** The events of one alert id that were read: its firing one and its latest. */
  private static final class Alert {
    private AlertEvent firing;
    private AlertEvent resolved;
    private AlertEvent latest;

    /** The alerts of some events, in the order of their first event. */
    static List<Alert> of(List<AlertEvent> events) {
      Map<String, Alert> byId = new LinkedHashMap<>();
      for (AlertEvent e : events) {
        Alert a = byId.computeIfAbsent(e.alertId, id -> new Alert());
        if (e.status == AlertStatus.FIRING) {
          a.firing = e;
        } else {
          a.resolved = e;
        }
        // a resolution at the same time as its firing (a budget at a period's end) ends it
        if (a.latest == null
            || e.eventTimeMs > a.latest.eventTimeMs
            || (e.eventTimeMs == a.latest.eventTimeMs && e.status == AlertStatus.RESOLVED)) {
          a.latest = e;
        }
      }
      return new ArrayList<>(byId.values());
    }

    /** The alert as the API answers it: what fired (the firing event's values when read). */
    Map<String, Object> row() {
      AlertEvent what = firing != null ? firing : latest;
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("alert_id", latest.alertId);
      row.put("status", latest.status.name().toLowerCase(Locale.ROOT));
      row.put("rule_id", what.ruleId);
      row.put("kind", what.kind);
      row.put("severity", what.severity);
      row.put("entity", what.entity);
      row.put("scope", what.scope);
      row.put("dimension", what.dimension);
      row.put("service", what.service);
      row.put("start_ms", what.startMs);
      row.put("end_ms", resolved == null ? null : resolved.eventTimeMs);
      row.put("minute_ms", what.minuteMs);
      row.put("value", what.value);
      row.put("threshold", what.threshold);
      row.put("message", what.message);
      row.put("reason", what.reason);
      row.put("resolved_message", resolved == null ? null : resolved.message);
      return row;
    }
  }
}
