package dev.aigw.insight.job.query;

import dev.aigw.insight.job.emit.banyandb.GenAiMeasures;
import dev.aigw.insight.job.model.Dimension;
import dev.aigw.insight.job.model.MinuteCell;
import dev.aigw.insight.job.model.Scope;
import dev.aigw.insight.sink.banyandb.schema.FieldSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.skywalking.banyandb.v1.client.BanyanDBClient;
import org.apache.skywalking.banyandb.v1.client.DataPoint;
import org.apache.skywalking.banyandb.v1.client.MeasureQuery;
import org.apache.skywalking.banyandb.v1.client.TimestampRange;

/**
 * Reads {@link MinuteCell}s back from the GenAI measures with the client's MeasureQuery API: the
 * inverse of {@link dev.aigw.insight.job.emit.banyandb.MinuteCellEmitter}.
 */
public final class GenAiCellReader {
  private static final int MAX_ROWS = 100_000;

  private GenAiCellReader() {}

  /** Every cell of every scope and dimension with a minute in [from, to). */
  public static List<MinuteCell> read(BanyanDBClient client, String group, Instant from, Instant to)
      throws Exception {
    List<MinuteCell> cells = new ArrayList<>();
    for (Scope scope : Scope.values()) {
      for (Dimension dimension : Dimension.values()) {
        cells.addAll(read(client, group, scope, dimension, from, to));
      }
    }
    return cells;
  }

  /** The cells of one scope and dimension with a minute in [from, to). */
  public static List<MinuteCell> read(
      BanyanDBClient client,
      String group,
      Scope scope,
      Dimension dimension,
      Instant from,
      Instant to)
      throws Exception {
    Set<String> fields = new HashSet<>();
    for (FieldSpec field : GenAiMeasures.FIELDS) {
      fields.add(field.name());
    }
    MeasureQuery query =
        new MeasureQuery(
            List.of(group),
            GenAiMeasures.measureName(scope, dimension),
            new TimestampRange(from.toEpochMilli(), to.toEpochMilli()),
            new HashSet<>(GenAiMeasures.entityTags(scope, dimension)),
            fields);
    query.limit(MAX_ROWS);
    List<MinuteCell> cells = new ArrayList<>();
    for (DataPoint point : client.query(query).getDataPoints()) {
      MinuteCell cell = new MinuteCell();
      cell.windowStartMs = point.getTimestamp();
      cell.scope = scope;
      cell.dimension = dimension;
      cell.service = point.getTagValue(GenAiMeasures.SERVICE);
      cell.instance =
          scope == Scope.INSTANCE ? point.getTagValue(GenAiMeasures.INSTANCE) : MinuteCell.ABSENT;
      cell.provider =
          dimension != Dimension.ALL
              ? point.getTagValue(GenAiMeasures.PROVIDER)
              : MinuteCell.ABSENT;
      cell.model =
          dimension == Dimension.MODEL ? point.getTagValue(GenAiMeasures.MODEL) : MinuteCell.ABSENT;
      cell.requests = integer(point, "requests");
      cell.errors = integer(point, "errors");
      cell.latencyAvgMs = real(point, "latency_avg_ms");
      cell.latencyP50Ms = real(point, "latency_p50_ms");
      cell.latencyP75Ms = real(point, "latency_p75_ms");
      cell.latencyP90Ms = real(point, "latency_p90_ms");
      cell.latencyP95Ms = real(point, "latency_p95_ms");
      cell.latencyP99Ms = real(point, "latency_p99_ms");
      cell.ttftCount = integer(point, "ttft_count");
      cell.ttftAvgMs = real(point, "ttft_avg_ms");
      cell.ttftP50Ms = real(point, "ttft_p50_ms");
      cell.ttftP75Ms = real(point, "ttft_p75_ms");
      cell.ttftP90Ms = real(point, "ttft_p90_ms");
      cell.ttftP95Ms = real(point, "ttft_p95_ms");
      cell.ttftP99Ms = real(point, "ttft_p99_ms");
      cell.tpotCount = integer(point, "tpot_count");
      cell.tpotAvgMs = real(point, "tpot_avg_ms");
      cell.tpotP50Ms = real(point, "tpot_p50_ms");
      cell.tpotP75Ms = real(point, "tpot_p75_ms");
      cell.tpotP90Ms = real(point, "tpot_p90_ms");
      cell.tpotP95Ms = real(point, "tpot_p95_ms");
      cell.tpotP99Ms = real(point, "tpot_p99_ms");
      cell.inputTokens = integer(point, "input_tokens");
      cell.outputTokens = integer(point, "output_tokens");
      cell.cachedInputTokens = integer(point, "cached_input_tokens");
      cell.cacheCreationInputTokens = integer(point, "cache_creation_input_tokens");
      cell.reasoningTokens = integer(point, "reasoning_tokens");
      cell.costPicos = integer(point, "cost_picos");
      cell.estimatedCost = real(point, "estimated_cost");
      cell.cacheSavingsPicos = integer(point, "cache_savings_picos");
      cell.cacheSavings = real(point, "cache_savings");
      cell.unpricedTokens = integer(point, "unpriced_tokens");
      cells.add(cell);
    }
    return cells;
  }

  private static long integer(DataPoint point, String field) {
    Object value = point.getFieldValue(field);
    return value == null ? 0 : ((Number) value).longValue();
  }

  private static double real(DataPoint point, String field) {
    Object value = point.getFieldValue(field);
    return value == null ? 0 : ((Number) value).doubleValue();
  }
}
