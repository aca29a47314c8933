package dev.aigw.insight.bench.harness;

import dev.aigw.insight.bench.load.GatewayShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rule file of the alert benchmark (issue 19): a platform team's mix of the five rule kinds
 * over the harness fleet's services, providers and models, every rule watching cells of the load.
 * Of 100 rules: 10 {@code provider_outage}, 35 {@code threshold}, 20 {@code slo_burn_rate}, 20
 * {@code budget}, 15 {@code anomaly}; fewer or more rules keep these proportions, cycling through
 * the variants of each kind. Thresholds are set where a healthy load stays under them, so what
 * fires is the outage the load injects ({@code --fail-provider-after-s}: provider index 0 answers
 * two of three requests with an error) and whatever that outage also crosses (error rates of that
 * provider, availability SLOs).
 */
public final class BenchAlertRules {

  /** The provider the load's outage hits: the shape's provider index 0. */
  public static final int FAILING_PROVIDER = 0;

  private BenchAlertRules() {}

  /** Writes {@code count} rules for {@code shape} to {@code file} and returns the file. */
  public static Path write(Path file, GatewayShape shape, int count) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, yaml(shape, count));
    return file;
  }

  /** The YAML text of {@code count} rules for {@code shape}. */
  public static String yaml(GatewayShape shape, int count) {
    List<String> services = new ArrayList<>();
    for (int g = 0; g < shape.gateways(); g++) {
      services.add(GatewayShape.serviceName(g));
    }
    List<String> providers = new ArrayList<>();
    for (int p = 0; p < shape.providers(); p++) {
      providers.add(GatewayShape.providerName(p));
    }
    int outages = Math.max(1, count / 10);
    int thresholds = count * 35 / 100;
    int slos = count / 5;
    int budgets = count / 5;
    int anomalies = count - outages - thresholds - slos - budgets;
    StringBuilder y = new StringBuilder("rules:\n");
    for (int i = 0; i < outages; i++) {
      outage(y, i, services, providers);
    }
    for (int i = 0; i < thresholds; i++) {
      threshold(y, i, services, providers);
    }
    for (int i = 0; i < slos; i++) {
      slo(y, i, services);
    }
    for (int i = 0; i < budgets; i++) {
      budget(y, i, services, providers);
    }
    for (int i = 0; i < Math.max(0, anomalies); i++) {
      anomaly(y, i, services, providers);
    }
    return y.toString();
  }

  private static void outage(StringBuilder y, int i, List<String> services, List<String> prov) {
    String provider = prov.get(i % prov.size());
    switch (i % 5) {
      // every service's providers, the documented defaults
      case 0 -> rule(y, "outage-" + i, "provider_outage", "threshold: 0.2", "window: 5m");
      // per pod: a failing provider is seen by each instance
      case 1 ->
          rule(
              y,
              "outage-pod-" + i,
              "provider_outage",
              "scope: instance",
              "threshold: 0.3",
              "window: 5m",
              "min-requests: 5");
      // fast detection for one provider
      case 2 ->
          rule(
              y,
              "outage-fast-" + i,
              "provider_outage",
              "threshold: 0.5",
              "window: 1m",
              "min-requests: 10",
              "include: {provider: [" + quote(provider) + "]}");
      // slow, sensitive, for half of the services
      case 3 ->
          rule(
              y,
              "outage-slow-" + i,
              "provider_outage",
              "threshold: 0.1",
              "window: 15m",
              "min-requests: 100",
              "include: {service: [" + quote(regexOfHalf(services, i)) + "]}");
      // per model of a provider
      default ->
          rule(
              y,
              "outage-model-" + i,
              "provider_outage",
              "dimension: model",
              "threshold: 0.4",
              "window: 3m",
              "include: {provider: [" + quote(provider) + "]}");
    }
  }

  private static void threshold(StringBuilder y, int i, List<String> services, List<String> prov) {
    String[] dimensions = {"all", "provider", "model"};
    String dimension = "dimension: " + dimensions[i % 3];
    String window = "window: " + new int[] {1, 5, 10, 15, 30}[(i / 3) % 5] + "m";
    String id = "threshold-" + i;
    String service = quote(services.get(i % services.size()));
    switch (i % 7) {
      case 0 ->
          rule(
              y,
              id,
              "threshold",
              "metric: error_rate",
              "threshold: 0.05",
              window,
              dimension,
              "min-requests: 50",
              "exclude: {provider: [" + quote(prov.get(0)) + "]}");
      case 1 ->
          rule(
              y,
              id,
              "threshold",
              "metric: latency_p95_ms",
              "threshold: 60000",
              window,
              dimension,
              "min-requests: 20");
      case 2 ->
          rule(
              y,
              id,
              "threshold",
              "metric: ttft_p95_ms",
              "threshold: 20000",
              window,
              dimension,
              "include: {service: [" + service + "]}",
              "severity: ticket");
      case 3 ->
          rule(
              y,
              id,
              "threshold",
              "metric: cost_per_minute",
              "threshold: 1000000",
              window,
              dimension);
      case 4 ->
          rule(
              y,
              id,
              "threshold",
              "metric: cache_read_share",
              "op: \"<\"",
              "threshold: 0.0001",
              window,
              dimension,
              "min-requests: 100",
              "severity: ticket");
      case 5 ->
          rule(
              y,
              id,
              "threshold",
              "metric: {numerator: reasoning_tokens, denominator: output_tokens}",
              "threshold: 50",
              window,
              dimension,
              "scope: instance",
              "include: {service: [" + service + "]}");
      default ->
          rule(
              y,
              id,
              "threshold",
              "metric: tpot_p99_ms",
              "op: \">=\"",
              "threshold: 5000",
              window,
              dimension,
              "exclude: {model: [\".*-3\"]}");
    }
  }

  private static void slo(StringBuilder y, int i, List<String> services) {
    String id = "slo-" + i;
    String[] dimensions = {"all", "provider", "model", "all"};
    String dimension = "dimension: " + dimensions[i % 4];
    String service = "include: {service: [" + quote(services.get(i % services.size())) + "]}";
    switch (i % 4) {
      // availability, the SRE workbook's four pairs (3 days of minutes per entity)
      case 0 -> rule(y, id, "slo_burn_rate", "objective: 99.5", dimension, "min-requests: 20");
      case 1 ->
          rule(
              y,
              id,
              "slo_burn_rate",
              "objective: 99.9",
              dimension,
              service,
              "windows:",
              "  - {severity: page, long: 1h, short: 5m, factor: 14.4}",
              "  - {severity: page, long: 6h, short: 30m, factor: 6}");
      // latency under 2 s / 10 s
      case 2 ->
          rule(
              y,
              id,
              "slo_burn_rate",
              "objective: 99",
              "latency-threshold: 10s",
              dimension,
              "windows:",
              "  - {severity: page, long: 1h, short: 5m, factor: 14.4}");
      default ->
          rule(
              y, id, "slo_burn_rate", "objective: 95", "latency-threshold: 2s", dimension, service);
    }
  }

  private static void budget(StringBuilder y, int i, List<String> services, List<String> prov) {
    String id = "budget-" + i;
    String[] periods = {"day", "week", "month"};
    String period = "period: " + periods[i % 3];
    String amount =
        "amount: " + String.format(Locale.ROOT, "%d", 1_000_000 * (1 + i % 3) * (1 + i % 3));
    switch (i % 4) {
      case 0 ->
          rule(
              y,
              id,
              "budget",
              amount,
              period,
              "include: {service: [" + quote(services.get(i % services.size())) + "]}");
      case 1 ->
          rule(
              y,
              id,
              "budget",
              amount,
              period,
              "dimension: provider",
              "include: {provider: [" + quote(prov.get(i % prov.size())) + "]}",
              "thresholds: [50, 80, 90, 100]");
      case 2 ->
          rule(
              y,
              id,
              "budget",
              amount,
              period,
              "dimension: model",
              "forecast-window: 30m",
              "severity: ticket");
      default ->
          rule(
              y,
              id,
              "budget",
              amount,
              period,
              "include: {service: [" + quote(regexOfHalf(services, i)) + "]}",
              "forecast: false");
    }
  }

  private static void anomaly(StringBuilder y, int i, List<String> services, List<String> prov) {
    String id = "anomaly-" + i;
    String[] metrics = {"cost_per_minute", "requests_per_minute", "error_rate", "ttft_p95_ms"};
    String[] dimensions = {"all", "provider", "model"};
    String dimension = dimensions[i % 3];
    rule(
        y,
        id,
        "anomaly",
        "metric: " + metrics[i % metrics.length],
        "dimension: " + dimension,
        "window: " + (i % 2 == 0 ? "5m" : "15m"),
        "deviations: " + (3 + i % 3),
        "direction: " + (i % 4 == 2 ? "both" : "up"),
        "warmup: 2h",
        "min-requests: 30",
        // a provider filter only where the cells have a provider (else the rule watches nothing)
        i % 5 == 4 && !dimension.equals("all")
            ? "include: {provider: [" + quote(prov.get(i % prov.size())) + "]}"
            : "severity: ticket");
  }

  /** A regular expression matching the first or second half of the services. */
  private static String regexOfHalf(List<String> services, int i) {
    int half = Math.max(1, services.size() / 2);
    List<String> names =
        i % 2 == 0 ? services.subList(0, half) : services.subList(half, services.size());
    return names.isEmpty() ? ".*" : String.join("|", names);
  }

  private static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static void rule(StringBuilder y, String id, String kind, String... fields) {
    y.append("  - id: ").append(id).append('\n');
    y.append("    kind: ").append(kind).append('\n');
    for (String field : fields) {
      y.append("    ").append(field).append('\n');
    }
  }
}
