package dev.aigw.insight.local;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job-health metrics table of docs/operations.md against a real scrape: the local runner with
 * demo traffic, its Prometheus endpoint read over HTTP as Prometheus reads it. Every name the table
 * documents must be exposed under exactly that name, and the ones traffic moves must have moved.
 * Nothing is taken from the code: the names come from the docs, the values from the scrape.
 */
class PrometheusMetricsITCase {

  /** What the table's column "after traffic" promises for a local run. */
  enum AfterTraffic {
    /** {@code > 0}: exported, and traffic moved it. */
    POSITIVE,
    /** {@code present}: exported. */
    PRESENT,
    /** Another path (Kafka ingestion, BanyanDB cells): not part of a local run. */
    OTHER_PATH
  }

  /** A documented metric: its Prometheus name and what a scrape after traffic shows. */
  record DocumentedMetric(String name, AfterTraffic afterTraffic) {}

  private final HttpClient http = HttpClient.newHttpClient();

  /** The last exposition read, written to target/last-scrape.txt when the test fails. */
  private volatile String lastScrape = "";

  @Test
  void everyDocumentedMetricIsScrapedUnderItsNameAndTrafficMovesThem(@TempDir Path dir)
      throws Exception {
    List<DocumentedMetric> documented = documentedMetrics();
    assertThat(documented).hasSizeGreaterThanOrEqualTo(20);
    assertThat(documented.stream().filter(m -> m.afterTraffic() == AfterTraffic.POSITIVE))
        .as("metrics the table says traffic moves")
        .hasSizeGreaterThanOrEqualTo(8);

    int metricsPort = freePort();
    Configuration conf =
        Configuration.fromMap(
            Map.of(
                "local.data-dir",
                dir.toString(),
                "local.opensearch.port",
                "0",
                "dashboard.port",
                "0",
                "otlp.receiver.port",
                Integer.toString(freePort()),
                "otlp.http.port",
                Integer.toString(freePort()),
                "rest.port",
                Integer.toString(freePort()),
                "metrics.port",
                Integer.toString(metricsPort),
                "demo",
                "true",
                "demo.interval",
                "50 ms"));
    ByteArrayOutputStream banner = new ByteArrayOutputStream();
    try (LocalRunner.Running running =
        LocalRunner.start(conf, new PrintStream(banner, true, StandardCharsets.UTF_8))) {
      String url = "http://127.0.0.1:" + metricsPort + "/metrics";
      assertThat(banner.toString(StandardCharsets.UTF_8))
          .contains("Prometheus metrics : http://localhost:" + metricsPort + "/metrics");
      Map<String, Double> scraped =
          Await.value(
              Duration.ofSeconds(150),
              "every documented metric in the scrape, the traffic ones above 0",
              () -> sums(scrape(url)),
              values -> missingOrZero(documented, values).isEmpty());
      assertThat(missingOrZero(documented, scraped)).isEmpty();
    } catch (AssertionError | RuntimeException e) {
      Files.writeString(Path.of("target", "last-scrape.txt"), lastScrape);
      throw e;
    }
  }

  private String scrape(String url) {
    try {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      lastScrape = answer.body();
      return answer.statusCode() == 200 ? answer.body() : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Metric name (without labels) to the sum of its samples over all label sets. */
  static Map<String, Double> sums(String exposition) {
    Map<String, Double> sums = new HashMap<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int nameEnd = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
      String name = line.substring(0, nameEnd);
      double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      if (!Double.isNaN(value)) {
        sums.merge(name, value, Double::sum);
      } else {
        sums.putIfAbsent(name, 0.0);
      }
    }
    return sums;
  }

  private static List<String> missingOrZero(
      List<DocumentedMetric> documented, Map<String, Double> scraped) {
    List<String> problems = new ArrayList<>();
    for (DocumentedMetric metric : documented) {
      if (metric.afterTraffic() == AfterTraffic.OTHER_PATH) {
        continue;
      }
      Double value = scraped.get(metric.name());
      if (value == null) {
        problems.add(metric.name() + " missing");
      } else if (metric.afterTraffic() == AfterTraffic.POSITIVE && value <= 0) {
        problems.add(metric.name() + " = " + value);
      }
    }
    return problems;
  }

  /**
   * The rows of the "Job health" table in docs/operations.md: the first column holds the Prometheus
   * name in backticks, the column "after traffic" says {@code > 0} for the ones traffic moves.
   */
  static List<DocumentedMetric> documentedMetrics() throws IOException {
    String docs = Files.readString(Path.of("..", "docs", "operations.md"));
    int start = docs.indexOf("\n### The metrics table");
    assertThat(start).as("docs/operations.md has the section 'The metrics table'").isPositive();
    List<DocumentedMetric> metrics = new ArrayList<>();
    Pattern row = Pattern.compile("^\\| `(flink_[A-Za-z0-9_]+)` \\|(.*)$");
    for (String line : docs.substring(start).split("\n")) {
      if (line.startsWith("## ")) {
        break;
      }
      Matcher m = row.matcher(line);
      if (m.matches()) {
        String afterTraffic = m.group(2).split("\\|")[1].trim();
        metrics.add(
            new DocumentedMetric(
                m.group(1),
                switch (afterTraffic) {
                  case "> 0" -> AfterTraffic.POSITIVE;
                  case "present" -> AfterTraffic.PRESENT;
                  default -> AfterTraffic.OTHER_PATH;
                }));
      }
    }
    return metrics;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
