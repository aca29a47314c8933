package dev.aigw.insight.dashboard.read.banyandb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import dev.aigw.insight.sink.banyandb.standin.BanyanDbStandIn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MinuteCells written by the job's emitter and sink are read back by the query command (through the
 * dashboard's BanyanDB store) and printed with the expected sums and ranking.
 */
class BanyanDbQueryCommandITCase {
  private static final long T0 = Instant.parse("2026-11-26T17:30:00Z").toEpochMilli();
  private static BanyanDbStandIn standIn;

  @BeforeAll
  static void writeCells() throws Exception {
    standIn = BanyanDbStandIn.start();
    JobWrittenBanyanDb.write(standIn.target(), "genai_minute", "genai_logs", cells(), List.of());
  }

  @AfterAll
  static void stop() throws Exception {
    standIn.close();
  }

  private static List<MinuteCell> cells() {
    return List.of(
        // gpt-4o: two minutes inside the last hour, one outside it.
        modelCell("openai", "gpt-4o", T0, 10, 0.25, 1000, 500),
        modelCell("openai", "gpt-4o", T0 + 60_000, 4, 0.125, 400, 100),
        modelCell("openai", "gpt-4o", T0 - 3_600_000, 99, 50.0, 1, 1),
        modelCell("anthropic", "claude-sonnet", T0, 3, 0.5, 300, 300),
        modelCell("openai", "gpt-4o-mini", T0 + 120_000, 20, 0.0625, 2000, 1000),
        latencyCell(Dimension.ALL, "", T0, 17, 120.5, 100, 150, 200, 250, 400),
        latencyCell(Dimension.PROVIDER, "openai", T0, 14, 110.0, 90, 140, 190, 240, 390),
        latencyCell(Dimension.PROVIDER, "anthropic", T0, 3, 170.0, 160, 170, 180, 190, 200),
        latencyCell(Dimension.ALL, "", T0 + 60_000, 4, 999, 999, 999, 999, 999, 999));
  }

  private static MinuteCell modelCell(
      String provider, String model, long minute, long requests, double cost, long in, long out) {
    MinuteCell cell = base(Dimension.MODEL, minute);
    cell.provider = provider;
    cell.model = model;
    cell.requests = requests;
    cell.estimatedCost = cost;
    cell.costPicos = Math.round(cost * 1e12);
    cell.inputTokens = in;
    cell.outputTokens = out;
    return cell;
  }

  private static MinuteCell latencyCell(
      Dimension dimension, String provider, long minute, long requests, double avg, double... p) {
    MinuteCell cell = base(dimension, minute);
    cell.provider = provider;
    cell.requests = requests;
    cell.latencyAvgMs = avg;
    cell.latencyP50Ms = p[0];
    cell.latencyP75Ms = p[1];
    cell.latencyP90Ms = p[2];
    cell.latencyP95Ms = p[3];
    cell.latencyP99Ms = p[4];
    return cell;
  }

  private static MinuteCell base(Dimension dimension, long minute) {
    MinuteCell cell = new MinuteCell();
    cell.windowStartMs = minute;
    cell.scope = Scope.SERVICE;
    cell.dimension = dimension;
    cell.service = "gw";
    cell.instance = MinuteCell.ABSENT;
    cell.provider = MinuteCell.ABSENT;
    cell.model = MinuteCell.ABSENT;
    return cell;
  }

  @Test
  void topModelsByCostSumsTheLastHourOfTheService() {
    String out =
        run(
            "top-models-by-cost",
            "--service",
            "gw",
            "--last",
            "1h",
            "--now",
            "2026-11-26T18:00:00Z",
            "--targets",
            standIn.target());

    assertThat(out.lines().map(String::strip).map(l -> l.replaceAll("\\s+", " ")))
        .containsExactly(
            "provider model cost requests tokens",
            "anthropic claude-sonnet 0.500000 3 600",
            "openai gpt-4o 0.375000 14 2000",
            "openai gpt-4o-mini 0.062500 20 3000");
  }

  @Test
  void latencyPrintsTheMinutePerProvider() {
    String out =
        run(
            "latency",
            "--service",
            "gw",
            "--minute",
            "2026-11-26T17:30",
            "--by",
            "provider",
            "--targets",
            standIn.target());

    assertThat(out.lines().map(String::strip).map(l -> l.replaceAll("\\s+", " ")))
        .containsExactly(
            "provider requests avg_ms p50_ms p75_ms p90_ms p95_ms p99_ms",
            "anthropic 3 170.000 160.000 170.000 180.000 190.000 200.000",
            "openai 14 110.000 90.000 140.000 190.000 240.000 390.000");
  }

  @Test
  void latencyWithoutProviderReadsTheServiceMeasureOfThatMinuteOnly() {
    String out =
        run(
            "latency",
            "--service",
            "gw",
            "--minute",
            "2026-11-26T17:30",
            "--targets",
            standIn.target());

    assertThat(out.lines().skip(1).map(String::strip).map(l -> l.replaceAll("\\s+", " ")))
        .containsExactly("(all) 17 120.500 100.000 150.000 200.000 250.000 400.000");
  }

  @Test
  void aMissingOptionIsAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        BanyanDbQueryCommand.run(
            new String[] {"latency", "--service", "gw"},
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Missing --minute");
  }

  @Test
  void anUnreachableBanyanDbIsAFailureExit() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        BanyanDbQueryCommand.run(
            new String[] {
              "latency",
              "--service",
              "gw",
              "--minute",
              "2026-11-26T17:30",
              "--targets",
              "127.0.0.1:" + closedPort
            },
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Query failed: ");
  }

  private static String run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        BanyanDbQueryCommand.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }
}
