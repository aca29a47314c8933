package dev.aigw.insight.bench.harness;

import dev.aigw.insight.bench.store.StoreProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of a real-store run ({@code --sink opensearch|banyandb}, see {@link StoreHarness}),
 * taken out of the harness's arguments; the rest are {@link HarnessOptions}.
 *
 * @param store the store the job's own sinks write to
 * @param logs whether the load is access logs ({@code --signal logs}) rather than metrics
 * @param keepAll the job keeps every access log ({@code logs.sampling.keep-fraction=1})
 * @param recordsPerRequest access-log records in one export request of the load
 * @param keptFraction share of the load's records of a kind the default sampling keeps
 * @param jobOptions extra job options ({@code --job "k1=v1;k2=v2"}), e.g. the sinks' bulk settings
 * @param indexSettings OpenSearch index settings ({@code --index-settings "k1=v1;k2=v2"}, e.g.
 *     {@code index.refresh_interval=30s}) given to the day's indices the run writes (empty: the
 *     job's template, OpenSearch's defaults: refresh 1 s, translog fsync per request)
 * @param storeHeap heap of the store's JVM
 * @param storeProfile where the store's JVM writes a JFR recording of its whole run (null: none)
 */
public record StoreHarnessOptions(
    StoreProcess.Kind store,
    boolean logs,
    boolean keepAll,
    int recordsPerRequest,
    double keptFraction,
    Map<String, String> jobOptions,
    Map<String, String> indexSettings,
    String storeHeap,
    Path storeProfile) {

  private static final Set<String> NAMES =
      Set.of(
          "sink",
          "keep-all",
          "records-per-request",
          "kept-fraction",
          "job",
          "index-settings",
          "store-heap",
          "store-profile");

  public StoreHarnessOptions {
    jobOptions = Map.copyOf(jobOptions);
    indexSettings = Map.copyOf(indexSettings);
    if (logs && store != StoreProcess.Kind.OPENSEARCH) {
      throw new IllegalArgumentException(
          "Option 'signal' logs needs 'sink' opensearch: the job's log store is OpenSearch");
    }
    if (keptFraction < 0 || keptFraction > 1) {
      throw new IllegalArgumentException(
          "Option 'kept-fraction' must be in [0, 1] but was " + keptFraction);
    }
  }

  /** Whether {@code args} ask for a real store ({@code --sink} other than {@code recording}). */
  public static boolean requested(String[] args) {
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].equals("--sink") && !args[i + 1].equals("recording")) {
        return true;
      }
    }
    return false;
  }

  /** These options, and the remaining arguments for {@link HarnessOptions#parse}. */
  public record Parsed(StoreHarnessOptions options, String[] rest) {}

  /** Takes this class's options (and {@code --signal logs}) out of {@code args}. */
  public static Parsed parse(String[] args) {
    Map<String, String> o = new LinkedHashMap<>();
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i += 2) {
      String key = args[i].startsWith("--") ? args[i].substring(2) : args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Missing value of option " + args[i]);
      }
      boolean logsSignal = key.equals("signal") && args[i + 1].equals("logs");
      if (NAMES.contains(key) || logsSignal) {
        o.put(key, args[i + 1]);
      } else {
        rest.add(args[i]);
        rest.add(args[i + 1]);
      }
    }
    String sink = o.getOrDefault("sink", "opensearch");
    if (!sink.equals("opensearch") && !sink.equals("banyandb")) {
      throw new IllegalArgumentException(
          "Option 'sink' must be recording, opensearch or banyandb but was " + sink);
    }
    StoreHarnessOptions options =
        new StoreHarnessOptions(
            sink.equals("opensearch") ? StoreProcess.Kind.OPENSEARCH : StoreProcess.Kind.BANYANDB,
            o.containsKey("signal"),
            Boolean.parseBoolean(o.getOrDefault("keep-all", "false")),
            Integer.parseInt(o.getOrDefault("records-per-request", "100")),
            Double.parseDouble(o.getOrDefault("kept-fraction", "0.1")),
            pairs("job", o.getOrDefault("job", "")),
            pairs("index-settings", o.getOrDefault("index-settings", "")),
            o.getOrDefault("store-heap", "1g"),
            o.containsKey("store-profile") ? Path.of(o.get("store-profile")) : null);
    return new Parsed(options, rest.toArray(String[]::new));
  }

  private static Map<String, String> pairs(String option, String value) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String pair : value.split(";")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "Option '" + option + "' takes key=value pairs separated by ';' but got " + pair);
      }
      pairs.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return pairs;
  }
}
