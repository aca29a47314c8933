package dev.aigw.insight.dashboard.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * GETs JSON from Flink's REST API (the JobManager's port, 8081 by default) with the JDK's HTTP
 * client: the dashboard reads a handful of endpoints, no client library is needed. A connection
 * error, a timeout or a non-2xx answer raises {@link FlinkRestException} naming the URL.
 */
final class FlinkRestClient {

  private final URI base;
  private final Duration timeout;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  FlinkRestClient(URI base, Duration timeout) {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text : text + "/");
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** The REST address, as configured. */
  URI base() {
    return base;
  }

  /** The JSON answer of {@code path} (relative, e.g. {@code jobs/overview}). */
  JsonNode get(String path) {
    URI uri = base.resolve(path);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new FlinkRestException("Flink's REST API at " + base + " cannot be reached: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FlinkRestException("interrupted while reading Flink's REST API", e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new FlinkRestException(
          "Flink's REST API at " + base + " answered " + response.statusCode() + " to " + path,
          null);
    }
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new FlinkRestException(
          "Flink's REST API at " + base + " answered unreadable JSON to " + path, e);
    }
  }
}
