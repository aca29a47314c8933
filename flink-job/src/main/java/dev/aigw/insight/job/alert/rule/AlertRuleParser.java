package dev.aigw.insight.job.alert.rule;

import dev.aigw.insight.job.alert.rule.AlertRule.Anomaly;
import dev.aigw.insight.job.alert.rule.AlertRule.Budget;
import dev.aigw.insight.job.alert.rule.AlertRule.BudgetPeriod;
import dev.aigw.insight.job.alert.rule.AlertRule.BurnWindow;
import dev.aigw.insight.job.alert.rule.AlertRule.Comparison;
import dev.aigw.insight.job.alert.rule.AlertRule.Direction;
import dev.aigw.insight.job.alert.rule.AlertRule.Slo;
import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.Scope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads and validates the alert rule file (docs/alerts.md). Every problem stops the job at start
 * with a {@link RuleFileException} naming the rule and the field: an unknown field, a bad value or
 * expression, an unknown metric, scope, dimension or tag, a budget without a period, a duplicate
 * id.
 */
public final class AlertRuleParser {

  private static final Set<String> COMMON =
      Set.of(
          "id",
          "kind",
          "scope",
          "dimension",
          "include",
          "exclude",
          "severity",
          "silence",
          "recovery",
          "attribute",
          "across-services");

  private static final Map<RuleKind, Set<String>> KIND_FIELDS =
      Map.of(
          RuleKind.THRESHOLD, Set.of("metric", "op", "threshold", "window", "min-requests"),
          RuleKind.PROVIDER_OUTAGE, Set.of("metric", "threshold", "window", "min-requests"),
          RuleKind.SLO_BURN_RATE,
              Set.of("objective", "latency-threshold", "windows", "min-requests"),
          RuleKind.BUDGET, Set.of("amount", "period", "thresholds", "forecast", "forecast-window"),
          RuleKind.ANOMALY,
              Set.of(
                  "metric",
                  "window",
                  "alpha",
                  "deviations",
                  "min-change",
                  "warmup",
                  "direction",
                  "min-requests"));

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private AlertRuleParser() {}

