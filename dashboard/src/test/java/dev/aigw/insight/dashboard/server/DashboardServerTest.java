package dev.aigw.insight.dashboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.tokens.AccessTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DashboardServerTest {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static DashboardServer open;
  private static DashboardServer guarded;

  @BeforeAll
  static void start() {
    ApiRoutes echo =
        routes -> routes.get("/api/echo", ctx -> DashboardServer.json(ctx, Map.of("ok", 1)));
    open = DashboardServer.start("127.0.0.1", 0, null, echo);
    guarded = DashboardServer.start("127.0.0.1", 0, AccessTokens.of("old-token\nnew-token"), echo);
  }

  @AfterAll
  static void stop() {
    open.close();
    guarded.close();
  }

  @Test
  void healthAnswersJson() throws Exception {
    HttpResponse<String> response = get(open, "/api/health", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
  }

  @Test
  void servesEchartsFromTheWebjarWithoutVersionInThePath() throws Exception {
    HttpResponse<String> response = get(open, "/webjars/echarts/dist/echarts.min.js", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("echarts");
  }

  @Test
  void withoutTokensEveryApiCallIsAccepted() throws Exception {
    assertThat(get(open, "/api/echo", null).body()).isEqualTo("{\"ok\":1}");
  }

  @Test
  void withTokensTheApiNeedsOneOfThem() throws Exception {
    HttpResponse<String> none = get(guarded, "/api/echo", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(none.body()).contains("bearer token");
    assertThat(get(guarded, "/api/echo", "Bearer wrong").statusCode()).isEqualTo(401);
    assertThat(get(guarded, "/api/echo", "Basic b2xkLXRva2Vu").statusCode()).isEqualTo(401);
    assertThat(get(guarded, "/api/echo", "Bearer old-token").body()).isEqualTo("{\"ok\":1}");
    assertThat(get(guarded, "/api/echo", "bearer new-token").statusCode()).isEqualTo(200);
  }

  @Test
  void healthAndEchartsStayOpenWithTokens() throws Exception {
    assertThat(get(guarded, "/api/health", null).statusCode()).isEqualTo(200);
    assertThat(get(guarded, "/webjars/echarts/dist/echarts.min.js", null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void bindsToTheGivenHostOnAnEphemeralPort() {
    assertThat(open.port()).isPositive();
    assertThat(guarded.port()).isNotEqualTo(open.port());
  }

  private static HttpResponse<String> get(DashboardServer server, String path, String auth)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (auth != null) {
      request.header("Authorization", auth);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
