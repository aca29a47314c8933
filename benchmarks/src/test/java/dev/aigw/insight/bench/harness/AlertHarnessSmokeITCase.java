package dev.aigw.insight.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.bench.load.GatewayShape;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short harness run with the issue 19 stages on: hour and day roll-ups and the 100 generated
 * rules beside the minute cells, the load's first provider failing from the start. The totals still
 * match, the outage fires its provider_outage alerts and the report names them.
 */
class AlertHarnessSmokeITCase {

  @Test
  void rollUpsAndRulesRunBesideTheCellsAndTheOutageFires(@TempDir Path workDir) throws Exception {
    HarnessOptions options =
        new HarnessOptions(
            1,
            Duration.ZERO,
            Duration.ofSeconds(2),
            20_000,
            new GatewayShape(2, 2, 3, 4),
            freePort(),
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            Duration.ofSeconds(1),
            0,
            null,
            workDir,
            4,
            Duration.ZERO,
            true,
            "grpc",
            Map.of(),
            null,
            0,
            false,
            new AlertBenchOptions(true, 100, Duration.ZERO, false));

    HarnessResult result = Harness.run(options);

    assertThat(result.totalsMatch()).isTrue();
    AlertStats alerts = AlertStats.current();
    assertThat(alerts.firing()).isPositive();
    assertThat(alerts.report()).contains("provider_outage=");
    assertThat(workDir.resolve("alert-rules.yaml")).exists();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
