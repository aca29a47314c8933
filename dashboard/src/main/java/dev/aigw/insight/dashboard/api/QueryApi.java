package dev.aigw.insight.dashboard.api;

import dev.aigw.insight.dashboard.read.CellQuery;
import dev.aigw.insight.dashboard.read.GroupSteps;
import dev.aigw.insight.dashboard.read.LogPage;
import dev.aigw.insight.dashboard.read.LogQuery;
import dev.aigw.insight.dashboard.read.RangeTotals;
import dev.aigw.insight.dashboard.read.ResolutionPlan;
import dev.aigw.insight.dashboard.read.StoreUnavailableException;
import dev.aigw.insight.dashboard.read.TelemetryStore;
import dev.aigw.insight.dashboard.read.UnsupportedQueryException;
import dev.aigw.insight.dashboard.server.ApiRoutes;
import dev.aigw.insight.dashboard.server.DashboardServer;
import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.Scope;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The dashboard's JSON query API over one {@link TelemetryStore} (documented with examples in
 * docs/dashboard.md): services, per-minute series, breakdowns, range summaries and kept logs. Every
 * answer comes from the store at request time; a refused parameter answers 400 with a message, a
 * store that is down 503 with the store's message.
 */
public final class QueryApi implements ApiRoutes {

  /** The fields of the services page's sparklines unless {@code fields} says otherwise. */
  static final List<CellField> SPARKLINE_FIELDS =
      List.of(
          CellField.REQUESTS,
          CellField.ERRORS,
          CellField.LATENCY_AVG_MS,
          CellField.LATENCY_P99_MS,
          CellField.INPUT_TOKENS,
          CellField.OUTPUT_TOKENS,
          CellField.ESTIMATED_COST);

  /** Most groups a breakdown or the services list answers. */
  static final int MAX_LIMIT = 1_000;

  /**
   * Most points of a services-page sparkline (an hour of minutes; a longer range, longer steps).
   */
  static final int SPARKLINE_POINTS = 60;

  /**
   * Most points one series answers (4 h of minutes; a longer range answers longer steps): a chart
   * is about 350 px wide, so more points would not be seen, only sent and folded.
   */
  static final int MAX_POINTS = 240;

  /** Ranges longer than this have steps of whole hours (docs/dashboard.md, "Ranges"). */
  static final long LONG_RANGE_MS = ResolutionPlan.HOUR_CELLS_AFTER_MS;

  /** Ranges longer than this have steps of whole days, read from day cells. */
  static final long DAY_STEPS_MS = ResolutionPlan.DAY_CELLS_AFTER_MS;

  private static final long HOUR_MS = 3_600_000L;
  private static final long DAY_MS = 86_400_000L;

  /**
   * Most groups × points one series answer holds: below OpenSearch's default {@code
   * search.max_buckets} (65 535), and a bound on what any store returns.
   */
  static final int BUCKET_BUDGET = 50_000;

  /** OpenSearch's default result window: no page may reach past it. */
  static final int MAX_LOG_WINDOW = 10_000;

  private final TelemetryStore store;
  private final LongSupplier clock;

  public QueryApi(TelemetryStore store, LongSupplier clock) {
    this.store = store;
    this.clock = clock;
  }

  /** An API on the wall clock. */
  public QueryApi(TelemetryStore store) {
    this(store, System::currentTimeMillis);
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/api/fields", answer(ctx -> fields()));
    routes.get("/api/services", answer(this::services));
    routes.get("/api/series", answer(this::series));
    routes.get("/api/breakdown", answer(this::breakdown));
    routes.get("/api/summary", answer(this::summary));
    routes.get("/api/logs", answer(this::logs));
  }

