package dev.aigw.insight.dashboard.api;

import dev.aigw.insight.dashboard.read.CellQuery;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.Scope;
import io.javalin.http.Context;
import java.util.Locale;

/**
 * Which cells a series or summary query means: a service, optionally narrowed to an instance, a
 * provider, a model. The narrowest given coordinate picks the scope and dimension (an instance →
 * instance cells; a model → model cells, a provider → provider cells, else whole-service cells).
 * {@code by=instance|provider|model} asks for every such series of the selection instead of one.
 */
record Selection(
    Scope scope,
    Dimension dimension,
    String service,
    String instance,
    String provider,
    String model) {

  static Selection of(Context ctx, boolean allowBy) {
    return of(
        QueryApi.requiredParam(ctx, "service"),
        ctx.queryParam("instance"),
        ctx.queryParam("provider"),
        ctx.queryParam("model"),
        allowBy ? ctx.queryParam("by") : null);
  }

  static Selection of(String service, String instance, String provider, String model, String by) {
    String split = by == null ? "" : by.toLowerCase(Locale.ROOT);
    if (!split.isEmpty()
        && !split.equals("instance")
        && !split.equals("provider")
        && !split.equals("model")) {
      throw new ApiException("by must be instance, provider or model, not '" + by + "'");
    }
    Scope scope = instance != null || split.equals("instance") ? Scope.INSTANCE : Scope.SERVICE;
    Dimension dimension =
        model != null || split.equals("model")
            ? Dimension.MODEL
            : provider != null || split.equals("provider") ? Dimension.PROVIDER : Dimension.ALL;
    return new Selection(scope, dimension, service, instance, provider, model);
  }

  CellQuery query(TimeRange range) {
    return new CellQuery(
        scope, dimension, range.fromMs(), range.toMs(), service, instance, provider, model);
  }
}
