package dev.aigw.insight.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.local.ListeningSockets.Socket;
import dev.aigw.insight.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local runner, started in-process as the README's first command starts it: which addresses its
 * listeners are bound to (read from the kernel's socket tables), what the Web UI allows, and that
 * the dashboard answers at the URL the banner prints.
 */
class LocalRunnerITCase {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void listensOnTheLoopbackAddressOnlyAndTheWebUiCannotSubmit(@TempDir Path dir) throws Exception {
    Configuration conf = localConf(dir);
    conf.setString("attribution.attributes", "team.id");
    ByteArrayOutputStream banner = new ByteArrayOutputStream();
    try (LocalRunner.Running running = LocalRunner.start(conf, print(banner))) {
      List<Socket> sockets = awaitListening(running);
      assertThat(sockets).as("listening sockets of this JVM").allMatch(Socket::loopback);
      assertThat(portsOf(sockets))
          .contains(
              running.receiverPort(),
              running.httpReceiverPort(),
              running.webUiPort(),
              running.openSearch().httpPort(),
              running.dashboardPort(),
              conf.get(LocalRunnerOptions.METRICS_PORT));

      // the dashboard: the URL the banner prints serves the page, ECharts from its webjar, health
      String dashboard = "http://127.0.0.1:" + running.dashboardPort();
      assertThat(banner.toString(StandardCharsets.UTF_8))
          .contains("Dashboard          : " + dashboard + "\n");
      HttpResponse<String> page = get(dashboard + "/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("<title>AI Gateway Insight</title>");
      assertThat(get(dashboard + "/webjars/echarts/dist/echarts.min.js").statusCode())
          .isEqualTo(200);
      assertThat(get(dashboard + "/api/health").body().replace(" ", ""))
          .contains("\"status\":\"UP\"");
      // the job's attribution options reach the dashboard: the Teams tab offers team.id
      assertThat(get(dashboard + "/api/attribution/attributes").body())
          .contains("\"configured\":[\"team.id\"]");

      String webUi = "http://127.0.0.1:" + running.webUiPort();
      HttpResponse<String> config = get(webUi + "/config");
      assertThat(config.statusCode()).isEqualTo(200);
      assertThat(config.body().replace(" ", ""))
          .contains("\"web-submit\":false")
          .contains("\"web-cancel\":false");
      HttpResponse<String> upload =
          http.send(
              HttpRequest.newBuilder(URI.create(webUi + "/jars/upload"))
                  .header("Content-Type", "multipart/form-data; boundary=x")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "--x\r\nContent-Disposition: form-data; name=\"jarfile\";"
                              + " filename=\"job.jar\"\r\n"
                              + "Content-Type: application/x-java-archive\r\n\r\n"
                              + "PK\r\n--x--\r\n"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      // no handler takes uploads: the multipart request is refused before any file is stored
      assertThat(upload.statusCode()).as("jar upload: %s", upload.body()).isEqualTo(400);
      assertThat(upload.body()).contains("POST request not allowed");
      // the jar handlers (list, run) are not registered at all
      assertThat(get(webUi + "/jars").statusCode()).isEqualTo(404);
      // web.cancel.enable only hides the Web UI's cancel button: Flink's REST API still cancels a
      // job for whoever reaches it, which is why the port is on the loopback address
      assertThat(running.job().getJobStatus().get(10, TimeUnit.SECONDS))
          .isEqualTo(JobStatus.RUNNING);
      assertThat(banner.toString(StandardCharsets.UTF_8)).doesNotContain("WARNING");
    }
  }

  @Test
  void exposeOpensTheReceiverWebUiDashboardAndStoreAndWarnsWithoutAToken(@TempDir Path dir)
      throws Exception {
    Configuration conf = localConf(dir);
    conf.set(LocalRunnerOptions.EXPOSE, true);
    ByteArrayOutputStream banner = new ByteArrayOutputStream();
    try (LocalRunner.Running running = LocalRunner.start(conf, print(banner))) {
      List<Socket> sockets = awaitListening(running);
      List<Integer> open =
          List.of(
              running.receiverPort(),
              running.httpReceiverPort(),
              running.webUiPort(),
              running.openSearch().httpPort(),
              running.dashboardPort(),
              conf.get(LocalRunnerOptions.METRICS_PORT));
      for (Socket socket : sockets) {
        if (open.contains(socket.port())) {
          assertThat(socket.wildcard()).as("%s", socket).isTrue();
        } else {
          assertThat(socket.loopback()).as("internal endpoint %s", socket).isTrue();
        }
      }
      assertThat(portsOf(sockets)).containsAll(open);
      assertThat(banner.toString(StandardCharsets.UTF_8))
          .contains("WARNING: local.expose=true")
          .contains("WARNING: the OTLP receiver requires no token");
    }
  }

  /**
   * A run with every credential set (inline token, token file, OpenSearch user and password files,
   * redaction secret) and real traffic: none of the values shows in the log at INFO, the level a
   * deployed job logs at, nor in the banner.
   */
  @Test
  void credentialsNeverReachTheLog(@TempDir Path dir) throws Exception {
    String inlineToken = "inline-token-5f2a9c";
    String fileToken = "file-token-8d41e7";
    String password = "opensearch-password-c93b10";
    String hmacSecret = "redaction-secret-7a6e52d0b1";
    Configuration conf = localConf(dir);
    conf.setString("otlp.receiver.bearer-token", inlineToken);
    conf.setString(
        "otlp.receiver.bearer-tokens-file",
        Files.writeString(dir.resolve("tokens"), fileToken + "\n").toString());
    conf.setString(
        "opensearch.username-file",
        Files.writeString(dir.resolve("username"), "aigw-writer\n").toString());
    conf.setString(
        "opensearch.password-file",
        Files.writeString(dir.resolve("password"), password + "\n").toString());
    conf.setString(
        "logs.redaction.hmac-secret-file",
        Files.writeString(dir.resolve("hmac"), hmacSecret + "\n").toString());
    conf.setString("demo", "true");
    conf.setString("demo.interval", "100 ms");

    ByteArrayOutputStream banner = new ByteArrayOutputStream();
    try (CapturedLog log = CapturedLog.atInfo()) {
      try (LocalRunner.Running running = LocalRunner.start(conf, print(banner))) {
        awaitListening(running);
        // the demo client uses the inline token; its kept (404) access logs reach the store
        // through the password-authenticated sink, redacted with the secret
        String search =
            running.openSearch().httpUri() + "/aigw-access-logs-*/_search?q=status_code:404&size=1";
        String found =
            Await.value(
                Duration.ofSeconds(90),
                "a stored access log",
                () -> {
                  HttpResponse<String> answer = get(search);
                  return answer.statusCode() == 200 ? answer.body() : "";
                },
                body -> body.contains("\"x-forwarded-for\""));
        assertThat(found).containsPattern("\"x-forwarded-for\":\"[0-9a-f]{32}\"");
      }
      String text = log.text() + banner.toString(StandardCharsets.UTF_8);
      // the log is there and speaks about the receiver: a test of an empty log proves nothing
      assertThat(log.text()).contains("OTLP/gRPC receiver listening");
      for (String secret : List.of(inlineToken, fileToken, password, hmacSecret)) {
        assertThat(text).doesNotContain(secret);
      }
    }
  }

  private static Configuration localConf(Path dir) throws IOException {
    Configuration conf =
        Configuration.fromMap(
            Map.of(
                "local.data-dir", dir.toString(),
                "local.opensearch.port", "0",
                "dashboard.port", "0",
                "otlp.receiver.port", Integer.toString(freePort()),
                "otlp.http.port", Integer.toString(freePort()),
                "rest.port", Integer.toString(freePort()),
                "metrics.port", Integer.toString(freePort())));
    return conf;
  }

  /**
   * The listeners, once the receiver is up (it binds when its reader gets its split, after the job
   * is deployed).
   */
  private static List<Socket> awaitListening(LocalRunner.Running running) throws Exception {
    return Await.value(
        Duration.ofSeconds(120),
        "the receiver listening",
        ListeningSockets::ofThisProcess,
        sockets ->
            portsOf(sockets)
                .containsAll(List.of(running.receiverPort(), running.httpReceiverPort())));
  }

  private static List<Integer> portsOf(List<Socket> sockets) {
    return sockets.stream().map(Socket::port).toList();
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static PrintStream print(ByteArrayOutputStream buffer) {
    return new PrintStream(buffer, true, StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
