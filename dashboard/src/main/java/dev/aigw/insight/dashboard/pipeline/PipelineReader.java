package dev.aigw.insight.dashboard.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Reads the job's health from Flink's REST API: the job ({@code /jobs/overview}: the running job
 * started last, else the one that ran last), its vertices ({@code /jobs/:id}), the metrics of
 * {@link PipelineMetric} aggregated over each vertex's subtasks ({@code
 * /jobs/:id/vertices/:vid/subtasks/metrics?get=...&agg=sum,max}) and the checkpoints ({@code
 * /jobs/:id/checkpoints}). Flink's web server refreshes its metric values every {@code
 * metrics.fetcher.update-interval} (10 s by default), so a value is up to that old.
 */
public final class PipelineReader {

  private final FlinkRestClient rest;
  private final LongSupplier clock;

  PipelineReader(FlinkRestClient rest, LongSupplier clock) {
    this.rest = rest;
    this.clock = clock;
  }

  /** A reader of the REST API at {@code base} (e.g. {@code http://127.0.0.1:8081}). */
  public static PipelineReader of(URI base, Duration timeout) {
    return new PipelineReader(new FlinkRestClient(base, timeout), System::currentTimeMillis);
  }

  /** The REST address read. */
  public URI address() {
    return rest.base();
  }

  /** The job's health now, or null when the cluster runs no job and ran none. */
  PipelineSnapshot read() {
    long now = clock.getAsLong();
    PipelineSnapshot.Job job = job(rest.get("jobs/overview"));
    if (job == null) {
      return null;
    }
    String jobPath = "jobs/" + job.id();
    JsonNode details = rest.get(jobPath);
    Map<PipelineMetric, Double> values = new EnumMap<>(PipelineMetric.class);
    Map<String, Double> rejected = new TreeMap<>();
    List<PipelineSnapshot.Vertex> vertices = new ArrayList<>();
    for (JsonNode v : details.path("vertices")) {
      vertices.add(
          new PipelineSnapshot.Vertex(
              v.path("name").asText(),
              v.path("parallelism").asInt(),
              v.path("status").asText(),
              v.path("metrics").path("read-records").asLong(),
              v.path("metrics").path("write-records").asLong()));
      readMetrics(jobPath + "/vertices/" + v.path("id").asText(), values, rejected);
    }
    return new PipelineSnapshot(
        now, job, values, rejected, checkpoints(rest.get(jobPath + "/checkpoints")), vertices);
  }

  /** The running job that started last; without one, the job that started last. */
  static PipelineSnapshot.Job job(JsonNode overview) {
    JsonNode best = null;
    for (JsonNode j : overview.path("jobs")) {
      boolean running = "RUNNING".equals(j.path("state").asText());
      boolean bestRunning = best != null && "RUNNING".equals(best.path("state").asText());
      if (best == null
          || (running && !bestRunning)
          || (running == bestRunning
              && j.path("start-time").asLong() > best.path("start-time").asLong())) {
        best = j;
      }
    }
    if (best == null) {
      return null;
    }
    return new PipelineSnapshot.Job(
        best.path("jid").asText(),
        best.path("name").asText(),
        best.path("state").asText(),
        best.path("start-time").asLong(),
        best.path("duration").asLong());
  }

  /** Adds the vertex's metrics of interest, combined over its subtasks, to {@code values}. */
  private void readMetrics(
      String vertexPath, Map<PipelineMetric, Double> values, Map<String, Double> rejected) {
    List<String> ids = new ArrayList<>();
    for (JsonNode m : rest.get(vertexPath + "/subtasks/metrics")) {
      String id = m.path("id").asText();
      if (PipelineMetric.ofId(id) != null) {
        ids.add(id);
      }
    }
    if (ids.isEmpty()) {
      return;
    }
    StringBuilder get = new StringBuilder();
    for (String id : ids) {
      get.append(get.length() == 0 ? "" : ",")
          .append(URLEncoder.encode(id, StandardCharsets.UTF_8));
    }
    for (JsonNode m : rest.get(vertexPath + "/subtasks/metrics?get=" + get + "&agg=sum,max")) {
      String id = m.path("id").asText();
      PipelineMetric metric = PipelineMetric.ofId(id);
      if (metric == null) {
        continue;
      }
      double value = m.path(metric.additive() ? "sum" : "max").asDouble();
      if (metric.additive()) {
        values.merge(metric, value, Double::sum);
      } else {
        values.merge(metric, value, Math::max);
      }
      if (metric == PipelineMetric.REQUESTS_REJECTED) {
        rejected.merge(PipelineMetric.reasonOf(id), value, Double::sum);
      }
    }
  }

  static PipelineSnapshot.Checkpoints checkpoints(JsonNode c) {
    JsonNode counts = c.path("counts");
    JsonNode last = c.path("latest").path("completed");
    boolean any = last.isObject();
    return new PipelineSnapshot.Checkpoints(
        counts.path("completed").asLong(),
        counts.path("failed").asLong(),
        counts.path("in_progress").asLong(),
        any ? last.path("id").asLong() : -1,
        any ? last.path("latest_ack_timestamp").asLong() : 0,
        any ? last.path("state_size").asLong() : 0,
        any ? last.path("checkpointed_size").asLong() : 0,
        any ? last.path("end_to_end_duration").asLong() : 0);
  }
}
