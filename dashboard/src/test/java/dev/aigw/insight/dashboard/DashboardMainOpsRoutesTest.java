package dev.aigw.insight.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The standalone dashboard serves the Alerts and Pipeline endpoints: alerts from the cells' store
 * (here an OpenSearch address where nothing listens: 503, after the parameters are checked: 400),
 * the pipeline from {@code dashboard.flink-rest} (absent: not configured; nothing there:
 * unreachable).
 */
class DashboardMainOpsRoutesTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void alertsAndPipelineAnswerWithoutTheirBackends() throws Exception {
    int closed = closedPort();
    String[] args = {
      "--cells.store", "OPENSEARCH",
      "--opensearch.hosts", "http://127.0.0.1:" + closed,
      "--dashboard.port", "0"
    };
    try (DashboardMain.Running running =
        DashboardMain.start(DashboardConfig.fromArgs(args, Map.<String, String>of()::get))) {
      String base = "http://127.0.0.1:" + running.server().port();
      HttpResponse<String> bad = get(base + "/api/alerts?state=soon");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("state must be firing or all, not 'soon'");
      HttpResponse<String> down = get(base + "/api/alerts?state=firing");
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).contains("cannot be reached");
      HttpResponse<String> pipeline = get(base + "/api/pipeline");
      assertThat(pipeline.statusCode()).isEqualTo(200);
      assertThat(pipeline.body())
          .contains("\"status\":\"not-configured\"")
          .contains("--dashboard.flink-rest");
    }
    String[] withFlink = {
      "--cells.store",
      "OPENSEARCH",
      "--opensearch.hosts",
      "http://127.0.0.1:" + closed,
      "--dashboard.port",
      "0",
      "--dashboard.flink-rest",
      "http://127.0.0.1:" + closed
    };
    try (DashboardMain.Running running =
        DashboardMain.start(DashboardConfig.fromArgs(withFlink, Map.<String, String>of()::get))) {
      HttpResponse<String> pipeline =
          get("http://127.0.0.1:" + running.server().port() + "/api/pipeline");
      assertThat(pipeline.statusCode()).isEqualTo(200);
      assertThat(pipeline.body())
          .contains("\"status\":\"unreachable\"")
          .contains("Flink's REST API at http://127.0.0.1:" + closed + "/ cannot be reached");
    }
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
