package dev.aigw.insight.source.otlp.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.source.otlp.AckMode;
import dev.aigw.insight.source.otlp.OtlpReceiverConfig;
import dev.aigw.insight.source.otlp.OtlpReceiverSource;
import dev.aigw.insight.source.otlp.metrics.OtlpReceiverMetrics;
import dev.aigw.insight.source.otlp.testing.FreePort;
import dev.aigw.insight.source.otlp.testing.ReceivedItem;
import dev.aigw.insight.source.otlp.testing.TestDecoder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up failures of the server name the file or port and the option to fix. */
class OtlpGrpcServerTest {

  private final OtlpReceiverMetrics metrics =
      new OtlpReceiverMetrics(new UnregisteredMetricsGroup(), () -> 0, () -> 0);

  private OtlpExportHandler<ReceivedItem> handler() {
    return new OtlpExportHandler<>(
        new TestDecoder(),
        new HandOffQueue<>(10),
        metrics,
        AckMode.ON_RECEIVE,
        Duration.ofSeconds(1));
  }

  @Test
  void unreadableTlsFilesNameTheFilesAndOptions(@TempDir Path dir) {
    OtlpReceiverConfig config =
        OtlpReceiverSource.<ReceivedItem>builder()
            .setDecoder(new TestDecoder())
            .setBindAddress("127.0.0.1")
            .setTls(
                dir.resolve("missing-cert.pem").toString(),
                dir.resolve("missing-key.pem").toString())
            .build()
            .config();
    assertThatThrownBy(
            () ->
                OtlpGrpcServer.start(
                    config,
                    FreePort.range(1),
                    handler(),
                    metrics.rejectedUnauthenticated(),
                    metrics.rejectedTooLarge()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("missing-cert.pem")
        .hasMessageContaining("missing-key.pem")
        .hasMessageContaining("otlp.receiver.tls.cert-chain-file")
        .hasMessageContaining("otlp.receiver.tls.private-key-file");
  }

  @Test
  void occupiedPortNamesTheAddressAndOptions() throws IOException {
    try (ServerSocket occupied = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = occupied.getLocalPort();
      OtlpReceiverConfig config =
          OtlpReceiverSource.<ReceivedItem>builder()
              .setDecoder(new TestDecoder())
              .setBindAddress("127.0.0.1")
              .setPort(port)
              .build()
              .config();
      assertThatThrownBy(
              () ->
                  OtlpGrpcServer.start(
                      config,
                      port,
                      handler(),
                      metrics.rejectedUnauthenticated(),
                      metrics.rejectedTooLarge()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("127.0.0.1:" + port)
          .hasMessageContaining("otlp.receiver.port")
          .hasMessageContaining("otlp.receiver.port-per-subtask");
    }
  }
}