  /**
   * Wraps an endpoint: its value as JSON, refusals (ours or the store's) as 400, a down store 503.
   */
  static Handler answer(Function<Context, Object> endpoint) {
    return ctx -> {
      try {
        DashboardServer.json(ctx, endpoint.apply(ctx));
      } catch (ApiException | UnsupportedQueryException e) {
        DashboardServer.error(ctx, HttpStatus.BAD_REQUEST, e.getMessage());
      } catch (StoreUnavailableException e) {
        DashboardServer.error(ctx, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
      }
    };
  }

  /** Every cell field with its type, unit and meaning: what {@code fields=} accepts. */
  static List<Map<String, Object>> fields() {
    List<Map<String, Object>> fields = new ArrayList<>();
    for (CellField f : CellField.values()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", f.storeName());
      row.put("type", f.type().name());
      row.put("unit", f.unit().text());
      row.put("additive", f.isAdditive());
      row.put("meaning", f.meaning());
      fields.add(row);
    }
    return fields;
  }

  private Object services(Context ctx) {
    TimeRange range = onWholePeriods(range(ctx));
    int limit = intParam(ctx, "limit", 200, 1, MAX_LIMIT);
    List<CellField> fields = fieldsParam(ctx, SPARKLINE_FIELDS);
    CellQuery query = CellQuery.of(Scope.SERVICE, Dimension.ALL, range.fromMs(), range.toMs());
    List<RangeTotals> totals = store.totals(query, CellTag.SERVICE, limit);
    // the same order as the totals, so the same services (most requests, then by name)
    long stepMs = stepMs(range, totals.size(), SPARKLINE_POINTS);
    Map<String, GroupSteps> steps = new LinkedHashMap<>();
    // the steps of the services the totals chose, without ranking them again
    List<List<String>> chosen = totals.stream().map(RangeTotals::key).toList();
    for (GroupSteps g : store.steps(query, List.of(CellTag.SERVICE), chosen, fields, stepMs)) {
      steps.put(g.key().get(0), g);
    }
    List<Map<String, Object>> services = new ArrayList<>();
    for (RangeTotals t : totals) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("service", t.group());
      row.put("summary", Summary.of(t, range.minutes()));
      row.put("series", Series.values(range, stepMs, steps.get(t.group()), fields));
      services.add(row);
    }
    Map<String, Object> out = header(range, stepMs);
    out.put("resolution", store.resolution(query, stepMs));
    out.put("minutes", range.grid(stepMs));
    out.put("services", services);
    return out;
  }

