package dev.aigw.insight.dashboard.api;

import dev.aigw.insight.dashboard.read.apps.AppCellQuery;
import dev.aigw.insight.dashboard.read.apps.AppCellStore;
import dev.aigw.insight.dashboard.read.apps.AppTotals;
import dev.aigw.insight.dashboard.server.ApiRoutes;
import dev.aigw.insight.schema.app.AppCell;
import dev.aigw.insight.schema.app.AppCellField;
import dev.aigw.insight.schema.app.AppDimension;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The query API of the "GenAI apps" pages (issue 17) over one {@link AppCellStore}: the lists of
 * applications and providers, and the summary, series and breakdowns of an application, a provider
 * or a provider's model (docs/dashboard.md has an example of each). Ranges as for the gateway
 * endpoints ({@link TimeRange}); a refused parameter answers 400 with a message, a store that is
 * down 503 with the store's.
 */
public final class AppsApi implements ApiRoutes {

  private final AppCellStore store;
  private final LongSupplier clock;

  public AppsApi(AppCellStore store, LongSupplier clock) {
    this.store = store;
    this.clock = clock;
  }

  /** An API on the wall clock. */
  public AppsApi(AppCellStore store) {
    this(store, System::currentTimeMillis);
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/api/apps/applications", QueryApi.answer(this::applications));
    routes.get("/api/apps/providers", QueryApi.answer(this::providers));
    routes.get("/api/apps/summary", QueryApi.answer(this::summary));
    routes.get("/api/apps/series", QueryApi.answer(this::series));
    routes.get("/api/apps/breakdown", QueryApi.answer(this::breakdown));
  }

  /** Every application (the APPLICATION_MODEL cells grouped by application), most calls first. */
  private Object applications(Context ctx) {
    return list(ctx, AppDimension.APPLICATION_MODEL, AppCell.APPLICATION, "applications");
  }

  /** Every provider (the PROVIDER cells), most calls first. */
  private Object providers(Context ctx) {
    return list(ctx, AppDimension.PROVIDER, AppCell.PROVIDER, "providers");
  }

