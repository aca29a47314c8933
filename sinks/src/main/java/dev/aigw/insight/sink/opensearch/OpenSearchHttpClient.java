package dev.aigw.insight.sink.opensearch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The sink's REST client: {@code _bulk} requests and the index template, round robin over the
 * configured hosts, with basic auth and TLS as configured.
 */
final class OpenSearchHttpClient {

  private final HttpClient http;
  private final List<URI> hosts;
  private final String authorization;
  private final OpenSearchSinkConfig config;
  private final AtomicInteger nextHost = new AtomicInteger();

  OpenSearchHttpClient(OpenSearchSinkConfig config) {
    this.config = config;
    this.hosts = config.hosts();
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            // OpenSearch speaks HTTP/1.1; asking for h2c upgrades only adds a round of headers
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.requestTimeout());
    SSLContext tls = TlsContexts.create(config);
    if (tls != null) {
      builder.sslContext(tls);
    }
    this.http = builder.build();
    this.authorization =
        config.username() == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (config.username() + ":" + config.password())
                            .getBytes(StandardCharsets.UTF_8));
  }

  /** The host the next request goes to; each call moves on to the next host. */
  URI nextHost() {
    return hosts.get(Math.floorMod(nextHost.getAndIncrement(), hosts.size()));
  }

  /** Sends the operations as one {@code _bulk} request (newline-delimited JSON). */
  CompletableFuture<HttpResponse<String>> bulk(URI host, List<BulkOperation> operations) {
    StringBuilder body = new StringBuilder();
    for (BulkOperation operation : operations) {
      body.append(operation.actionLine()).append('\n').append(operation.source()).append('\n');
    }
    HttpRequest request =
        request(host, "/_bulk")
            .header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /**
   * Installs (overwrites) the index template. The future fails with {@link OpenSearchSinkException}
   * when the store refuses the template (4xx: a bad template or a missing privilege, which retrying
   * cannot fix) and with an {@link IOException} otherwise.
   */
  CompletableFuture<Void> putIndexTemplate(URI host, OpenSearchIndexTemplate template) {
    HttpRequest request =
        request(host, "/_index_template/" + template.name())
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(template.bodyJson(), StandardCharsets.UTF_8))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .thenApply(
            response -> {
              if (response.statusCode() / 100 == 2) {
                return null;
              }
              String message =
                  "Failed to install index template "
                      + template.name()
                      + " at "
                      + host
                      + ": HTTP "
                      + response.statusCode()
                      + " "
                      + excerpt(response.body());
              if (response.statusCode() / 100 == 4 && response.statusCode() != 429) {
                throw new OpenSearchSinkException(message);
              }
              throw new CompletionException(new IOException(message));
            });
  }

  private HttpRequest.Builder request(URI host, String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(host + path)).timeout(config.requestTimeout());
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return builder;
  }

  /** The start of a response body, for error messages. */
  static String excerpt(String body) {
    if (body == null) {
      return "";
    }
    return body.length() <= 500 ? body : body.substring(0, 500) + "...";
  }
}
