package dev.aigw.insight.dashboard.api;

import static dev.aigw.insight.dashboard.api.QueryApi.answer;
import static dev.aigw.insight.dashboard.api.QueryApi.intParam;
import static dev.aigw.insight.dashboard.api.QueryApi.requiredParam;

import dev.aigw.insight.dashboard.read.GroupSteps;
import dev.aigw.insight.dashboard.read.RangeTotals;
import dev.aigw.insight.dashboard.read.attribution.AttributionQuery;
import dev.aigw.insight.dashboard.read.attribution.AttributionStore;
import dev.aigw.insight.dashboard.read.attribution.AttributionTag;
import dev.aigw.insight.dashboard.server.ApiRoutes;
import dev.aigw.insight.schema.cell.CellField;
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
 * The attribution endpoints under {@code /api/attribution/} (documented with examples in
 * docs/dashboard.md): the attribute names, a service's breakdown by an attribute's values, the
 * spend by value across services, and per-value series. Every value comes from the attribution
 * cells at request time; refusals answer 400, a store that is down 503, as {@link QueryApi} does.
 */
public final class AttributionApi implements ApiRoutes {

  /** Most values one answer ranks: above the job's default cap of 1000 values plus none/other. */
  static final int MAX_VALUES = 5_000;

  /** Most (value, service) or (value, model) pairs the spend page's top lists are chosen from. */
  static final int MAX_PAIRS = 10_000;

  /** The fields of a per-value series unless {@code fields} says otherwise. */
  static final List<CellField> SERIES_FIELDS =
      List.of(
          CellField.REQUESTS,
          CellField.ERRORS,
          CellField.INPUT_TOKENS,
          CellField.OUTPUT_TOKENS,
          CellField.ESTIMATED_COST);

  private final AttributionStore store;
  private final List<String> configured;
  private final List<String> secret;
  private final LongSupplier clock;

  /**
   * An API over {@code store}; {@code configured} are the job's {@code attribution.attributes}
   * (listed even before they have cells), {@code secret} its {@code attribution.secret-attributes}.
   */
  public AttributionApi(
      AttributionStore store, List<String> configured, List<String> secret, LongSupplier clock) {
    this.store = store;
    this.configured = List.copyOf(configured);
    this.secret = List.copyOf(secret);
    this.clock = clock;
  }

  /** An API on the wall clock. */
  public AttributionApi(AttributionStore store, List<String> configured, List<String> secret) {
    this(store, configured, secret, System::currentTimeMillis);
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/api/attribution/attributes", answer(this::attributes));
    routes.get("/api/attribution/breakdown", answer(this::breakdown));
    routes.get("/api/attribution/spend", answer(this::spend));
    routes.get("/api/attribution/series", answer(this::series));
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

  private Object breakdown(Context ctx) {
    TimeRange range = QueryApi.range(ctx, clock);
    String service = requiredParam(ctx, "service");
    String attribute = AttributionParams.attribute(ctx, "/api/attribution/attributes");
    int limit = intParam(ctx, "limit", 100, 1, QueryApi.MAX_LIMIT);
    AttributionQuery query =
        AttributionQuery.of(attribute, range.fromMs(), range.toMs()).withService(service);
    List<RangeTotals> values = store.totals(query, List.of(AttributionTag.VALUE), MAX_VALUES);
    Map<String, Object> out = QueryApi.header(range, TimeRange.MINUTE_MS);
    out.put("service", service);
    out.put("attribute", attribute);
    out.put("secret", secret.contains(attribute));
    out.put("values", rows(values, range, limit, null, null));
    out.put("total", Summary.of(sum(values), range.minutes()));
    return out;
  }

  private Object spend(Context ctx) {
    TimeRange range = QueryApi.range(ctx, clock);
    String attribute = AttributionParams.attribute(ctx, "/api/attribution/attributes");
    int limit = intParam(ctx, "limit", 100, 1, QueryApi.MAX_LIMIT);
    int top = intParam(ctx, "top", 3, 0, 20);
    AttributionQuery query = AttributionQuery.of(attribute, range.fromMs(), range.toMs());
    List<RangeTotals> values = store.totals(query, List.of(AttributionTag.VALUE), MAX_VALUES);
    Map<String, List<RangeTotals>> services = new LinkedHashMap<>();
    Map<String, List<RangeTotals>> models = new LinkedHashMap<>();
    if (top > 0) {
      // one search each: every (value, service) and (value, provider, model) of the range
      for (RangeTotals t :
          store.totals(query, List.of(AttributionTag.VALUE, AttributionTag.SERVICE), MAX_PAIRS)) {
        services.computeIfAbsent(t.key().get(0), v -> new ArrayList<>()).add(t);
      }
      List<AttributionTag> byModel =
          List.of(AttributionTag.VALUE, AttributionTag.PROVIDER, AttributionTag.MODEL);
      for (RangeTotals t : store.totals(query.byModel(), byModel, MAX_PAIRS)) {
        models.computeIfAbsent(t.key().get(0), v -> new ArrayList<>()).add(t);
      }
    }
    Map<String, Object> out = QueryApi.header(range, TimeRange.MINUTE_MS);
    out.put("attribute", attribute);
    out.put("secret", secret.contains(attribute));
    out.put("values", rows(values, range, limit, top > 0 ? services : null, models));
    out.put("total", Summary.of(sum(values), range.minutes()));
    return out;
  }

  private Object series(Context ctx) {
    // steps of whole hours or days on a long range, from its first whole one (as /api/series)
    TimeRange range = QueryApi.onWholePeriods(QueryApi.range(ctx, clock));
    String attribute = AttributionParams.attribute(ctx, "/api/attribution/attributes");
    String service = ctx.queryParam("service");
    List<CellField> fields = QueryApi.parseFields(ctx.queryParam("fields"), SERIES_FIELDS);
    int limit = intParam(ctx, "limit", 10, 1, QueryApi.MAX_LIMIT);
    long stepMs = QueryApi.stepMs(range, limit, QueryApi.MAX_POINTS);
    AttributionQuery query =
        AttributionQuery.of(attribute, range.fromMs(), range.toMs()).withService(service);
    List<Map<String, Object>> series = new ArrayList<>();
    for (GroupSteps g : store.steps(query, List.of(AttributionTag.VALUE), fields, stepMs, limit)) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("value", g.key().get(0));
      row.put("placeholder", AttributionParams.placeholder(g.key().get(0)));
      row.put("values", Series.values(range, stepMs, g, fields));
      series.add(row);
    }
    Map<String, Object> out = QueryApi.header(range, stepMs);
    out.put("attribute", attribute);
    out.put("service", service);
    out.put("minutes", range.grid(stepMs));
    out.put("series", series);
    return out;
  }

