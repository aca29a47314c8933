package dev.aigw.insight.job.alert.reason;

import dev.aigw.insight.job.alert.rule.AlertRule;
import dev.aigw.insight.job.alert.rule.RuleKind;
import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.schema.alert.AlertEvent;
import dev.aigw.insight.schema.alert.AlertStatus;
import dev.aigw.insight.schema.gateway.GatewayContract;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Adds the reason to a firing provider outage: keyed by service, it keeps the kept access logs of
 * failed requests of the last hour (event time, at most {@link #MAX_KEPT} per service) and, when a
 * {@code provider_outage} alert of the service fires, summarises those of its provider and window:
 * the top status codes and error types and an example request. Other events pass unchanged.
 *
 * <p>Best effort: the access logs and the cells travel separately, so a log that arrives after its
 * alert is not in the reason; the reason is not part of the alert's ids, so a replay that finds
 * other logs rewrites the same stored document.
 */
public final class OutageReasons
    extends KeyedCoProcessFunction<String, AlertEvent, AccessLogRecord, AlertEvent> {

  private static final long serialVersionUID = 1L;

  static final int MAX_KEPT = 500;
  private static final long KEEP_MS = 60 * 60_000L;
  private static final int TOP = 3;

  private final List<AlertRule> ruleList;
  private transient Map<String, AlertRule> rules;
  private transient ListState<FailedRequest> failed;

  public OutageReasons(List<AlertRule> rules) {
    this.ruleList = List.copyOf(rules);
  }

  @Override
  public void open(OpenContext openContext) {
    rules = new HashMap<>();
    for (AlertRule rule : ruleList) {
      rules.put(rule.id(), rule);
    }
    failed =
        getRuntimeContext()
            .getListState(
                new ListStateDescriptor<>(
                    "failed-requests", TypeInformation.of(FailedRequest.class)));
  }

  @Override
  public void processElement2(AccessLogRecord log, Context ctx, Collector<AlertEvent> out)
      throws Exception {
    long status = log.statusCode == null ? 0 : log.statusCode;
    String errorType = errorType(log);
    if (status < 400 && errorType.isEmpty()) {
      return;
    }
    FailedRequest f = new FailedRequest();
    f.minuteMs = Math.floorDiv(log.timestampMs, 60_000L) * 60_000L;
    f.backend = log.provider == null ? "" : log.provider;
    f.statusCode = status;
    f.errorType = errorType;
    f.requestId = log.requestId == null ? "" : log.requestId;
    List<FailedRequest> kept = new ArrayList<>();
    for (FailedRequest r : failed.get()) {
      kept.add(r);
    }
    kept.add(f);
    long newest = kept.stream().mapToLong(r -> r.minuteMs).max().orElse(f.minuteMs);
    kept.removeIf(r -> r.minuteMs < newest - KEEP_MS);
    kept.sort(Comparator.comparingLong(r -> r.minuteMs));
    if (kept.size() > MAX_KEPT) {
      kept = new ArrayList<>(kept.subList(kept.size() - MAX_KEPT, kept.size()));
    }
    failed.update(kept);
  }

  @Override
  public void processElement1(AlertEvent event, Context ctx, Collector<AlertEvent> out)
      throws Exception {
    AlertRule rule = rules.get(event.ruleId);
    if (rule != null
        && rule.kind() == RuleKind.PROVIDER_OUTAGE
        && event.status == AlertStatus.FIRING) {
      long from = event.minuteMs - (rule.windowMinutes() - 1) * 60_000L;
      String provider = providerOf(event.entity);
      List<FailedRequest> matching = new ArrayList<>();
      for (FailedRequest r : failed.get()) {
        if (r.minuteMs >= from && r.minuteMs <= event.minuteMs && servedBy(r.backend, provider)) {
          matching.add(r);
        }
      }
      event.reason = reason(matching);
    }
    out.collect(event);
  }

  /** The summary of the failed requests, or a note that the kept logs hold none. */
  static String reason(List<FailedRequest> requests) {
    if (requests.isEmpty()) {
      return "no kept access log of a failed request in the window";
    }
    String codes =
        top(requests.stream().filter(r -> r.statusCode > 0).map(r -> Long.toString(r.statusCode)));
    String types = top(requests.stream().filter(r -> !r.errorType.isEmpty()).map(r -> r.errorType));
    FailedRequest example =
        requests.stream().filter(r -> !r.requestId.isEmpty()).findFirst().orElse(requests.get(0));
    return requests.size()
        + " failed requests in the kept access logs; status codes: "
        + (codes.isEmpty() ? "none" : codes)
        + "; error types: "
        + (types.isEmpty() ? "none" : types)
        + "; example request: "
        + (example.requestId.isEmpty() ? "(no x-request-id)" : example.requestId)
        + " ("
        + (example.statusCode > 0 ? example.statusCode : "no status")
        + (example.errorType.isEmpty() ? "" : ", " + example.errorType)
        + ")";
  }

  /** The most frequent values, {@code value×count}, most frequent first (ties by value). */
  private static String top(java.util.stream.Stream<String> values) {
    Map<String, Long> counts =
        values.collect(Collectors.groupingBy(v -> v, LinkedHashMap::new, Collectors.counting()));
    return counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP)
        .map(e -> e.getKey() + "×" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  /** Whether an access log's backend is the metric's provider ({@link BackendProviders}). */
  static boolean servedBy(String backend, String provider) {
    return BackendProviders.servedBy(backend, provider);
  }

  private static String providerOf(String entity) {
    for (String pair : entity.split(",")) {
      if (pair.startsWith("provider=")) {
        return pair.substring("provider=".length());
      }
    }
    return "";
  }

  private static String errorType(AccessLogRecord log) {
    String type = log.attribute(GatewayContract.ERROR_TYPE);
    if (type == null) {
      type = log.attribute("upstream_transport_failure_reason");
    }
    return type == null ? "" : type;
  }
}
