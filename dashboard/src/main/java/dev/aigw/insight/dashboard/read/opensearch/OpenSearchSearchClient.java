package dev.aigw.insight.dashboard.read.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.dashboard.read.StoreUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Sends {@code _search} requests to OpenSearch over the JDK's HTTP client (no client library: the
 * dashboard needs one endpoint). Hosts are used round robin and a request that cannot reach one
 * host goes to the next; when none answers, or the store refuses the query, a {@link
 * StoreUnavailableException} says which host and why. Public for the other readers of the same
 * OpenSearch (attribution cells).
 */
public final class OpenSearchSearchClient {

  private final OpenSearchReadOptions options;
  private final HttpClient http;
  private final ObjectMapper json;
  private final String authorization;
  private final AtomicInteger next = new AtomicInteger();

  public OpenSearchSearchClient(OpenSearchReadOptions options, ObjectMapper json) {
    this.options = options;
    this.json = json;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(options.requestTimeout());
    if (options.caFile() != null) {
      builder.sslContext(sslContext(options));
    }
    this.http = builder.build();
    this.authorization =
        options.username() == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (options.username() + ":" + options.password())
                            .getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Searches the indices matching {@code indexPattern} (none matching = no hits) with a JSON body.
   */
  public JsonNode search(String indexPattern, JsonNode body) {
    byte[] payload;
    try {
      payload = json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("a query body always serializes", e);
    }
    return send(
        indexPattern + "/_search?ignore_unavailable=true&allow_no_indices=true",
        payload,
        "a search of " + indexPattern);
  }

  /**
   * The mappings of {@code fields} in the indices matching {@code indexPattern}: per index, the
   * fields among them it maps (an index mapping none of them answers an empty object).
   */
  JsonNode fieldMappings(String indexPattern, List<String> fields) {
    return send(
        indexPattern
            + "/_mapping/field/"
            + String.join(",", fields)
            + "?ignore_unavailable=true&allow_no_indices=true",
        null,
        "the field mappings of " + indexPattern);
  }

  /** POSTs {@code payload} (GETs when null) to {@code pathAndQuery} on the first host answering. */
  private JsonNode send(String pathAndQuery, byte[] payload, String what) {
    int hosts = options.hosts().size();
    int first = Math.floorMod(next.getAndIncrement(), hosts);
    StoreUnavailableException last = null;
    for (int i = 0; i < hosts; i++) {
      URI host = options.hosts().get((first + i) % hosts);
      URI uri = URI.create(stripSlash(host.toString()) + "/" + pathAndQuery);
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(options.requestTimeout());
      if (payload == null) {
        request.GET();
      } else {
        request
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
      }
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      HttpResponse<byte[]> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        last =
            new StoreUnavailableException("OpenSearch at " + host + " cannot be reached: " + e, e);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreUnavailableException("interrupted while querying OpenSearch", e);
      }
      if (response.statusCode() / 100 != 2) {
        // a refusal (bad credentials, red cluster, bad query) is the same on every host
        throw new StoreUnavailableException(
            "OpenSearch at "
                + host
                + " answered "
                + response.statusCode()
                + " to "
                + what
                + ": "
                + reason(response.body()));
      }
      try {
        return json.readTree(response.body());
      } catch (IOException e) {
        throw new StoreUnavailableException(
            "OpenSearch at " + host + " answered with unreadable JSON", e);
      }
    }
    throw last;
  }

  private String reason(byte[] body) {
    try {
      JsonNode error = json.readTree(body).path("error");
      String reason = error.path("root_cause").path(0).path("reason").asText(null);
      if (reason == null) {
        // "all shards failed" says nothing: the first shard's own failure does
        JsonNode shard = error.path("failed_shards").path(0).path("reason");
        reason =
            shard.isMissingNode()
                ? null
                : shard.path("type").asText() + ": " + shard.path("reason").asText();
      }
      if (reason == null) {
        reason = error.path("reason").asText(null);
      }
      return reason != null ? reason : abbreviate(new String(body, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return abbreviate(new String(body, StandardCharsets.UTF_8));
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static SSLContext sslContext(OpenSearchReadOptions options) {
    try (InputStream in = Files.newInputStream(options.caFile())) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca-" + i++, certificate);
      }
      if (i == 0) {
        throw new IllegalArgumentException(
            "opensearch.tls.ca-file " + options.caFile() + " holds no certificate");
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "could not read opensearch.tls.ca-file " + options.caFile() + ": " + e, e);
    }
  }
}
