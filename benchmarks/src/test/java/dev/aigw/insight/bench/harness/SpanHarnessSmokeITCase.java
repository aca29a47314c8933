package dev.aigw.insight.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.bench.load.GatewayShape;
import dev.aigw.insight.bench.load.SpanShape;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the span mode of the harness from rotting: a one-second run at a low offered rate through
 * the real receiver, span decoder and RocksDB-backed application cells, whose (application,
 * provider, model) cells must hold exactly the calls, errors and tokens the load process had
 * acknowledged, over every configured series.
 */
class SpanHarnessSmokeITCase {

  @Test
  void oneSecondRunCountsEveryAcceptedSpanIntoTheCells(@TempDir Path workDir) throws Exception {
    SpanShape shape = new SpanShape(3, 2, 5, 20);
    HarnessOptions options =
        new HarnessOptions(
            1,
            Duration.ZERO,
            Duration.ofSeconds(1),
            2_000,
            GatewayShape.ISSUE_8,
            freePort(),
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            Duration.ofSeconds(1),
            0.5,
            null,
            workDir,
            4,
            Duration.ZERO,
            true,
            "grpc",
            Map.of(),
            shape,
            0,
            false);

    SpanHarnessResult result = SpanHarness.run(options);

    assertThat(result.load().ok()).isPositive();
    assertThat(result.load().failed()).isZero();
    assertThat(result.load().accepted().records()).isEqualTo(result.load().ok() * 20);
    assertThat(result.spansProcessed()).isEqualTo(result.load().accepted().records());
    assertThat(result.bareParseSpansPerCpuSecond()).isPositive();
    assertThat(result.parseDecodeSpansPerCpuSecond()).isPositive();
    assertThat(result.cellCalls()).isEqualTo(result.load().accepted().records());
    assertThat(result.cellErrors()).isEqualTo(result.load().accepted().errors()).isPositive();
    assertThat(result.cellInputTokens()).isEqualTo(result.load().accepted().inputTokens());
    assertThat(result.cellOutputTokens()).isEqualTo(result.load().accepted().outputTokens());
    // 1 s at 2 000 spans/s covers every application's every (provider, model) pair
    assertThat(result.cellSeries()).isEqualTo(shape.series());
    assertThat(result.totalsMatch()).isTrue();
    assertThat(result.report()).contains("MATCH");
  }

  @Test
  void spanOptionsAreParsedAndChecked() {
    HarnessOptions options =
        HarnessOptions.parse(
            new String[] {"--signal", "spans", "--applications", "1000", "--providers", "10"});
    assertThat(options.spans()).isEqualTo(new SpanShape(1000, 10, 5, 100));
    assertThat(HarnessOptions.parse(new String[] {}).spans()).isNull();
    assertThatThrownBy(() -> HarnessOptions.parse(new String[] {"--signal", "traces"}))
        .hasMessageContaining("'signal'");
    assertThatThrownBy(
            () -> HarnessOptions.parse(new String[] {"--signal", "spans", "--applications", "0"}))
        .hasMessageContaining("'applications'");
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
