package dev.aigw.insight.job.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Reads cluster and job state from the JobManager's REST API (no Web UI needed). */
public final class FlinkRestClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  FlinkRestClient(URI base) {
    this.base = base;
  }

  /** The REST endpoint, e.g. {@code http://127.0.0.1:41234}. */
  public URI baseUri() {
    return base;
  }

  /** GETs {@code path} and parses the JSON answer; empty when the server is not (yet) reachable. */
  public Optional<JsonNode> get(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return Optional.empty();
      }
      return Optional.of(JSON.readTree(response.body()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while calling " + request.uri(), e);
    }
  }

  /** Number of TaskManagers registered at the ResourceManager. */
  public int registeredTaskManagers() {
    return get("/taskmanagers").map(json -> json.path("taskmanagers").size()).orElse(0);
  }

  /** Resource ids of the registered TaskManagers (a killed one stays until its heartbeat fails). */
  public Set<String> taskManagerIds() {
    Set<String> ids = new HashSet<>();
    get("/taskmanagers")
        .ifPresent(
            json -> json.path("taskmanagers").forEach(tm -> ids.add(tm.path("id").asText())));
    return ids;
  }

  /** The job's state ({@code RUNNING}, {@code FINISHED}, …); empty if the job is unknown. */
  public Optional<String> jobState(String jobId) {
    return get("/jobs/" + jobId).map(json -> json.path("state").asText());
  }

  /** True when the job and every one of its tasks run: only then can a savepoint be taken. */
  public boolean allTasksRunning(String jobId) {
    return get("/jobs/" + jobId)
        .map(
            json -> {
              if (!"RUNNING".equals(json.path("state").asText())) {
                return false;
              }
              for (JsonNode vertex : json.path("vertices")) {
                JsonNode counts = vertex.path("tasks");
                int running = counts.path("RUNNING").asInt();
                if (running != vertex.path("parallelism").asInt()) {
                  return false;
                }
              }
              return json.path("vertices").size() > 0;
            })
        .orElse(false);
  }

  /** Number of completed checkpoints of the job (savepoints included). */
  public long completedCheckpoints(String jobId) {
    return get("/jobs/" + jobId + "/checkpoints")
        .map(json -> json.path("counts").path("completed").asLong())
        .orElse(0L);
  }

  /**
   * Triggers a checkpoint now ({@code POST /jobs/:id/checkpoints}), besides the periodic ones; use
   * {@link #completedCheckpoints(String)} to see it complete.
   */
  public void triggerCheckpoint(String jobId) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/jobs/" + jobId + "/checkpoints"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 202 && response.statusCode() != 200) {
        throw new IllegalStateException(
            "Checkpoint trigger of job "
                + jobId
                + " answered "
                + response.statusCode()
                + ": "
                + response.body());
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot trigger a checkpoint of job " + jobId, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while triggering a checkpoint", e);
    }
  }

  /** The job's name; empty if the job is unknown. */
  public Optional<String> jobName(String jobId) {
    return get("/jobs/" + jobId).map(json -> json.path("name").asText());
  }

  /**
   * Records the first vertex whose name contains {@code vertexName} sent downstream ({@code
   * write-records}); as fresh as the JobManager's {@code metrics.fetcher.update-interval}.
   */
  public long recordsOut(String jobId, String vertexName) {
    return get("/jobs/" + jobId)
        .map(
            json -> {
              for (JsonNode vertex : json.path("vertices")) {
                if (vertex.path("name").asText().contains(vertexName)) {
                  return vertex.path("metrics").path("write-records").asLong();
                }
              }
              return 0L;
            })
        .orElse(0L);
  }

  /** The savepoint or checkpoint path the job was restored from, if any. */
  public Optional<String> restoredFrom(String jobId) {
    return get("/jobs/" + jobId + "/checkpoints")
        .map(json -> json.path("latest").path("restored").path("external_path").asText(""))
        .filter(path -> !path.isEmpty());
  }
}
