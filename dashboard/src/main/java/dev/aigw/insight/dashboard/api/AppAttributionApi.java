package dev.aigw.insight.dashboard.api;

import static dev.aigw.insight.dashboard.api.QueryApi.answer;
import static dev.aigw.insight.dashboard.api.QueryApi.intParam;

import dev.aigw.insight.dashboard.read.apps.AppAttributionQuery;
import dev.aigw.insight.dashboard.read.apps.AppAttributionStore;
import dev.aigw.insight.dashboard.read.apps.AppFields;
import dev.aigw.insight.dashboard.read.apps.AppTotals;
import dev.aigw.insight.dashboard.server.ApiRoutes;
import dev.aigw.insight.schema.app.AppAttributionStoreNames;
import dev.aigw.insight.schema.app.AppCell;
import dev.aigw.insight.schema.app.AppCellField;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The application attribution endpoints under {@code /api/apps/attribution/} (documented with
 * examples in docs/dashboard.md): the attribute names, the spend by value of the span applications
 * (all, or one {@code application}) and per-value series, from the application attribution cells at
 * request time, on minute, hour or day cells as the range asks. Parameters and refusals as the
 * gateway attribution endpoints' ({@link AttributionApi}): 400 with a message, a store that is down
 * 503.
 */
public final class AppAttributionApi implements ApiRoutes {

  /** Most values one answer ranks: above the job's default cap of 1000 values plus none/other. */
  static final int MAX_VALUES = 5_000;

  /** Most (value, application) or (value, model) pairs the top lists are chosen from. */
  static final int MAX_PAIRS = 10_000;

  /** Most values one series answer holds (one store read each). */
  static final int MAX_SERIES = 50;

  /** The fields of a per-value series unless {@code fields} says otherwise. */
  static final List<AppCellField> SERIES_FIELDS =
      List.of(
          AppCellField.CALLS,
          AppCellField.ERRORS,
          AppCellField.INPUT_TOKENS,
          AppCellField.OUTPUT_TOKENS,
          AppCellField.ESTIMATED_COST);

  private static final String LISTING = "/api/apps/attribution/attributes";

  private final AppAttributionStore store;
  private final List<String> configured;
  private final List<String> secret;
  private final LongSupplier clock;

  /**
   * An API over {@code store}; {@code configured} are the job's {@code attribution.attributes} (the
   * application attribution cells use the same), {@code secret} its {@code
   * attribution.secret-attributes}.
   */
  public AppAttributionApi(
      AppAttributionStore store, List<String> configured, List<String> secret, LongSupplier clock) {
    this.store = store;
    this.configured = List.copyOf(configured);
    this.secret = List.copyOf(secret);
    this.clock = clock;
  }

  /** An API on the wall clock. */
  public AppAttributionApi(
      AppAttributionStore store, List<String> configured, List<String> secret) {
    this(store, configured, secret, System::currentTimeMillis);
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get(LISTING, answer(this::attributes));
    routes.get("/api/apps/attribution/spend", answer(this::spend));
    routes.get("/api/apps/attribution/series", answer(this::series));
  }

  private Object attributes(Context ctx) {
    TimeRange range = QueryApi.range(ctx, clock);
    List<String> seen = store.attributes(range.fromMs(), range.toMs());
    Set<String> all = new LinkedHashSet<>(configured);
    all.addAll(seen);
    Map<String, Object> out = QueryApi.header(range, TimeRange.MINUTE_MS);
    out.put("configured", configured);
    out.put("seen", seen);
    out.put("attributes", List.copyOf(all));
    out.put("secret", secret);
    return out;
  }