  /** Reads and validates a rule file. */
  public static List<AlertRule> read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new RuleFileException("Cannot read the alert rule file " + file + ": " + e);
    }
  }

  /** Parses and validates rule-file text. */
  public static List<AlertRule> parse(String yamlText) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
    } catch (YAMLException e) {
      throw new RuleFileException("The alert rule file is not valid YAML: " + e.getMessage());
    }
    if (!(root instanceof Map<?, ?> top)) {
      throw new RuleFileException("The alert rule file must be a map with a 'rules' list");
    }
    for (Object key : top.keySet()) {
      if (!"rules".equals(key)) {
        throw new RuleFileException(
            "The alert rule file has an unknown top-level field '" + key + "' (known: rules)");
      }
    }
    if (!(top.get("rules") instanceof List<?> list)) {
      throw new RuleFileException("The alert rule file's 'rules' must be a list");
    }
    List<AlertRule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> map)) {
        throw new RuleFileException("Alert rule #" + (i + 1) + " must be a map");
      }
      AlertRule rule = new Fields("#" + (i + 1), map).rule();
      if (!ids.add(rule.id())) {
        throw RuleFileException.of(rule.id(), "id", "is used by another rule");
      }
      rules.add(rule);
    }
    return List.copyOf(rules);
  }

  /** One rule's raw fields, read with the rule's name in every message. */
  private static final class Fields {
    private String rule;
    private final Map<?, ?> raw;

    Fields(String position, Map<?, ?> raw) {
      this.rule = position;
      this.raw = raw;
    }

    AlertRule rule() {
      Object id = raw.get("id");
      if (!(id instanceof String s) || s.isBlank()) {
        throw RuleFileException.of(rule, "id", "is required (a non-empty text)");
      }
      if (s.contains("|")) {
        throw RuleFileException.of(s, "id", "must not contain '|'");
      }
      rule = s;
      RuleKind kind =
          RuleKind.of(text("kind", null))
              .orElseThrow(
                  () ->
                      RuleFileException.of(
                          rule,
                          "kind",
                          "unknown kind '"
                              + raw.get("kind")
                              + "' (known: "
                              + Arrays.stream(RuleKind.values())
                                  .map(RuleKind::fileName)
                                  .collect(Collectors.joining(", "))
                              + ")"));
      checkKnownFields(kind);
      Scope scope = scope();
      Dimension dimension =
          dimension(kind == RuleKind.PROVIDER_OUTAGE ? Dimension.PROVIDER : Dimension.ALL);
      String attribute = attribute(kind, scope, dimension);
      boolean across = bool("across-services", false);
      if (across && attribute == null) {
        throw RuleFileException.of(
            rule,
            "across-services",
            "sums an attribute value's cells over the services: it needs 'attribute'");
      }
      EntityFilter filter =
          new EntityFilter(patterns("include", attribute), patterns("exclude", attribute));
      String severity = text("severity", kind == RuleKind.BUDGET ? "warning" : "page");
      int silence = minutes("silence", 10);
      int recovery = Math.max(1, minutes("recovery", 5));
      AlertRule parsed = parsed(kind, scope, dimension, filter, severity, silence, recovery);
      if (attribute == null) {
        return parsed;
      }
      if (parsed.metric().fromAccessLogs()) {
        throw RuleFileException.of(
            rule,
            "metric",
            parsed.metric().name()
                + " is counted from the access logs per service and provider, not per attribute"
                + " value: it cannot be watched on the attribution cells");
      }
      return parsed.onAttribute(attribute, across);
    }

    private AlertRule parsed(
        RuleKind kind,
        Scope scope,
        Dimension dimension,
        EntityFilter filter,
        String severity,
        int silence,
        int recovery) {
      return switch (kind) {
        case THRESHOLD ->
            new AlertRule(
                rule,
                kind,
                statusSharePlace(metric(null), scope, dimension),
                scope,
                dimension,
                filter,
                comparison(),
                number("threshold", null),
                positiveMinutes("window", 5),
                count("min-requests", 0),
                severity,
                silence,
                recovery,
                null,
                null,
                null);
        case PROVIDER_OUTAGE -> {
          AlertMetric metric = metric("error_rate");
          if (!metric.name().equals("error_rate") && !metric.fromAccessLogs()) {
            throw RuleFileException.of(
                rule,
                "metric",
                "provider_outage measures error_rate, status_429_share, status_5xx_share or"
                    + " status_429_or_5xx_share; was "
                    + metric.name());
          }
          statusSharePlace(metric, scope, dimension);
          yield new AlertRule(
              rule,
              kind,
              metric,
              scope,
              dimension,
              filter,
              Comparison.GT,
              fraction("threshold", 0.2),
              positiveMinutes("window", 5),
              count("min-requests", 20),
              severity,
              silence,
              recovery,
              null,
              null,
              null);
        }
        case SLO_BURN_RATE ->
            new AlertRule(
                rule,
                kind,
                AlertMetric.named("error_rate").orElseThrow(),
                scope,
                dimension,
                filter,
                Comparison.GT,
                0,
                0,
                count("min-requests", 0),
                severity,
                silence,
                recovery,
                slo(),
                null,
                null);
        case BUDGET ->
            new AlertRule(
                rule,
                kind,
                AlertMetric.named("cost_per_minute").orElseThrow(),
                scope,
                dimension,
                filter,
                Comparison.GE,
                0,
                0,
                0,
                severity,
                silence,
                recovery,
                null,
                budget(),
                null);
        case ANOMALY ->
            new AlertRule(
                rule,
                kind,
                notStatusShare(metric(null), kind),
                scope,
                dimension,
                filter,
                Comparison.GT,
                0,
                positiveMinutes("window", 5),
                count("min-requests", 0),
                severity,
                silence,
                recovery,
                null,
                null,
                anomaly());
      };
    }

    private void checkKnownFields(RuleKind kind) {
      Set<String> known = new TreeSet<>(COMMON);
      known.addAll(KIND_FIELDS.get(kind));
      for (Object key : raw.keySet()) {
        if (!known.contains(String.valueOf(key))) {
          throw RuleFileException.of(
              rule,
              String.valueOf(key),
              "unknown field for kind " + kind.fileName() + " (known: " + known + ")");
        }
      }
    }

    private Scope scope() {
      String value = text("scope", "service");
      try {
        return Scope.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw RuleFileException.of(
            rule,
            "scope",
            "unknown scope '" + value + "' (known: " + lowerNames(Scope.values()) + ")");
      }
    }

    private Dimension dimension(Dimension fallback) {
      String value = text("dimension", fallback.name().toLowerCase(Locale.ROOT));
      try {
        return Dimension.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw RuleFileException.of(
            rule,
            "dimension",
            "unknown dimension '" + value + "' (known: " + lowerNames(Dimension.values()) + ")");
      }
    }

    /**
     * The attribution attribute the rule watches, or null. The attribution cells are service-scope
     * cells over all providers and models or per model: a rule on them is one of those, and no
     * provider_outage (no provider cells). Whether the job is configured with the attribute is
     * checked where the configuration is at hand ({@code AlertPipeline.rules}).
     */
    private String attribute(RuleKind kind, Scope scope, Dimension dimension) {
      Object value = raw.get("attribute");
      if (value == null) {
        return null;
      }
      if (!(value instanceof String name) || name.isBlank()) {
        throw RuleFileException.of(
            rule, "attribute", "an attribution attribute's name, e.g. team.id");
      }
      if (kind == RuleKind.PROVIDER_OUTAGE) {
        throw RuleFileException.of(
            rule,
            "attribute",
            "provider_outage watches provider cells, which the attribution cells do not have"
                + " (dimension all or model); use a threshold rule on error_rate");
      }
      if (scope != Scope.SERVICE) {
        throw RuleFileException.of(
            rule,
            "scope",
            "the attribution cells are at scope service; was "
                + scope.name().toLowerCase(Locale.ROOT));
      }
      if (dimension != Dimension.ALL && dimension != Dimension.MODEL) {
        throw RuleFileException.of(
            rule,
            "dimension",
            "the attribution cells are at dimension all or model; was "
                + dimension.name().toLowerCase(Locale.ROOT));
      }
      return name;
    }

    private Map<String, List<Pattern>> patterns(String field, String attribute) {
      Object value = raw.get(field);
      if (value == null) {
        return Map.of();
      }
      if (!(value instanceof Map<?, ?> byTag)) {
        throw RuleFileException.of(
            rule,
            field,
            "must map tag names to lists of regular"
                + " expressions, e.g. {service: [checkout-.*]}");
      }
      Set<String> tags =
          Arrays.stream(CellTag.values())
              .map(CellTag::storeName)
              .collect(Collectors.toCollection(HashSet::new));
      if (attribute != null) {
        // an attribute rule's filter may select the attribute's values like any tag
        tags.add(attribute);
      }
      Map<String, List<Pattern>> result = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : byTag.entrySet()) {
        String tag = String.valueOf(e.getKey());
        if (!tags.contains(tag)) {
          throw RuleFileException.of(
              rule, field + "." + tag, "unknown tag (known: " + new TreeSet<>(tags) + ")");
        }
        List<?> regexes = e.getValue() instanceof List<?> l ? l : List.of(e.getValue());
        List<Pattern> compiled = new ArrayList<>();
        for (Object regex : regexes) {
          try {
            compiled.add(Pattern.compile(String.valueOf(regex)));
          } catch (PatternSyntaxException x) {
            throw RuleFileException.of(
                rule,
                field + "." + tag,
                "bad regular expression '" + regex + "': " + x.getDescription());
          }
        }
        result.put(tag, List.copyOf(compiled));
      }
      return Map.copyOf(result);
    }

    private AlertMetric metric(String fallback) {
      Object value = raw.get("metric");
      if (value == null && fallback != null) {
        return AlertMetric.named(fallback).orElseThrow();
      }
      if (value instanceof Map<?, ?> ratio) {
        Object num = ratio.get("numerator");
        Object den = ratio.get("denominator");
        if (num == null || den == null || ratio.size() != 2) {
          throw RuleFileException.of(
              rule, "metric", "a ratio has exactly 'numerator' and 'denominator'");
        }
        return AlertMetric.ratio(String.valueOf(num), String.valueOf(den))
            .orElseThrow(
                () ->
                    RuleFileException.of(
                        rule,
                        "metric",
                        "ratio "
                            + num
                            + "/"
                            + den
                            + ": both must be additive cell fields (counts, tokens, cost_picos, *_sum_ms)"));
      }
      if (!(value instanceof String name)) {
        throw RuleFileException.of(rule, "metric", "is required (a metric name or a ratio)");
      }
      return AlertMetric.named(name)
          .orElseThrow(
              () ->
                  RuleFileException.of(
                      rule,
                      "metric",
                      "unknown metric '"
                          + name
                          + "' (error_rate, cache_read_share, cost_per_minute, requests_per_minute,"
                          + " tokens_per_minute, status_429_share, status_5xx_share,"
                          + " status_429_or_5xx_share, or a cell field such as ttft_p95_ms; see"
                          + " docs/storage.md)"));
    }

    /**
     * An access-log share is counted per service and backend: it can be watched at the service
     * scope, for a provider or for all of a service's requests, nowhere else.
     */
    private AlertMetric statusSharePlace(AlertMetric metric, Scope scope, Dimension dimension) {
      if (metric.fromAccessLogs()
          && (scope != Scope.SERVICE
              || (dimension != Dimension.PROVIDER && dimension != Dimension.ALL))) {
        throw RuleFileException.of(
            rule,
            "metric",
            metric.name()
                + " is counted from the access logs per service and provider: it needs scope"
                + " service and dimension provider or all (was "
                + scope.name().toLowerCase(Locale.ROOT)
                + ", "
                + dimension.name().toLowerCase(Locale.ROOT)
                + ")");
      }
      return metric;
    }

    private AlertMetric notStatusShare(AlertMetric metric, RuleKind kind) {
      if (metric.fromAccessLogs()) {
        throw RuleFileException.of(
            rule,
            "metric",
            metric.name() + " is for threshold and provider_outage rules, not " + kind.fileName());
      }
      return metric;
    }

    private Comparison comparison() {
      String op = text("op", ">");
      return Arrays.stream(Comparison.values())
          .filter(c -> c.symbol().equals(op))
          .findFirst()
          .orElseThrow(
              () ->
                  RuleFileException.of(
                      rule, "op", "unknown comparison '" + op + "' (known: >, >=, <, <=)"));
    }

    private Slo slo() {
      double objective = number("objective", null);
      if (!(objective >= 50 && objective < 100)) {
        throw RuleFileException.of(
            rule,
            "objective",
            "a percentage from 50 up to (not including) 100, e.g. 99.5 (not 0.995); was "
                + objective);
      }
      double latency = 0;
      if (raw.get("latency-threshold") != null) {
        latency = durationMs("latency-threshold");
        if (latency <= 0) {
          throw RuleFileException.of(rule, "latency-threshold", "must be positive");
        }
      }
      List<BurnWindow> windows = Slo.defaultWindows();
      Object given = raw.get("windows");
      if (given != null) {
        if (!(given instanceof List<?> list) || list.isEmpty()) {
          throw RuleFileException.of(
              rule, "windows", "a non-empty list of {severity, long," + " short, factor}");
        }
        windows = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
          windows.add(burnWindow("windows[" + i + "]", list.get(i)));
        }
        windows = List.copyOf(windows);
      }
      return new Slo(objective / 100, latency, windows);
    }

    private BurnWindow burnWindow(String field, Object value) {
      if (!(value instanceof Map<?, ?> map)
          || !Set.of("severity", "long", "short", "factor")
              .containsAll(map.keySet().stream().map(String::valueOf).toList())) {
        throw RuleFileException.of(rule, field, "a map of severity, long, short and factor");
      }
      Fields inner = new Fields(rule, map);
      int longMinutes = inner.positiveMinutes("long", null);
      int shortMinutes = inner.positiveMinutes("short", null);
      if (shortMinutes > longMinutes) {
        throw RuleFileException.of(rule, field + ".short", "must not be longer than 'long'");
      }
      double factor = inner.number("factor", null);
      if (factor <= 0) {
        throw RuleFileException.of(rule, field + ".factor", "must be positive");
      }
      return new BurnWindow(inner.text("severity", "page"), longMinutes, shortMinutes, factor);
    }

    private Budget budget() {
      double amount = number("amount", null);
      if (amount <= 0) {
        throw RuleFileException.of(rule, "amount", "must be positive");
      }
      Object periodValue = raw.get("period");
      if (periodValue == null) {
        throw RuleFileException.of(rule, "period", "a budget needs a period (day, week, month)");
      }
      BudgetPeriod period;
      try {
        period = BudgetPeriod.valueOf(String.valueOf(periodValue).toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw RuleFileException.of(
            rule, "period", "unknown period '" + periodValue + "' (known: day, week, month)");
      }
      List<Double> thresholds = List.of(50.0, 80.0, 100.0);
      Object given = raw.get("thresholds");
      if (given != null) {
        if (!(given instanceof List<?> list) || list.isEmpty()) {
          throw RuleFileException.of(rule, "thresholds", "a non-empty list of percentages");
        }
        List<Double> parsed = new ArrayList<>();
        for (Object t : list) {
          if (!(t instanceof Number n) || n.doubleValue() <= 0) {
            throw RuleFileException.of(
                rule, "thresholds", "'" + t + "' is not a positive percentage");
          }
          parsed.add(n.doubleValue());
        }
        thresholds = parsed.stream().distinct().sorted().toList();
      }
      if (thresholds.size() > 30) {
        throw RuleFileException.of(rule, "thresholds", "at most 30 thresholds");
      }
      return new Budget(
          amount,
          period,
          thresholds,
          bool("forecast", true),
          positiveMinutes("forecast-window", 60));
    }

    private Anomaly anomaly() {
      double alpha = number("alpha", 0.1);
      if (!(alpha > 0 && alpha <= 1)) {
        throw RuleFileException.of(rule, "alpha", "must be in (0, 1]");
      }
      double deviations = number("deviations", 3.0);
      if (deviations <= 0) {
        throw RuleFileException.of(rule, "deviations", "must be positive");
      }
      double minChange = number("min-change", 0.2);
      if (minChange < 0) {
        throw RuleFileException.of(rule, "min-change", "must not be negative");
      }
      String direction = text("direction", "up");
      Direction d;
      try {
        d = Direction.valueOf(direction.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw RuleFileException.of(
            rule, "direction", "unknown direction '" + direction + "' (known: up, down, both)");
      }
      return new Anomaly(alpha, deviations, minChange, minutes("warmup", 60), d);
    }

    private String text(String field, String fallback) {
      Object value = raw.get(field);
      if (value == null) {
        if (fallback == null) {
          throw RuleFileException.of(rule, field, "is required");
        }
        return fallback;
      }
      return String.valueOf(value);
    }

    private double number(String field, Double fallback) {
      Object value = raw.get(field);
      if (value == null) {
        if (fallback == null) {
          throw RuleFileException.of(rule, field, "is required (a number)");
        }
        return fallback;
      }
      if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
        throw RuleFileException.of(rule, field, "'" + value + "' is not a number");
      }
      return n.doubleValue();
    }

    private double fraction(String field, double fallback) {
      double value = number(field, fallback);
      if (value < 0 || value > 1) {
        throw RuleFileException.of(rule, field, "a fraction between 0 and 1; was " + value);
      }
      return value;
    }

    private long count(String field, long fallback) {
      Object value = raw.get(field);
      if (value == null) {
        return fallback;
      }
      if (!(value instanceof Integer || value instanceof Long)
          || ((Number) value).longValue() < 0) {
        throw RuleFileException.of(rule, field, "'" + value + "' is not a whole number >= 0");
      }
      return ((Number) value).longValue();
    }

    private boolean bool(String field, boolean fallback) {
      Object value = raw.get(field);
      if (value == null) {
        return fallback;
      }
      if (!(value instanceof Boolean b)) {
        throw RuleFileException.of(rule, field, "'" + value + "' is not true or false");
      }
      return b;
    }

    private int positiveMinutes(String field, Integer fallback) {
      int value = minutes(field, fallback);
      if (value <= 0) {
        throw RuleFileException.of(rule, field, "must be at least 1m");
      }
      return value;
    }

    /** Whole minutes: {@code 5m}, {@code 1h}, {@code 3d}, or a number of minutes. */
    private int minutes(String field, Integer fallback) {
      Object value = raw.get(field);
      if (value == null) {
        if (fallback == null) {
          throw RuleFileException.of(rule, field, "is required (e.g. 5m, 1h, 1d)");
        }
        return fallback;
      }
      long ms = value instanceof Integer i ? i * 60_000L : durationMs(field);
      if (ms % 60_000 != 0 || ms / 60_000 > 7 * 24 * 60) {
        throw RuleFileException.of(
            rule, field, "'" + value + "' is not a whole number of minutes up to 7d");
      }
      return (int) (ms / 60_000);
    }

    private long durationMs(String field) {
      String value = String.valueOf(raw.get(field)).trim();
      Matcher m = DURATION.matcher(value);
      if (!m.matches()) {
        throw RuleFileException.of(
            rule, field, "'" + value + "' is not a duration (e.g. 500ms, 2s, 5m, 1h, 1d)");
      }
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> amount;
        case "s" -> amount * 1000;
        case "m" -> amount * 60_000;
        case "h" -> amount * 3_600_000;
        default -> amount * 86_400_000;
      };
    }
  }

  private static String lowerNames(Enum<?>[] values) {
    return Arrays.stream(values)
        .map(v -> v.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }
}
