package dev.aigw.insight.dashboard.read.banyandb;

import dev.aigw.insight.dashboard.read.CellQuery;
import dev.aigw.insight.dashboard.read.StoreUnavailableException;
import dev.aigw.insight.schema.cell.CellStoreNames;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import dev.aigw.insight.schema.log.AccessLogStoreNames;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints what an operator checks first, read from BanyanDB through {@link BanyanDbTelemetryStore}
 * (the dashboard's BanyanDB reader, so the command and the page show the same numbers).
 *
 * <pre>
 * top-models-by-cost --service S [--last 1h] [--limit 10]
 * latency --service S --minute 2026-11-26T17:30 [--by provider]
 * common: [--targets host:port] [--group genai_minute] [--now 2026-11-26T18:00:00Z]
 * </pre>
 */
public final class BanyanDbQueryCommand {
  private static final double PICOS_PER_UNIT = 1e12;

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
    String targets = opts.getOrDefault("targets", "127.0.0.1:17912");
    String group = opts.getOrDefault("group", CellStoreNames.DEFAULT_MINUTE_GROUP);
    try (BanyanDbTelemetryStore store =
        BanyanDbTelemetryStore.open(targets, group, AccessLogStoreNames.DEFAULT_STREAM_GROUP)) {
      Instant now = opts.containsKey("now") ? Instant.parse(opts.get("now")) : Instant.now();
      switch (opts.get("command")) {
        case "top-models-by-cost" -> {
          Duration last = parseDuration(opts.getOrDefault("last", "1h"));
          int limit = Integer.parseInt(opts.getOrDefault("limit", "10"));
          out.printf(
              "%-16s %-32s %14s %10s %12s%n", "provider", "model", "cost", "requests", "tokens");
          for (ModelCost row : topModelsByCost(store, require(opts, "service"), now, last, limit)) {
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
          for (MinuteCell cell : latency(store, require(opts, "service"), minute, byProvider)) {
            out.printf(
                Locale.ROOT,
                "%-16s %10d %10.3f %10.3f %10.3f %10.3f %10.3f %10.3f%n",
                byProvider ? cell.provider : "(all)",
                cell.requests,
                cell.latencyAvgMs,
                cell.latencyP50Ms,
                cell.latencyP75Ms,
                cell.latencyP90Ms,
                cell.latencyP95Ms,
                cell.latencyP99Ms);
          }
        }
        default -> {
          err.println("Unknown command: " + opts.get("command"));
          err.println(usage());
          return 2;
        }
      }
      return 0;
    } catch (IllegalArgumentException | DateTimeParseException e) {
      err.println(e.getMessage());
      err.println(usage());
      return 2;
    } catch (StoreUnavailableException e) {
      err.println("Query failed: " + e.getMessage());
      return 1;
    }
  }

  /** Cost (currency units), requests and input + output tokens of one model over a range. */
  public record ModelCost(String provider, String model, double cost, long requests, long tokens) {}

  /**
   * The models of a service by estimated cost in [now − last, now), highest first: the exact
   * integer sums of the model cells, per provider and model.
   */
  public static List<ModelCost> topModelsByCost(
      BanyanDbTelemetryStore store, String service, Instant now, Duration last, int limit) {
    CellQuery query =
        CellQuery.of(
                Scope.SERVICE, Dimension.MODEL, now.minus(last).toEpochMilli(), now.toEpochMilli())
            .withService(service);
    Map<List<String>, long[]> sums = new LinkedHashMap<>();
    for (MinuteCell cell : store.cells(query)) {
      long[] sum = sums.computeIfAbsent(List.of(cell.provider, cell.model), k -> new long[3]);
      sum[0] += cell.costPicos;
      sum[1] += cell.requests;
      sum[2] += cell.inputTokens + cell.outputTokens;
    }
    List<ModelCost> rows = new ArrayList<>();
    sums.forEach(
        (key, sum) ->
            rows.add(
                new ModelCost(key.get(0), key.get(1), sum[0] / PICOS_PER_UNIT, sum[1], sum[2])));
    rows.sort(
        Comparator.comparingDouble(ModelCost::cost)
            .reversed()
            .thenComparing(ModelCost::provider)
            .thenComparing(ModelCost::model));
    return rows.subList(0, Math.min(limit, rows.size()));
  }

  /** The cells of one UTC minute of a service, overall or per provider (by provider name). */
  public static List<MinuteCell> latency(
      BanyanDbTelemetryStore store, String service, Instant minute, boolean byProvider) {
    Instant start = minute.truncatedTo(ChronoUnit.MINUTES);
    List<MinuteCell> cells =
        new ArrayList<>(
            store.cells(
                CellQuery.of(
                        Scope.SERVICE,
                        byProvider ? Dimension.PROVIDER : Dimension.ALL,
                        start.toEpochMilli(),
                        start.plusSeconds(60).toEpochMilli())
                    .withService(service)));
    cells.sort(Comparator.comparing(c -> c.provider));
    return cells;
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
        + "       common: [--targets host:port] [--group "
        + CellStoreNames.DEFAULT_MINUTE_GROUP
        + "] [--now <ISO instant>]";
  }
}
