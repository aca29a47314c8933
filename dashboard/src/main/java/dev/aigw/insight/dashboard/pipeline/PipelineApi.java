package dev.aigw.insight.dashboard.pipeline;

import dev.aigw.insight.dashboard.server.ApiRoutes;
import dev.aigw.insight.dashboard.server.DashboardServer;
import io.javalin.config.RoutesConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/pipeline}: the job's own health for the Pipeline page (docs/dashboard.md,
 * "Pipeline"), read from Flink's REST API ({@code dashboard.flink-rest}) at request time.
 *
 * <p>Always 200, with a {@code status} the page shows: {@code ok}, {@code not-configured} (no Flink
 * REST address given), {@code unreachable} (the address does not answer; with the reason) or {@code
 * no-job}. Rates per second are the change of each counter since an earlier answer of this server
 * (the oldest within the last {@link #RATE_HORIZON_MS} that is at least {@link #MIN_RATE_WINDOW_MS}
 * old, for the same job, and has the counter): a page that refreshes gets them from its second
 * read. The reads kept are a few snapshots, nothing the dashboard must persist.
 */
public final class PipelineApi implements ApiRoutes {

  /** Reads older than this are not used for rates (nor kept). */
  static final long RATE_HORIZON_MS = 120_000;

  /** A rate needs reads at least this far apart. */
  static final long MIN_RATE_WINDOW_MS = 5_000;

  private final PipelineReader reader;
  private final Deque<PipelineSnapshot> recent = new ArrayDeque<>();

  /** An API reading {@code reader}; null: no Flink REST address was configured. */
  public PipelineApi(PipelineReader reader) {
    this.reader = reader;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/api/pipeline", ctx -> DashboardServer.json(ctx, answer()));
  }

  /** The answer of one request. */
  synchronized Map<String, Object> answer() {
    Map<String, Object> out = new LinkedHashMap<>();
    if (reader == null) {
      out.put("status", "not-configured");
      out.put(
          "message",
          "No Flink REST address is configured: start the dashboard with"
              + " --dashboard.flink-rest http://<jobmanager>:8081 (the local runner passes its own)");
      return out;
    }
    out.put("flink_rest", reader.address().toString());
    PipelineSnapshot now;
    try {
      now = reader.read();
    } catch (FlinkRestException e) {
      out.put("status", "unreachable");
      out.put("message", e.getMessage());
      return out;
    }
    if (now == null) {
      out.put("status", "no-job");
      out.put("message", "Flink at " + reader.address() + " runs no job");
      return out;
    }
    List<PipelineSnapshot> earlier = earlier(now);
    out.put("status", "ok");
    out.put("time_ms", now.timeMs());
    out.put("job", job(now.job()));
    out.put(
        "rate_window_s",
        earlier.isEmpty() ? null : (now.timeMs() - earlier.get(0).timeMs()) / 1000.0);
    Map<String, Object> metrics = new LinkedHashMap<>();
    for (Map.Entry<PipelineMetric, Double> e : now.values().entrySet()) {
      PipelineMetric m = e.getKey();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("section", m.section().name().toLowerCase(Locale.ROOT));
      row.put("value", e.getValue());
      row.put("rate", m.counter() ? rate(m, e.getValue(), now, earlier) : null);
      metrics.put(m.flinkName(), row);
    }
    out.put("metrics", metrics);
    out.put("rejected_by_reason", now.rejectedByReason());
    out.put("checkpoints", checkpoints(now.checkpoints()));
    out.put("vertices", now.vertices().stream().map(PipelineApi::vertex).toList());
    return out;
  }

  /**
   * The reads old enough to compute rates against, oldest first (empty: none yet), and keeps {@code
   * now} for later ones.
   */
  private List<PipelineSnapshot> earlier(PipelineSnapshot now) {
    recent.removeIf(
        s -> now.timeMs() - s.timeMs() > RATE_HORIZON_MS || !s.job().id().equals(now.job().id()));
    List<PipelineSnapshot> earlier = new ArrayList<>();
    for (PipelineSnapshot s : recent) {
      if (now.timeMs() - s.timeMs() >= MIN_RATE_WINDOW_MS) {
        earlier.add(s); // the deque is oldest first
      }
    }
    recent.addLast(now);
    return earlier;
  }

  /**
   * A counter's rate against the oldest earlier read that has it: Flink reports an operator's
   * metrics only once the operator runs, so the first reads of a new job may lack some, and those
   * would otherwise leave the metric without a rate for the whole horizon.
   */
  private static Double rate(
      PipelineMetric m, double value, PipelineSnapshot now, List<PipelineSnapshot> earlier) {
    for (PipelineSnapshot s : earlier) {
      Double before = s.values().get(m);
      if (before != null) {
        return Math.max(0, value - before) / ((now.timeMs() - s.timeMs()) / 1000.0);
      }
    }
    return null;
  }

  private static Map<String, Object> checkpoints(PipelineSnapshot.Checkpoints c) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("completed", c.completed());
    row.put("failed", c.failed());
    row.put("in_progress", c.inProgress());
    boolean any = c.lastId() >= 0;
    row.put("last_id", any ? c.lastId() : null);
    row.put("last_completed_ms", any ? c.lastCompletedMs() : null);
    row.put("last_state_size_bytes", any ? c.lastStateSize() : null);
    row.put("last_checkpointed_size_bytes", any ? c.lastCheckpointedSize() : null);
    row.put("last_duration_ms", any ? c.lastDurationMs() : null);
    return row;
  }

  private static Map<String, Object> vertex(PipelineSnapshot.Vertex v) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("name", v.name());
    row.put("parallelism", v.parallelism());
    row.put("status", v.status());
    row.put("records_in", v.recordsIn());
    row.put("records_out", v.recordsOut());
    return row;
  }

  private static Map<String, Object> job(PipelineSnapshot.Job job) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", job.id());
    row.put("name", job.name());
    row.put("state", job.state());
    row.put("start_time_ms", job.startTimeMs());
    row.put("duration_ms", job.durationMs());
    return row;
  }
}