  /**
   * The values of an attribute over the range, most cost first, of every application or of one,
   * each with its top applications (when not one) and (provider, model)s by cost.
   */
  private Object spend(Context ctx) {
    TimeRange range = QueryApi.range(ctx, clock);
    String attribute = AttributionParams.attribute(ctx, LISTING);
    String application = AttributionParams.optional(ctx, "application");
    int limit = intParam(ctx, "limit", 100, 1, QueryApi.MAX_LIMIT);
    int top = intParam(ctx, "top", 3, 0, 20);
    AppAttributionQuery query =
        AppAttributionQuery.of(attribute, range.fromMs(), range.toMs())
            .withApplication(application);
    List<AppTotals> values =
        store.totals(query, List.of(AppAttributionStoreNames.VALUE), MAX_VALUES);
    Map<String, List<AppTotals>> applications = new LinkedHashMap<>();
    Map<String, List<AppTotals>> models = new LinkedHashMap<>();
    if (top > 0) {
      // one search each: every (value, application) and (value, provider, model) of the range
      if (application == null) {
        List<String> byApp = List.of(AppAttributionStoreNames.VALUE, AppCell.APPLICATION);
        for (AppTotals t : store.totals(query, byApp, MAX_PAIRS)) {
          applications.computeIfAbsent(t.key().get(0), v -> new ArrayList<>()).add(t);
        }
      }
      List<String> byModel =
          List.of(AppAttributionStoreNames.VALUE, AppCell.PROVIDER, AppCell.MODEL);
      for (AppTotals t : store.totals(query.perModel(), byModel, MAX_PAIRS)) {
        models.computeIfAbsent(t.key().get(0), v -> new ArrayList<>()).add(t);
      }
    }
    long totalCost = 0;
    for (AppTotals t : values) {
      totalCost += t.sum(AppCellField.COST_PICOS);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (AppTotals t : byCost(values)) {
      if (rows.size() == limit) {
        break;
      }
      String value = t.group();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("value", value);
      row.put("placeholder", AttributionParams.placeholder(value));
      row.put(
          "cost_share",
          totalCost == 0 ? null : (double) t.sum(AppCellField.COST_PICOS) / totalCost);
      row.put(
          "error_share", AppSummary.ratio(t.sum(AppCellField.ERRORS), t.sum(AppCellField.CALLS)));
      row.put("summary", AppSummary.of(t, range.minutes()));
      if (top > 0) {
        if (application == null) {
          row.put("applications", top(applications.get(value), top, List.of(AppCell.APPLICATION)));
        }
        row.put("models", top(models.get(value), top, List.of(AppCell.PROVIDER, AppCell.MODEL)));
      }
      rows.add(row);
    }
    Map<String, Object> out = QueryApi.header(range, TimeRange.MINUTE_MS);
    out.put("attribute", attribute);
    out.put(AppCell.APPLICATION, application);
    out.put("secret", secret.contains(attribute));
    out.put("values", rows);
    AppTotals total = sum(values);
    out.put(
        "error_share",
        AppSummary.ratio(total.sum(AppCellField.ERRORS), total.sum(AppCellField.CALLS)));
    out.put("total", AppSummary.of(total, range.minutes()));
    return out;
  }

  /**
   * Per-value series of every application or one: of {@code value}, or else of the {@code limit}
   * values with most calls (default 10), in whole hours or days on a long range.
   */
  private Object series(Context ctx) {
    // steps of whole hours or days on a long range, from its first whole one (as /api/series)
    TimeRange range = QueryApi.onWholePeriods(QueryApi.range(ctx, clock));
    String attribute = AttributionParams.attribute(ctx, LISTING);
    String application = AttributionParams.optional(ctx, "application");
    String value = AttributionParams.optional(ctx, "value");
    String fieldList = ctx.queryParam("fields");
    List<AppCellField> fields =
        fieldList == null ? SERIES_FIELDS : AppSeries.parseFields(fieldList);
    int limit = intParam(ctx, "limit", 10, 1, MAX_SERIES);
    AppAttributionQuery query =
        AppAttributionQuery.of(attribute, range.fromMs(), range.toMs())
            .withApplication(application);
    List<String> values = new ArrayList<>();
    if (value != null) {
      values.add(value);
    } else {
      for (AppTotals t : store.totals(query, List.of(AppAttributionStoreNames.VALUE), limit)) {
        values.add(t.group());
      }
    }
    long stepMs = QueryApi.stepMs(range, Math.max(1, values.size()), QueryApi.MAX_POINTS);
    List<Map<String, Object>> series = new ArrayList<>();
    for (String v : values) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("value", v);
      row.put("placeholder", AttributionParams.placeholder(v));
      row.put(
          "values",
          AppSeries.values(range, stepMs, store.steps(query.withValue(v), stepMs), fields));
      series.add(row);
    }
    Map<String, Object> out = QueryApi.header(range, stepMs);
    out.put("attribute", attribute);
    out.put(AppCell.APPLICATION, application);
    out.put("minutes", range.grid(stepMs));
    out.put("series", series);
    return out;
  }

  /** The {@code n} groups of most cost, each with its key names, calls and cost. */
  private static List<Map<String, Object>> top(List<AppTotals> groups, int n, List<String> names) {
    return AttributionParams.topByCost(
        groups,
        n,
        names,
        AppTotals::key,
        "calls",
        t -> t.sum(AppCellField.CALLS),
        t -> t.sum(AppCellField.COST_PICOS));
  }

  private static List<AppTotals> byCost(List<AppTotals> totals) {
    return AttributionParams.byCost(
        totals,
        t -> t.sum(AppCellField.COST_PICOS),
        t -> t.sum(AppCellField.CALLS),
        AppTotals::key);
  }

  /**
   * Every value's totals added up: what the application (or all) had, since a call without the
   * attribute counts under {@code none}. Its minutes with data are the most of any value (the
   * values' minutes overlap); a percentile the highest of any value's.
   */
  static AppTotals sum(List<AppTotals> values) {
    Map<AppCellField, Long> sums = new EnumMap<>(AppCellField.class);
    Map<AppCellField, Double> highest = new EnumMap<>(AppCellField.class);
    long minutes = 0;
    for (AppTotals t : values) {
      AppFields.ADDITIVE.forEach(f -> sums.merge(f, t.sum(f), Math::addExact));
      t.highest().forEach((f, v) -> highest.merge(f, v, Math::max));
      minutes = Math.max(minutes, t.minutes());
    }
    return new AppTotals(List.of(), minutes, sums, highest);
  }
}
