package dev.aigw.insight.source.otlp.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;

/** The JDK's HTTP client, for OTLP/HTTP requests the SDK would never send (or not this way). */
public final class RawHttpClient {

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final String base;

  public RawHttpClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** POSTs {@code body} to {@code path}; headers as name, value pairs. */
  public HttpResponse<byte[]> post(String path, String contentType, byte[] body, String... headers)
      throws IOException, InterruptedException {
    return client.send(request("POST", path, contentType, body, headers), bodyHandler());
  }

  /** The same POST without waiting for its answer. */
  public CompletableFuture<HttpResponse<byte[]>> postAsync(
      String path, String contentType, byte[] body, String... headers) {
    return client.sendAsync(request("POST", path, contentType, body, headers), bodyHandler());
  }

  /** Another method than POST. */
  public HttpResponse<byte[]> send(String method, String path)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(30))
            .build(),
        bodyHandler());
  }

  private HttpRequest request(
      String method, String path, String contentType, byte[] body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
            .timeout(Duration.ofSeconds(60));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return request.build();
  }

  private static HttpResponse.BodyHandler<byte[]> bodyHandler() {
    return HttpResponse.BodyHandlers.ofByteArray();
  }

  /** {@code bytes} gzipped. */
  public static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
