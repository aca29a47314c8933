package dev.aigw.insight.job.query;

import static dev.aigw.insight.schema.cell.CellField.ESTIMATED_COST;
import static dev.aigw.insight.schema.cell.CellField.INPUT_TOKENS;
import static dev.aigw.insight.schema.cell.CellField.LATENCY_AVG_MS;
import static dev.aigw.insight.schema.cell.CellField.LATENCY_P50_MS;
import static dev.aigw.insight.schema.cell.CellField.LATENCY_P75_MS;
import static dev.aigw.insight.schema.cell.CellField.LATENCY_P90_MS;
import static dev.aigw.insight.schema.cell.CellField.LATENCY_P95_MS;
import static dev.aigw.insight.schema.cell.CellField.LATENCY_P99_MS;
import static dev.aigw.insight.schema.cell.CellField.OUTPUT_TOKENS;
import static dev.aigw.insight.schema.cell.CellField.REQUESTS;

import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellStoreNames;
import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.Scope;
import dev.aigw.insight.sink.banyandb.BanyanDbQueryClient;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.skywalking.banyandb.v1.client.BanyanDBClient;
import org.apache.skywalking.banyandb.v1.client.DataPoint;
import org.apache.skywalking.banyandb.v1.client.MeasureQuery;
import org.apache.skywalking.banyandb.v1.client.PairQueryCondition;
import org.apache.skywalking.banyandb.v1.client.TimestampRange;

/**
 * Reads GenAI cells back from BanyanDB with the client's MeasureQuery API: what an operator runs to
 * check the numbers.
 *
 * <pre>
 * top-models-by-cost --service S [--last 1h] [--limit 10]
 * latency --service S --minute 2026-11-26T17:30 [--by provider]
 * common: [--targets host:port] [--group genai_minute] [--now 2026-11-26T18:00:00Z]
 * </pre>
 */
public final class BanyanDbQueryCommand {
  private static final int MAX_ROWS = 100_000;