  private Object series(Context ctx) {
    TimeRange range = onWholePeriods(range(ctx));
    Selection selection = Selection.of(ctx, true);
    List<CellField> fields = fieldsParam(ctx, null);
    int limit = intParam(ctx, "limit", 100, 1, MAX_LIMIT);
    long stepMs = stepMs(range, limit, MAX_POINTS);
    List<CellTag> tags = CellTag.of(selection.scope(), selection.dimension());
    List<Map<String, Object>> series = new ArrayList<>();
    for (GroupSteps g : store.steps(selection.query(range), tags, fields, stepMs, limit)) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < tags.size(); i++) {
        row.put(tags.get(i).storeName(), g.key().get(i));
      }
      row.put("values", Series.values(range, stepMs, g, fields));
      series.add(row);
    }
    Map<String, Object> out = header(range, stepMs);
    out.put("resolution", store.resolution(selection.query(range), stepMs));
    out.put("scope", selection.scope().name());
    out.put("dimension", selection.dimension().name());
    out.put("minutes", range.grid(stepMs));
    out.put("series", series);
    return out;
  }

  /**
   * The step of a series answer: one minute while the range has at most {@code maxPoints} minutes,
   * else the fewest whole minutes that keep it to that many points; and fewer points when many
   * groups are asked for, so that groups × points stays within {@link #BUCKET_BUDGET}.
   */
  static long stepMs(TimeRange range, int groups, int maxPoints) {
    int points = Math.max(1, Math.min(maxPoints, BUCKET_BUDGET / Math.max(1, groups)));
    long minutes = Math.max(1, (range.minutes() + points - 1) / points);
    long length = range.toMs() - range.fromMs();
    if (length > DAY_STEPS_MS) {
      minutes = (minutes + 1439) / 1440 * 1440; // whole days, read from day cells
    } else if (length > LONG_RANGE_MS) {
      minutes = (minutes + 59) / 60 * 60; // whole hours, so that they can be read from hour cells
    }
    return minutes * TimeRange.MINUTE_MS;
  }

  /**
   * A range longer than two days, for a series: started at its first whole hour (at most 59 minutes
   * later), so that steps of whole hours are the UTC hours the job's hour cells hold; a range
   * longer than 14 days at its first whole UTC day (less than a day later), for steps of whole
   * days.
   */
  static TimeRange onWholePeriods(TimeRange range) {
    long length = range.toMs() - range.fromMs();
    if (length <= LONG_RANGE_MS) {
      return range;
    }
    long period = length > DAY_STEPS_MS ? DAY_MS : HOUR_MS;
    long from = -Math.floorDiv(-range.fromMs(), period) * period;
    return from > range.fromMs() && from < range.toMs() ? new TimeRange(from, range.toMs()) : range;
  }

  private Object breakdown(Context ctx) {
    TimeRange range = range(ctx);
    String by = requiredParam(ctx, "by").toLowerCase(Locale.ROOT);
    int limit = intParam(ctx, "limit", 10, 1, MAX_LIMIT);
    String service = requiredParam(ctx, "service");
    String instance = ctx.queryParam("instance");
    String provider = ctx.queryParam("provider");
    Scope scope = instance != null || by.equals("instance") ? Scope.INSTANCE : Scope.SERVICE;
    List<Map<String, Object>> groups = new ArrayList<>();
    switch (by) {
      case "provider" -> {
        CellQuery q = query(range, scope, Dimension.PROVIDER, service, instance, provider, null);
        for (RangeTotals t : store.totals(q, CellTag.PROVIDER, limit)) {
          groups.add(group(t, range, service, instance, t.group(), null));
        }
      }
      case "model" -> {
        // a model is named by (provider, model): one search grouped by both
        CellQuery q = query(range, scope, Dimension.MODEL, service, instance, provider, null);
        for (RangeTotals t : store.totals(q, List.of(CellTag.PROVIDER, CellTag.MODEL), limit)) {
          groups.add(group(t, range, service, instance, t.key().get(0), t.group()));
        }
      }
      case "instance" -> {
        Dimension dimension = provider == null ? Dimension.ALL : Dimension.PROVIDER;
        CellQuery q = query(range, Scope.INSTANCE, dimension, service, instance, provider, null);
        for (RangeTotals t : store.totals(q, CellTag.INSTANCE, limit)) {
          groups.add(group(t, range, service, t.group(), provider, null));
        }
      }
      default -> throw new ApiException("by must be provider, model or instance, not '" + by + "'");
    }
    Map<String, Object> out = header(range);
    out.put("by", by);
    out.put("groups", groups);
    return out;
  }

  private Object summary(Context ctx) {
    TimeRange range = range(ctx);
    Selection selection = Selection.of(ctx, false);
    List<RangeTotals> totals = store.totals(selection.query(range), CellTag.SERVICE, 1);
    Map<String, Object> out = header(range);
    out.put("resolution", store.resolution(selection.query(range), 0));
    out.put("service", selection.service());
    out.put("instance", selection.instance());
    out.put("provider", selection.provider());
    out.put("model", selection.model());
    out.put(
        "summary",
        Summary.of(
            totals.isEmpty()
                ? new RangeTotals(selection.service(), 0, Map.of(), Map.of())
                : totals.get(0),
            range.minutes()));
    return out;
  }

  private Object logs(Context ctx) {
    TimeRange range = range(ctx);
    int size = intParam(ctx, "size", 50, 1, 500);
    int page = intParam(ctx, "page", 0, 0, MAX_LOG_WINDOW);
    if ((long) (page + 1) * size > MAX_LOG_WINDOW) {
      throw new ApiException(
          "page "
              + page
              + " of size "
              + size
              + " reaches past the first "
              + MAX_LOG_WINDOW
              + " records; narrow the filters or the range instead");
    }
    String status = ctx.queryParam("status");
    if (status != null && !status.matches("[1-5]xx")) {
      throw new ApiException("status must be a class like 2xx, 4xx or 5xx, not '" + status + "'");
    }
    LogPage logs =
        store.logs(
            new LogQuery(
                range.fromMs(),
                range.toMs(),
                ctx.queryParam("service"),
                ctx.queryParam("instance"),
                ctx.queryParam("provider"),
                ctx.queryParam("model"),
                status,
                ctx.queryParam("reason"),
                ctx.queryParam("q"),
                page,
                size));
    Map<String, Object> out = header(range);
    out.put("total", logs.total());
    out.put("page", logs.page());
    out.put("size", logs.size());
    out.put("records", logs.records());
    return out;
  }

  private Map<String, Object> group(
      RangeTotals t,
      TimeRange range,
      String service,
      String instance,
      String provider,
      String model) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("service", service);
    row.put("instance", instance);
    row.put("provider", provider);
    row.put("model", model);
    row.put("summary", Summary.of(t, range.minutes()));
    return row;
  }

  private static CellQuery query(
      TimeRange range,
      Scope scope,
      Dimension dimension,
      String service,
      String instance,
      String provider,
      String model) {
    return new CellQuery(
        scope, dimension, range.fromMs(), range.toMs(), service, instance, provider, model);
  }

  private Map<String, Object> header(TimeRange range) {
    return header(range, TimeRange.MINUTE_MS);
  }

  /** An answer's first keys: the range and its step (every endpoint's). */
  static Map<String, Object> header(TimeRange range, long stepMs) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("from", range.fromMs());
    out.put("to", range.toMs());
    out.put("step_ms", stepMs);
    return out;
  }

  private TimeRange range(Context ctx) {
    return range(ctx, clock);
  }

  /**
   * The {@code range}/{@code from}/{@code to} parameters on {@code clock}: the endpoints of every
   * cell family read hour and day cells on long ranges, so up to the day cells' retention.
   */
  static TimeRange range(Context ctx, LongSupplier clock) {
    return TimeRange.parse(
        ctx.queryParam("range"),
        ctx.queryParam("from"),
        ctx.queryParam("to"),
        clock.getAsLong(),
        TimeRange.DAY_CELLS_RETENTION);
  }

  /** The {@code fields} parameter (comma-separated store names); {@code fallback} when absent. */
  static List<CellField> parseFields(String text, List<CellField> fallback) {
    if (text == null || text.isBlank()) {
      if (fallback == null) {
        throw new ApiException("fields is required: comma-separated cell fields, see /api/fields");
      }
      return fallback;
    }
    List<CellField> fields = new ArrayList<>();
    for (String name : text.split(",")) {
      String trimmed = name.trim();
      fields.add(
          CellField.byStoreName(trimmed)
              .orElseThrow(
                  () ->
                      new ApiException(
                          "unknown field '"
                              + trimmed
                              + "'; known fields: "
                              + String.join(
                                  ", ",
                                  Arrays.stream(CellField.values())
                                      .map(CellField::storeName)
                                      .toList()))));
    }
    return fields;
  }

  private static List<CellField> fieldsParam(Context ctx, List<CellField> fallback) {
    return parseFields(ctx.queryParam("fields"), fallback);
  }

  static String requiredParam(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      throw new ApiException(name + " is required");
    }
    return value;
  }

  static int intParam(Context ctx, String name, int fallback, int min, int max) {
    String text = ctx.queryParam(name);
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value < min || value > max) {
        throw new ApiException(name + " must be between " + min + " and " + max);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ApiException(name + " must be a whole number, not '" + text + "'");
    }
  }
}
