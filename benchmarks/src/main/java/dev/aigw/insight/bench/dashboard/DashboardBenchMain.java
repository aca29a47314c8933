package dev.aigw.insight.bench.dashboard;

import dev.aigw.insight.bench.stats.Samples;
import dev.aigw.insight.dashboard.api.QueryApi;
import dev.aigw.insight.dashboard.read.TelemetryStore;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchReadOptions;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchTelemetryStore;
import dev.aigw.insight.dashboard.server.DashboardServer;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's figures (issue 16): the query API's latency for a 24 h range of one service with
 * 50 models, and the services page's time to render 200 services in headless Chromium, both on an
 * embedded OpenSearch node holding cells as the job writes them.
 *
 * <pre>
 * mvn -B -o -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.aigw.insight.bench.dashboard.DashboardBenchMain \
 *     [api-calls per endpoint, default 200; 0 = page only] [page loads per range, default 20]
 * </pre>
 *
 * <p>It loads 24 h of cells of one service with 5 providers × 10 models (whole-service, provider
 * and model cells: 80 640) and 24 h of whole-service cells of 200 services (288 000) through the
 * job's index template and document converter, starts the dashboard on the node, calls each
 * endpoint the service page calls for 24 h (after a warm-up of a fifth as many calls) and prints
 * p50/p95/p99 of the wall-clock latency per endpoint; then opens the services page with 1 h and 24
 * h ranges in Chromium ({@code /usr/bin/chromium} through {@code /usr/bin/chromedriver}) and prints
 * p50/p95/p99 of the time from the navigation's start until the table of 200 services and its
 * sparklines are drawn (the page's own mark, {@code data-rendered-ms}).
 */
public final class DashboardBenchMain {

  static final String SERVICE = "bench-gw";
  static final int PROVIDERS = 5;
  static final int MODELS_PER_PROVIDER = 10;
  static final int SERVICES = 200;
  static final int MINUTES = 24 * 60;

  private DashboardBenchMain() {}

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int loads = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Path home = Files.createTempDirectory("dashboard-bench");
    try (EmbeddedOpenSearch node =
        EmbeddedOpenSearch.builder().homeDirectory(home).httpPort(0).start()) {
      long now = System.currentTimeMillis();
      long to = (now / 60_000 + 1) * 60_000; // the end of the minute in progress, as range=24h
      long from = to - MINUTES * 60_000L;
      CellLoader loader = new CellLoader(node.httpUri());
      BenchCells cells = new BenchCells();
      long started = System.nanoTime();
      int loaded =
          loader.load(
              cells.serviceWithModels(SERVICE, PROVIDERS, MODELS_PER_PROVIDER, from, MINUTES));
      loaded += loader.load(cells.services("svc", SERVICES, from, MINUTES));
      loader.refresh();
      System.out.printf(
          "loaded %d cells in %.1f s (%s: %d providers x %d models; %d services; %d minutes)%n",
          loaded,
          (System.nanoTime() - started) / 1e9,
          SERVICE,
          PROVIDERS,
          MODELS_PER_PROVIDER,
          SERVICES,
          MINUTES);
      try (TelemetryStore store =
              new OpenSearchTelemetryStore(OpenSearchReadOptions.of(List.of(node.httpUri())));
          DashboardServer server =
              DashboardServer.start("127.0.0.1", 0, null, new QueryApi(store))) {
        String base = "http://127.0.0.1:" + server.port();
        if (calls > 0) {
          apiFigures(base, calls);
        }
        pageFigures(base, loads);
      }
    } finally {
      deleteRecursively(home);
    }
  }

  /** The calls of the service page for a 24 h range, and the services list. */
  static Map<String, String> endpoints() {
    String range = "range=24h&service=" + SERVICE;
    Map<String, String> endpoints = new LinkedHashMap<>();
    endpoints.put("summary (24 h)", "/api/summary?" + range);
    endpoints.put(
        "series, overview fields (24 h)",
        "/api/series?" + range + "&fields=" + String.join(",", PageFields.OVERVIEW));
    endpoints.put("breakdown by provider (24 h)", "/api/breakdown?by=provider&limit=100&" + range);
    endpoints.put(
        "breakdown by model (24 h, 50 models)", "/api/breakdown?by=model&limit=100&" + range);
    endpoints.put(
        "series by model (24 h, the page's 10 lines)",
        "/api/series?by=model&limit=10&"
            + range
            + "&fields="
            + String.join(",", PageFields.BREAKDOWN));
    endpoints.put(
        "series by model (24 h, all 50 models)",
        "/api/series?by=model&limit=50&"
            + range
            + "&fields="
            + String.join(",", PageFields.BREAKDOWN));
    endpoints.put(
        "services (1 h, 200 services)",
        "/api/services?range=1h&limit=1000&fields=" + String.join(",", PageFields.SERVICES));
    endpoints.put(
        "services (24 h, 200 services)",
        "/api/services?range=24h&limit=1000&fields=" + String.join(",", PageFields.SERVICES));
    return endpoints;
  }

  private static void apiFigures(String base, int calls) throws Exception {
    ApiTimer timer = new ApiTimer(base);
    System.out.printf(
        "%nAPI latency, %d calls per endpoint after %d warm-up calls (ms)%n", calls, calls / 5);
    System.out.printf(
        "%-46s %8s %8s %8s %8s %10s%n", "endpoint", "p50", "p95", "p99", "max", "bytes");
    for (Map.Entry<String, String> e : endpoints().entrySet()) {
      Samples samples = timer.time(e.getValue(), calls / 5, calls);
      System.out.printf(
          "%-46s %8.1f %8.1f %8.1f %8.1f %10d%n",
          e.getKey(),
          samples.percentile(50) / 1e3,
          samples.percentile(95) / 1e3,
          samples.percentile(99) / 1e3,
          samples.max() / 1e3,
          timer.lastBytes());
    }
  }

  private static void pageFigures(String base, int loads) throws Exception {
    System.out.printf(
        "%nServices page, %d services: ms from navigation start to table and sparklines drawn,"
            + " %d loads per range after 2 warm-up loads%n",
        SERVICES, loads);
    System.out.printf("%-12s %8s %8s %8s %8s %6s%n", "range", "p50", "p95", "p99", "max", "rows");
    try (PageTimer page = PageTimer.open()) {
      for (String range : List.of("1h", "24h")) {
        // the services of the page: the 200 and the service with the models
        Samples samples = page.time(base + "/?range=" + range, 2, loads, SERVICES + 1);
        System.out.printf(
            "%-12s %8d %8d %8d %8d %6d%n",
            range,
            samples.percentile(50),
            samples.percentile(95),
            samples.percentile(99),
            samples.max(),
            page.lastRows());
      }
    }
  }

  private static void deleteRecursively(Path dir) throws Exception {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
