package dev.aigw.insight.job.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads raw documents and index names under an index prefix from an OpenSearch node, for tests that
 * compare what a sink wrote field by field (see {@link OpenSearchCells} for minute cells read back
 * as cells).
 */
public final class OpenSearchDocuments {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private OpenSearchDocuments() {}

  /**
   * Document id → source of up to {@code max} documents in the indices {@code <prefix>-*} (none
   * when they do not exist yet).
   */
  public static Map<String, JsonNode> byId(URI openSearch, String prefix, int max)
      throws IOException, InterruptedException {
    String body =
        get(
            openSearch
                + "/"
                + prefix
                + "-*/_search?size="
                + max
                + "&ignore_unavailable=true&allow_no_indices=true");
    Map<String, JsonNode> documents = new TreeMap<>();
    for (JsonNode hit : JSON.readTree(body).path("hits").path("hits")) {
      documents.put(hit.path("_id").asText(), hit.path("_source"));
    }
    return documents;
  }

  /** The names of the indices {@code <prefix>-*}. */
  public static List<String> indices(URI openSearch, String prefix)
      throws IOException, InterruptedException {
    return get(openSearch + "/_cat/indices/" + prefix + "-*?h=index")
        .lines()
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  private static String get(String uri) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(uri)).GET().build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
