package dev.aigw.insight.job.alert.sink;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real local HTTP server (the JDK's) that records every webhook request and answers 503 to the
 * first {@code failFirst} of them, 200 to the rest.
 */
public final class WebhookTestServer implements AutoCloseable {

  /** One received request. */
  public record Request(int answered, String body, Map<String, List<String>> headers) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger toFail;

  public WebhookTestServer(int failFirst) throws IOException {
    this.toFail = new AtomicInteger(failFirst);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/alerts",
        exchange -> {
          String body;
          try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
          int status = toFail.getAndDecrement() > 0 ? 503 : 200;
          requests.add(new Request(status, body, Map.copyOf(exchange.getRequestHeaders())));
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  public URI url() {
    return URI.create(
        "http://"
            + server.getAddress().getHostString()
            + ":"
            + server.getAddress().getPort()
            + "/alerts");
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The requests answered 200. */
  public List<Request> accepted() {
    return requests.stream().filter(r -> r.answered() == 200).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