  private BanyanDbQueryCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one subcommand; returns the exit code (0 ok, 2 usage error, 1 failure). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, String> opts;
    try {
      opts = parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(usage());
      return 2;
    }
    String target = opts.getOrDefault("targets", "127.0.0.1:17912").split("[,;]")[0];
    String group = opts.getOrDefault("group", CellStoreNames.DEFAULT_MINUTE_GROUP);
    Instant now = opts.containsKey("now") ? Instant.parse(opts.get("now")) : Instant.now();
    try (BanyanDbQueryClient connection = BanyanDbQueryClient.open(target)) {
      BanyanDBClient client = connection.client();
      switch (opts.get("command")) {
        case "top-models-by-cost" -> {
          Duration last = parseDuration(opts.getOrDefault("last", "1h"));
          int limit = Integer.parseInt(opts.getOrDefault("limit", "10"));
          out.printf(
              "%-16s %-32s %14s %10s %12s%n", "provider", "model", "cost", "requests", "tokens");
          for (ModelCost row :
              topModelsByCost(client, group, require(opts, "service"), now, last, limit)) {
            out.printf(
                Locale.ROOT,
                "%-16s %-32s %14.6f %10d %12d%n",
                row.provider(),
                row.model(),
                row.cost(),
                row.requests(),
                row.tokens());
          }
        }
        case "latency" -> {
          Instant minute = LocalDateTime.parse(require(opts, "minute")).toInstant(ZoneOffset.UTC);
          boolean byProvider = "provider".equals(opts.get("by"));
          out.printf(
              "%-16s %10s %10s %10s %10s %10s %10s %10s%n",
              "provider", "requests", "avg_ms", "p50_ms", "p75_ms", "p90_ms", "p95_ms", "p99_ms");
          for (Latency row : latency(client, group, require(opts, "service"), minute, byProvider)) {
            out.printf(
                Locale.ROOT,
                "%-16s %10d %10.3f %10.3f %10.3f %10.3f %10.3f %10.3f%n",
                row.provider(),
                row.requests(),
                row.avgMs(),
                row.p50Ms(),
                row.p75Ms(),
                row.p90Ms(),
                row.p95Ms(),
                row.p99Ms());
          }
        }
        default -> {
          err.println("Unknown command: " + opts.get("command"));
          err.println(usage());
          return 2;
        }
      }
      return 0;
    } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
      err.println(e.getMessage());
      err.println(usage());
      return 2;
    } catch (Exception e) {
      err.println("Query failed: " + e.getMessage());
      return 1;
    }
  }

  /** Cost, requests and tokens of one model summed over a time range. */
  public record ModelCost(String provider, String model, double cost, long requests, long tokens) {}

  /** Latency of one minute, for the service or one provider. */
  public record Latency(
      String provider,
      long requests,
      double avgMs,
      double p50Ms,
      double p75Ms,
      double p90Ms,
      double p95Ms,
      double p99Ms) {}

  /** Models of a service by estimated cost in [now - last, now), highest first. */
  public static List<ModelCost> topModelsByCost(
      BanyanDBClient client, String group, String service, Instant now, Duration last, int limit)
      throws Exception {
    MeasureQuery query =
        new MeasureQuery(
            List.of(group),
            CellStoreNames.measureName(Scope.SERVICE, Dimension.MODEL),
            new TimestampRange(now.minus(last).toEpochMilli(), now.toEpochMilli()),
            tags(Scope.SERVICE, Dimension.MODEL),
            names(ESTIMATED_COST, REQUESTS, INPUT_TOKENS, OUTPUT_TOKENS));
    query.and(PairQueryCondition.StringQueryCondition.eq(CellTag.SERVICE.storeName(), service));
    query.limit(MAX_ROWS);
    Map<String, ModelCost> sums = new LinkedHashMap<>();
    for (DataPoint point : client.query(query).getDataPoints()) {
      String provider = point.getTagValue(CellTag.PROVIDER.storeName());
      String model = point.getTagValue(CellTag.MODEL.storeName());
      ModelCost add =
          new ModelCost(
              provider,
              model,
              number(point, ESTIMATED_COST),
              (long) number(point, REQUESTS),
              (long) number(point, INPUT_TOKENS) + (long) number(point, OUTPUT_TOKENS));
      sums.merge(
          provider + "\u0000" + model,
          add,
          (a, b) ->
              new ModelCost(
                  a.provider(),
                  a.model(),
                  a.cost() + b.cost(),
                  a.requests() + b.requests(),
                  a.tokens() + b.tokens()));
    }
    List<ModelCost> rows = new ArrayList<>(sums.values());
    rows.sort(
        (a, b) ->
            a.cost() != b.cost()
                ? Double.compare(b.cost(), a.cost())
                : (a.provider() + a.model()).compareTo(b.provider() + b.model()));
    return rows.subList(0, Math.min(limit, rows.size()));
  }

  /** Latency of one minute of a service, overall or per provider. */
  public static List<Latency> latency(
      BanyanDBClient client, String group, String service, Instant minute, boolean byProvider)
      throws Exception {
    Instant start = minute.truncatedTo(ChronoUnit.MINUTES);
    Dimension dimension = byProvider ? Dimension.PROVIDER : Dimension.ALL;
    MeasureQuery query =
        new MeasureQuery(
            List.of(group),
            CellStoreNames.measureName(Scope.SERVICE, dimension),
            new TimestampRange(start.toEpochMilli(), start.plusSeconds(60).toEpochMilli()),
            tags(Scope.SERVICE, dimension),
            names(
                REQUESTS,
                LATENCY_AVG_MS,
                LATENCY_P50_MS,
                LATENCY_P75_MS,
                LATENCY_P90_MS,
                LATENCY_P95_MS,
                LATENCY_P99_MS));
    query.and(PairQueryCondition.StringQueryCondition.eq(CellTag.SERVICE.storeName(), service));
    query.limit(MAX_ROWS);
    List<Latency> rows = new ArrayList<>();
    for (DataPoint point : client.query(query).getDataPoints()) {
      rows.add(
          new Latency(
              byProvider ? point.getTagValue(CellTag.PROVIDER.storeName()) : "(all)",
              (long) number(point, REQUESTS),
              number(point, LATENCY_AVG_MS),
              number(point, LATENCY_P50_MS),
              number(point, LATENCY_P75_MS),
              number(point, LATENCY_P90_MS),
              number(point, LATENCY_P95_MS),
              number(point, LATENCY_P99_MS)));
    }
    rows.sort((a, b) -> a.provider().compareTo(b.provider()));
    return rows;
  }

  private static double number(DataPoint point, CellField field) {
    Object value = point.getFieldValue(field.storeName());
    return value == null ? 0 : ((Number) value).doubleValue();
  }

  /** The stored names of these fields. */
  private static Set<String> names(CellField... fields) {
    return Arrays.stream(fields).map(CellField::storeName).collect(Collectors.toSet());
  }

  /** The entity tags of the measure of a scope and dimension. */
  private static Set<String> tags(Scope scope, Dimension dimension) {
    return CellTag.of(scope, dimension).stream()
        .map(CellTag::storeName)
        .collect(Collectors.toSet());
  }

  private static Map<String, String> parse(String[] args) {
    if (args.length == 0) {
      throw new IllegalArgumentException("No command given");
    }
    Map<String, String> opts = new HashMap<>();
    opts.put("command", args[0]);
    for (int i = 1; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("Expected --option value, got: " + args[i]);
      }
      opts.put(args[i].substring(2), args[i + 1]);
    }
    return opts;
  }

  private static String require(Map<String, String> opts, String name) {
    String value = opts.get(name);
    if (value == null) {
      throw new IllegalArgumentException("Missing --" + name);
    }
    return value;
  }

  /** "90s", "15m", "1h", "2d" or an ISO-8601 duration. */
  static Duration parseDuration(String text) {
    if (text.startsWith("P") || text.startsWith("p")) {
      return Duration.parse(text);
    }
    long amount = Long.parseLong(text.substring(0, text.length() - 1));
    return switch (text.charAt(text.length() - 1)) {
      case 's' -> Duration.ofSeconds(amount);
      case 'm' -> Duration.ofMinutes(amount);
      case 'h' -> Duration.ofHours(amount);
      case 'd' -> Duration.ofDays(amount);
      default -> throw new IllegalArgumentException("Not a duration: " + text);
    };
  }

  private static String usage() {
    return "usage: BanyanDbQueryCommand top-models-by-cost --service S [--last 1h] [--limit 10]\n"
        + "       BanyanDbQueryCommand latency --service S --minute 2026-11-26T17:30"
        + " [--by provider]\n"
        + "       common: [--targets host:port] [--group genai_minute] [--now <ISO instant>]";
  }
}
