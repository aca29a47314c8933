package dev.aigw.insight.embedded.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedOpenSearchITCase {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void servesRestApiIndexesAndKeepsDataInGivenHome(@TempDir Path home) throws Exception {
    URI uri;
    try (EmbeddedOpenSearch node = EmbeddedOpenSearch.builder().homeDirectory(home).start()) {
      assertThat(node.httpPort()).isPositive();
      uri = node.httpUri();
      String root = get(uri.resolve("/"));
      assertThat(root).contains("\"number\" : \"2.19.6\"").contains("aigw-insight-embedded");

      HttpResponse<String> put =
          http.send(
              HttpRequest.newBuilder(uri.resolve("/probe/_doc/1?refresh=true"))
                  .header("Content-Type", "application/json")
                  .PUT(HttpRequest.BodyPublishers.ofString("{\"greeting\":\"hello\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).isEqualTo(201);
      // the common analysis plugin is loaded: its "pattern" tokenizer is known
      String analyzed =
          http.send(
                  HttpRequest.newBuilder(uri.resolve("/_analyze"))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"tokenizer\":{\"type\":\"pattern\",\"pattern\":\"-\"},"
                                  + "\"text\":\"a-b\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(analyzed).contains("\"token\":\"a\"").contains("\"token\":\"b\"");
    }
    assertThat(home.resolve("data")).isDirectory();

    // a second node on the same home sees the document written before the restart
    try (EmbeddedOpenSearch node = EmbeddedOpenSearch.builder().homeDirectory(home).start()) {
      assertThat(get(node.httpUri().resolve("/probe/_doc/1"))).contains("\"greeting\":\"hello\"");
    }
  }

  @Test
  void temporaryHomeIsDeletedOnClose() throws Exception {
    Path home;
    try (EmbeddedOpenSearch node = EmbeddedOpenSearch.builder().start()) {
      home = node.homeDirectory();
      assertThat(Files.isDirectory(home)).isTrue();
    }
    assertThat(home).doesNotExist();
  }

  @Test
  void rejectsInvalidSettings() {
    assertThatThrownBy(() -> EmbeddedOpenSearch.builder().httpPort(70000))
        .hasMessageContaining("httpPort")
        .hasMessageContaining("70000");
    assertThatThrownBy(() -> EmbeddedOpenSearch.builder().clusterName(" "))
        .hasMessageContaining("clusterName");
    assertThatThrownBy(() -> EmbeddedOpenSearch.builder().startTimeout(0))
        .hasMessageContaining("startTimeout");
  }

  private String get(URI uri) throws Exception {
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", uri, response.body()).isEqualTo(200);
    return response.body();
  }
}
