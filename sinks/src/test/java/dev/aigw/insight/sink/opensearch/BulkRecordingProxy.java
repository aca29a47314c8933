package dev.aigw.insight.sink.opensearch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A small HTTP proxy in front of the embedded OpenSearch: it records every {@code _bulk} request
 * (the document ids it carried and the answer's status), can answer the next N bulk requests with
 * an error status instead of forwarding them, and can demand basic auth.
 */
final class BulkRecordingProxy implements AutoCloseable {

  private static final Pattern ID = Pattern.compile("\"_id\":\"([^\"]*)\"");

  /** One recorded _bulk request. */
  static final class Exchange {
    final List<String> ids;
    final int status;
    final String authorization;

    Exchange(List<String> ids, int status, String authorization) {
      this.ids = ids;
      this.status = status;
      this.authorization = authorization;
    }
  }

  private final URI target;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Exchange> bulks = new CopyOnWriteArrayList<>();
  private final AtomicInteger failNext = new AtomicInteger();
  private volatile int failStatus = 429;
  private volatile String requiredAuthorization;
  private final SSLContext tls;
  private HttpServer server;
  private int port;

  BulkRecordingProxy(URI target) throws IOException {
    this(target, null);
  }

  /** A proxy that serves HTTPS with this context (null: plain HTTP). */
  BulkRecordingProxy(URI target, SSLContext tls) throws IOException {
    this.target = target;
    this.tls = tls;
    start(0);
  }

  private void start(int onPort) throws IOException {
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", onPort);
    if (tls == null) {
      server = HttpServer.create(address, 0);
    } else {
      HttpsServer https = HttpsServer.create(address, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    }
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread thread = new Thread(r, "bulk-recording-proxy");
              thread.setDaemon(true);
              return thread;
            }));
    server.createContext("/", this::handle);
    server.start();
    port = server.getAddress().getPort();
  }

  URI uri() {
    return URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + port);
  }

  /** Answers the next {@code count} _bulk requests with {@code status} instead of forwarding. */
  void failNextBulks(int count, int status) {
    this.failStatus = status;
    this.failNext.set(count);
  }

  /** Demands this Authorization header on every request (401 otherwise). */
  void requireAuthorization(String header) {
    this.requiredAuthorization = header;
  }

  /** Stops listening (connections are refused) until {@link #resume()}. */
  void suspend() {
    server.stop(0);
  }

  /** Listens again on the same port. */
  void resume() throws IOException {
    start(port);
  }

  List<Exchange> bulks() {
    return new ArrayList<>(bulks);
  }

  void clear() {
    bulks.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().toString();
      boolean isBulk = path.startsWith("/_bulk");
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      int status;
      byte[] answer;
      if (requiredAuthorization != null && !requiredAuthorization.equals(authorization)) {
        status = 401;
        answer = "{\"error\":\"unauthorized\"}".getBytes(StandardCharsets.UTF_8);
      } else if (isBulk && failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        status = failStatus;
        answer =
            ("{\"error\":{\"type\":\"injected\",\"reason\":\"test proxy\"},\"status\":"
                    + failStatus
                    + "}")
                .getBytes(StandardCharsets.UTF_8);
      } else {
        HttpRequest.Builder forward =
            HttpRequest.newBuilder(URI.create(target + path))
                .method(
                    exchange.getRequestMethod(),
                    body.length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null) {
          forward.header("Content-Type", contentType);
        }
        try {
          HttpResponse<byte[]> response =
              http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
          status = response.statusCode();
          answer = response.body();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
      if (isBulk) {
        List<String> ids = new ArrayList<>();
        String text = new String(body, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
          Matcher m = ID.matcher(line);
          if (line.startsWith("{\"index\"") && m.find()) {
            ids.add(m.group(1));
          }
        }
        bulks.add(new Exchange(ids, status, authorization));
      }
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