  /**
   * The values' rows, most cost first (then requests, then value), at most {@code limit}; with
   * their top services and models by cost when given.
   */
  private static List<Map<String, Object>> rows(
      List<RangeTotals> values,
      TimeRange range,
      int limit,
      Map<String, List<RangeTotals>> services,
      Map<String, List<RangeTotals>> models) {
    long totalCost = 0;
    for (RangeTotals t : values) {
      totalCost += t.integer(CellField.COST_PICOS);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (RangeTotals t : byCost(values)) {
      if (rows.size() == limit) {
        break;
      }
      String value = t.group();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("value", value);
      row.put("placeholder", AttributionParams.placeholder(value));
      row.put(
          "cost_share",
          totalCost == 0 ? null : (double) t.integer(CellField.COST_PICOS) / totalCost);
      row.put("summary", Summary.of(t, range.minutes()));
      if (services != null) {
        row.put("services", top(services.get(value), 3, List.of("service")));
        row.put("models", top(models.get(value), 3, List.of("provider", "model")));
      }
      rows.add(row);
    }
    return rows;
  }

  /** The {@code n} groups of most cost, each with its key names, requests and cost. */
  private static List<Map<String, Object>> top(
      List<RangeTotals> groups, int n, List<String> names) {
    return AttributionParams.topByCost(
        groups,
        n,
        names,
        RangeTotals::key,
        "requests",
        t -> t.integer(CellField.REQUESTS),
        t -> t.integer(CellField.COST_PICOS));
  }

  private static List<RangeTotals> byCost(List<RangeTotals> totals) {
    return AttributionParams.byCost(
        totals,
        t -> t.integer(CellField.COST_PICOS),
        t -> t.integer(CellField.REQUESTS),
        RangeTotals::key);
  }

  /**
   * Every value's totals added up: what the service (or all services) had, since a request without
   * the attribute counts under {@code none}. Its minutes with data are the most of any value (the
   * values' minutes overlap).
   */
  static RangeTotals sum(List<RangeTotals> values) {
    Map<CellField, Long> integers = new EnumMap<>(CellField.class);
    Map<CellField, Double> floats = new EnumMap<>(CellField.class);
    long minutes = 0;
    for (RangeTotals t : values) {
      t.integers().forEach((f, v) -> integers.merge(f, v, Math::addExact));
      t.floats().forEach((f, v) -> floats.merge(f, v, Double::sum));
      minutes = Math.max(minutes, t.minutes());
    }
    return new RangeTotals("total", minutes, integers, floats);
  }
}
