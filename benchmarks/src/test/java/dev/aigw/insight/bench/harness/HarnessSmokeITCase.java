package dev.aigw.insight.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.bench.load.GatewayShape;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps the whole-job harness from rotting: a one-second run at a low offered rate through the real
 * receiver, decoder, RocksDB-backed analysis and sink, whose service totals must equal exactly what
 * the separate load process had acknowledged.
 */
class HarnessSmokeITCase {

  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"grpc", "http"})
  void oneSecondRunCountsEveryAcceptedPointIntoTheCells(String transport, @TempDir Path workDir)
      throws Exception {
    HarnessOptions options =
        new HarnessOptions(
            1,
            Duration.ZERO,
            Duration.ofSeconds(1),
            20_000,
            new GatewayShape(2, 2, 3, 4),
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
            transport,
            Map.of("pipeline.object-reuse", "true"),
            null,
            // the attribution branch runs too; the totals check is on the service cells
            10,
            true);

    HarnessResult result = Harness.run(options);

    assertThat(result.load().ok()).isPositive();
    assertThat(result.load().failed()).isZero();
    assertThat(result.load().accepted().points()).isEqualTo(result.load().ok() * 98);
    // no warm-up: the measured phase is the whole run
    assertThat(result.pointsProcessed()).isEqualTo(result.load().accepted().points());
    assertThat(result.jobCpuNanos()).isPositive();
    assertThat(result.bareParsePointsPerCpuSecond()).isPositive();
    assertThat(result.cells()).isPositive();
    assertThat(result.cellRequests()).isEqualTo(result.load().accepted().requests());
    assertThat(result.cellErrors()).isEqualTo(result.load().accepted().errors());
    assertThat(result.cellInputTokens()).isEqualTo(result.load().accepted().inputTokens());
    assertThat(result.cellOutputTokens()).isEqualTo(result.load().accepted().outputTokens());
    assertThat(result.totalsMatch()).isTrue();
    assertThat(result.heapUsedAfterGcBytes()).isPositive();
    assertThat(result.report()).contains("MATCH");
  }

  @Test
  void invalidOptionsAreNamed() {
    assertThatThrownBy(() -> HarnessOptions.parse(new String[] {"--parallelism", "0"}))
        .hasMessageContaining("'parallelism'")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> HarnessOptions.parse(new String[] {"--duration-s", "0"}))
        .hasMessageContaining("'duration-s'");
    assertThatThrownBy(() -> HarnessOptions.parse(new String[] {"--rate", "-1"}))
        .hasMessageContaining("'rate'");
    assertThatThrownBy(() -> HarnessOptions.parse(new String[] {"--warmup-s", "-1"}))
        .hasMessageContaining("'warmup-s'");
    assertThatThrownBy(() -> HarnessOptions.parse(new String[] {"--port", "80"}))
        .hasMessageContaining("'port'");
    assertThatThrownBy(() -> HarnessOptions.parse(new String[] {"--transport", "udp"}))
        .hasMessageContaining("'transport'");
    assertThatThrownBy(() -> HarnessOptions.parse(new String[] {"--flink", "a=1;b"}))
        .hasMessageContaining("'flink'")
        .hasMessageContaining("b");
    assertThatThrownBy(() -> HarnessOptions.parse(new String[] {"--paralelism", "1"}))
        .hasMessageContaining("--paralelism");
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
