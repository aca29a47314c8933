package dev.aigw.insight.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.dashboard.read.SplitTelemetryStore;
import dev.aigw.insight.dashboard.read.TelemetryStore;
import dev.aigw.insight.dashboard.read.banyandb.BanyanDbTelemetryStore;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchReadOptions;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchTelemetryStore;
import dev.aigw.insight.dashboard.server.DashboardServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardMainTest {

  @TempDir Path dir;

  @Test
  void theJobsYamlFileIsReadUnderTheJobsKeysAndArgumentsWin() throws Exception {
    Path yaml = dir.resolve("job.yaml");
    Files.writeString(
        yaml,
        "cells.store: OPENSEARCH\n"
            + "opensearch.hosts: [http://os-0:9200, http://os-1:9200]\n"
            + "cells:\n  index-prefix: my-cells\n"
            + "opensearch.request-timeout: 3 s\n"
            + "opensearch.username: reader\n"
            + "opensearch.password-env: OS_PASSWORD\n");
    DashboardConfig config =
        DashboardConfig.fromArgs(
            new String[] {"--config", yaml.toString(), "--logs.index-prefix=my-logs"},
            Map.of("OS_PASSWORD", "s3cret")::get);
    OpenSearchReadOptions options = TelemetryStores.openSearch(config);
    assertThat(options.hosts())
        .containsExactly(URI.create("http://os-0:9200"), URI.create("http://os-1:9200"));
    assertThat(options.cellsIndexPrefix()).isEqualTo("my-cells");
    assertThat(options.logsIndexPrefix()).isEqualTo("my-logs");
    assertThat(options.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(options.username()).isEqualTo("reader");
    assertThat(options.password()).isEqualTo("s3cret");
    assertThat(options.toString()).doesNotContain("s3cret");
  }

  @Test
  void propertiesFilesAndPasswordFilesWorkToo() throws Exception {
    Path secret = dir.resolve("password");
    Files.writeString(secret, "from-file\n");
    Path props = dir.resolve("dashboard.properties");
    Files.writeString(
        props, "opensearch.username=reader\nopensearch.password-file=" + secret + "\n");
    DashboardConfig config =
        DashboardConfig.fromArgs(new String[] {"--config", props.toString()}, k -> null);
    assertThat(TelemetryStores.openSearch(config).password()).isEqualTo("from-file");
    assertThat(TelemetryStores.openSearch(config).cellsIndexPrefix()).isEqualTo("aigw-cells");
    assertThat(TelemetryStores.openSearch(config).logsIndexPrefix()).isEqualTo("aigw-access-logs");
  }

  @Test
  void theStoresAreChosenByTheJobsStoreKeys() throws Exception {
    try (TelemetryStore both =
        TelemetryStores.open(
            DashboardConfig.fromArgs(
                new String[] {"--cells.store", "opensearch", "--logs.store", "OPENSEARCH"},
                k -> null))) {
      assertThat(both).isInstanceOf(OpenSearchTelemetryStore.class);
    }
    // the job's defaults: cells in BanyanDB, logs in OpenSearch
    try (TelemetryStore split =
        TelemetryStores.open(DashboardConfig.fromArgs(new String[0], k -> null))) {
      assertThat(split).isInstanceOf(SplitTelemetryStore.class);
    }
    try (TelemetryStore banyanDb =
        TelemetryStores.open(
            DashboardConfig.fromArgs(
                new String[] {"--logs.store", "BANYANDB", "--banyandb.targets", "bdb:17912"},
                k -> null))) {
      assertThat(banyanDb).isInstanceOf(BanyanDbTelemetryStore.class);
    }
    assertThatThrownBy(
            () ->
                TelemetryStores.open(
                    DashboardConfig.fromArgs(new String[] {"--cells.store", "S3"}, k -> null)))
        .hasMessage("cells.store must be OPENSEARCH or BANYANDB, not 'S3'");
  }

  @Test
  void badOptionsAreRefused() {
    assertThatThrownBy(() -> DashboardConfig.fromArgs(new String[] {"serve"}, k -> null))
        .hasMessageContaining("unexpected argument 'serve'");
    assertThatThrownBy(() -> DashboardConfig.fromArgs(new String[] {"--dashboard.port"}, k -> null))
        .hasMessage("option --dashboard.port needs a value");
    assertThatThrownBy(
            () ->
                DashboardConfig.fromArgs(new String[] {"--dashboard.port", "web"}, k -> null)
                    .getInt("dashboard.port", 8080))
        .hasMessage("dashboard.port must be a whole number, not 'web'");
  }

  @Test
  void startsTheServerWithTokensOnTheConfiguredPort() throws Exception {
    DashboardConfig config =
        DashboardConfig.fromArgs(
            new String[] {
              "--cells.store", "OPENSEARCH",
              "--dashboard.port", "0",
              "--dashboard.bearer-tokens-env", "TOKENS"
            },
            Map.of("TOKENS", "t1,t2")::get);
    try (DashboardMain.Running running = DashboardMain.start(config)) {
      DashboardServer server = running.server();
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port();
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create(base + "/api/health")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create(base + "/api/fields")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(401);
      HttpResponse<String> fields =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/fields"))
                  .header("Authorization", "Bearer t2")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(fields.statusCode()).isEqualTo(200);
      assertThat(fields.body()).startsWith("[{\"name\":\"requests\",\"type\":\"INTEGER\"");
    }
  }
}
