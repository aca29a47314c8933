package dev.aigw.insight.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Keeps the real-store harness from rotting: a two-second run of the whole job against a store in
 * its own process, after which the store must hold exactly what the load had acknowledged (the kept
 * access logs in OpenSearch, the requests of the service cells in the BanyanDB stand-in).
 */
class StoreHarnessSmokeITCase {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"opensearch, logs", "banyandb, metrics"})
  void everythingTheLoadHadAcceptedLandsInTheStore(
      String sink, String signal, @TempDir Path workDir) throws Exception {
    StoreHarnessOptions.Parsed parsed =
        StoreHarnessOptions.parse(
            new String[] {
              "--sink", sink,
              "--signal", signal,
              "--parallelism", "1",
              "--warmup-s", "0",
              "--duration-s", "2",
              "--rate", "2000",
              "--gateways", "2",
              "--pods", "2",
              "--port", Integer.toString(freePort()),
              "--checkpoint-interval-s", "1",
              "--work-dir", workDir.toString(),
              "--store-heap", "512m"
            });

    StoreHarnessResult result =
        StoreHarness.run(HarnessOptions.parse(parsed.rest()), parsed.options());
    // the whole report in the test's output: a failed assertion below then has its context
    System.out.println(result.report());

    assertThat(result.load().ok()).isPositive();
    assertThat(result.items()).isPositive();
    assertThat(result.jobCpuNanos()).isPositive();
    if (sink.equals("opensearch")) {
      // the kept logs are indexed while the load runs; the BanyanDB stand-in gets nothing in a
      // two-second window (minute cells close only after it), so its CPU there may read as zero
      assertThat(result.storeCpuNanos()).isPositive();
    }
    assertThat(result.expected()).isPositive();
    assertThat(result.landed()).isEqualTo(result.expected());
    assertThat(result.totalsMatch()).isTrue();
    assertThat(result.report()).contains("OK");
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      // the receiver takes port + i per subtask; a free port is free enough for one subtask
      return socket.getLocalPort();
    }
  }
}