  private Object list(Context ctx, AppDimension dimension, String tag, String name) {
    TimeRange range = QueryApi.range(ctx, clock);
    int limit = QueryApi.intParam(ctx, "limit", 200, 1, QueryApi.MAX_LIMIT);
    List<Map<String, Object>> rows = new ArrayList<>();
    AppCellQuery query = AppCellQuery.of(dimension, range.fromMs(), range.toMs());
    for (AppTotals t : store.totals(query, List.of(tag), limit)) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put(tag, t.group());
      row.put("summary", AppSummary.of(t, range.minutes()));
      rows.add(row);
    }
    Map<String, Object> out = QueryApi.header(range, TimeRange.MINUTE_MS);
    out.put(name, rows);
    return out;
  }

  private Object summary(Context ctx) {
    TimeRange range = QueryApi.range(ctx, clock);
    Target s = Target.of(ctx);
    List<AppTotals> totals = store.totals(s.query(range), List.of(), 1);
    Map<String, Object> out = QueryApi.header(range, TimeRange.MINUTE_MS);
    s.describe(out);
    out.put(
        "summary",
        AppSummary.of(
            totals.isEmpty() ? new AppTotals(List.of(), 0, Map.of(), Map.of()) : totals.get(0),
            range.minutes()));
    return out;
  }

  private Object series(Context ctx) {
    // steps of whole hours or days on a long range, from its first whole one (as /api/series)
    TimeRange range = QueryApi.onWholePeriods(QueryApi.range(ctx, clock));
    Target s = Target.of(ctx);
    List<AppCellField> fields = AppSeries.parseFields(ctx.queryParam("fields"));
    long stepMs = QueryApi.stepMs(range, 1, QueryApi.MAX_POINTS);
    Map<String, Object> out = QueryApi.header(range, stepMs);
    s.describe(out);
    out.put("minutes", range.grid(stepMs));
    out.put("values", AppSeries.values(range, stepMs, store.steps(s.query(range), stepMs), fields));
    return out;
  }

  /**
   * The groups of a selection: {@code by=provider} (an application's providers, or every provider),
   * {@code by=model} ((provider, model) pairs of an application or a provider, or all) or {@code
   * by=application} (the applications calling a provider or a provider's model, or all).
   */
  private Object breakdown(Context ctx) {
    TimeRange range = QueryApi.range(ctx, clock);
    String by = QueryApi.requiredParam(ctx, "by").toLowerCase(Locale.ROOT);
    int limit = QueryApi.intParam(ctx, "limit", 100, 1, QueryApi.MAX_LIMIT);
    String application = AttributionParams.optional(ctx, "application");
    String provider = AttributionParams.optional(ctx, "provider");
    String model = AttributionParams.optional(ctx, "model");
    List<String> groupBy;
    AppDimension dimension;
    switch (by) {
      case "provider" -> {
        if (model != null) {
          throw new ApiException("by=provider takes no model: a model is named by its provider");
        }
        groupBy = List.of(AppCell.PROVIDER);
        dimension = application == null ? AppDimension.PROVIDER : AppDimension.APPLICATION_MODEL;
      }
      case "model" -> {
        groupBy = List.of(AppCell.PROVIDER, AppCell.MODEL);
        dimension =
            application == null ? AppDimension.PROVIDER_MODEL : AppDimension.APPLICATION_MODEL;
      }
      case "application" -> {
        if (application != null) {
          throw new ApiException("by=application takes no application");
        }
        groupBy = List.of(AppCell.APPLICATION);
        dimension = AppDimension.APPLICATION_MODEL;
      }
      default ->
          throw new ApiException("by must be application, provider or model, not '" + by + "'");
    }
    if (model != null && provider == null) {
      throw new ApiException("model needs its provider: a model is named by (provider, model)");
    }
    AppCellQuery query =
        new AppCellQuery(dimension, range.fromMs(), range.toMs(), application, provider, model);
    List<Map<String, Object>> groups = new ArrayList<>();
    for (AppTotals t : store.totals(query, groupBy, limit)) {
      Map<String, Object> coordinates = new LinkedHashMap<>();
      coordinates.put(AppCell.APPLICATION, application);
      coordinates.put(AppCell.PROVIDER, provider);
      coordinates.put(AppCell.MODEL, model);
      for (int i = 0; i < groupBy.size(); i++) {
        coordinates.put(groupBy.get(i), t.key().get(i));
      }
      Map<String, Object> row = new LinkedHashMap<>(coordinates);
      row.put("summary", AppSummary.of(t, range.minutes()));
      groups.add(row);
    }
    Map<String, Object> out = QueryApi.header(range, TimeRange.MINUTE_MS);
    out.put("by", by);
    out.put(AppCell.APPLICATION, application);
    out.put(AppCell.PROVIDER, provider);
    out.put(AppCell.MODEL, model);
    out.put("groups", groups);
    return out;
  }

  /**
   * What a summary or series is about: an application (its cells across providers and models,
   * narrowed by {@code provider} and {@code model}), else a provider, else a provider's model.
   */
  private record Target(String application, String provider, String model) {

    static Target of(Context ctx) {
      Target s =
          new Target(
              AttributionParams.optional(ctx, "application"),
              AttributionParams.optional(ctx, "provider"),
              AttributionParams.optional(ctx, "model"));
      if (s.application == null && s.model != null && s.provider == null) {
        throw new ApiException("model needs its provider: a model is named by (provider, model)");
      }
      if (s.application == null && s.provider == null) {
        throw new ApiException("application or provider is required");
      }
      return s;
    }

    AppCellQuery query(TimeRange range) {
      AppDimension dimension =
          application != null
              ? AppDimension.APPLICATION_MODEL
              : model != null ? AppDimension.PROVIDER_MODEL : AppDimension.PROVIDER;
      return new AppCellQuery(
          dimension, range.fromMs(), range.toMs(), application, provider, model);
    }

    void describe(Map<String, Object> out) {
      out.put(AppCell.APPLICATION, application);
      out.put(AppCell.PROVIDER, provider);
      out.put(AppCell.MODEL, model);
    }
  }
}
