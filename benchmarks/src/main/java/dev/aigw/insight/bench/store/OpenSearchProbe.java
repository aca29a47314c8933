package dev.aigw.insight.bench.store;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few REST calls the real-store harness makes to OpenSearch: what landed ({@code _count}, a sum
 * over cell documents), and index settings to try (refresh interval). Answers are read with
 * patterns, not a JSON library: each call looks for one number.
 */
public final class OpenSearchProbe {

  private static final Pattern COUNT = Pattern.compile("\"count\"\\s*:\\s*(\\d+)");
  private static final Pattern VALUE = Pattern.compile("\"value\"\\s*:\\s*([-0-9.Ee]+|null)");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;

  /** A probe of the node at {@code base}, e.g. {@code http://127.0.0.1:9200}. */
  public OpenSearchProbe(String base) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  /** Makes what was indexed searchable in the indices of {@code pattern}. */
  public void refresh(String pattern) throws IOException, InterruptedException {
    call("POST", "/" + pattern + "/_refresh?allow_no_indices=true", null);
  }

  /** Documents in the indices of {@code pattern} (0 when none exists). */
  public long count(String pattern) throws IOException, InterruptedException {
    String body = call("GET", "/" + pattern + "/_count?allow_no_indices=true", null);
    Matcher m = COUNT.matcher(body);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  /**
   * The sum of the numeric {@code field} over the documents of {@code pattern} whose keyword {@code
   * term} equals {@code value} and whose keyword {@code term2} equals {@code value2}.
   */
  public long sum(
      String pattern, String field, String term, String value, String term2, String value2)
      throws IOException, InterruptedException {
    String query =
        "{\"size\":0,\"query\":{\"bool\":{\"filter\":[{\"term\":{\""
            + term
            + "\":\""
            + value
            + "\"}},{\"term\":{\""
            + term2
            + "\":\""
            + value2
            + "\"}}]}},\"aggs\":{\"s\":{\"sum\":{\"field\":\""
            + field
            + "\"}}}}";
    String body = call("POST", "/" + pattern + "/_search?allow_no_indices=true", query);
    Matcher m = VALUE.matcher(body.substring(Math.max(0, body.indexOf("\"aggregations\""))));
    return m.find() && !m.group(1).equals("null") ? (long) Double.parseDouble(m.group(1)) : 0;
  }

  /** Whether an index template whose name contains {@code part} is installed. */
  public boolean hasIndexTemplate(String part) throws IOException, InterruptedException {
    return call("GET", "/_index_template", null).contains("\"" + part);
  }

  /**
   * Creates {@code index} with {@code settings} (JSON object body of {@code settings}) over its
   * template, or applies them to it when it exists already (dynamic settings only).
   */
  public void createOrUpdate(String index, String settings)
      throws IOException, InterruptedException {
    HttpResponse<String> created = send("PUT", "/" + index, "{\"settings\":" + settings + "}");
    if (created.statusCode() == 400 && created.body().contains("already_exists")) {
      call("PUT", "/" + index + "/_settings", settings);
    } else if (created.statusCode() >= 300) {
      throw new IOException("PUT /" + index + ": " + created.statusCode() + " " + created.body());
    }
  }

  /** The node's indexing and refresh totals (nanos spent), from {@code _nodes/stats/indices}. */
  public String indexingStats(String pattern) throws IOException, InterruptedException {
    return call(
        "GET",
        "/"
            + pattern
            + "/_stats/indexing,refresh,merge?filter_path=_all.total.indexing.index_total,"
            + "_all.total.indexing.index_time_in_millis,_all.total.refresh.total,"
            + "_all.total.refresh.total_time_in_millis,_all.total.merges.total_time_in_millis",
        null);
  }

  private String call(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpResponse<String> response = send(method, path, body);
    if (response.statusCode() >= 300) {
      throw new IOException(
          method + " " + path + ": " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  private HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    request.header("Content-Type", "application/json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
