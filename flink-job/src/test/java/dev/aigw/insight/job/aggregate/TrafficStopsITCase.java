package dev.aigw.insight.job.aggregate;

import static dev.aigw.insight.job.testing.CellAssertions.assertMatches;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.decode.metrics.ResourcePointsDecoder;
import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.testing.Expectation;
import dev.aigw.insight.job.testing.ExpectedCell;
import dev.aigw.insight.job.testing.GatewaySimulator;
import dev.aigw.insight.job.testing.SimulatedRequest;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.source.otlp.AckMode;
import dev.aigw.insight.source.otlp.OtlpReceiverSource;
import dev.aigw.insight.source.otlp.testing.FreePort;
import dev.aigw.insight.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real OTLP receiver source (unbounded: no end-of-input watermark) feeds the analysis; after
 * the last export the gateway falls silent, and the last minute's cells must still come out, within
 * the documented bound, from the processing-time watermark advance alone.
 */
class TrafficStopsITCase {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .build());

  private static final long MS = 1_000_000L;
  private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(1);
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration FLUSH_INTERVAL = Duration.ofMillis(200);

  @Test
  void lastMinuteIsEmittedAfterTrafficStops() throws Exception {
    int port = FreePort.range(1);
    AnalysisConfig config =
        AnalysisConfig.builder()
            .outOfOrderness(OUT_OF_ORDERNESS)
            .idleTimeout(IDLE_TIMEOUT)
            .combineFlushInterval(FLUSH_INTERVAL)
            .build();
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    DataStream<ResourcePoints> points =
        env.fromSource(
                OtlpReceiverSource.<ResourcePoints>builder()
                    .setDecoder(ResourcePointsDecoder.create(config))
                    .setBindAddress("127.0.0.1")
                    .setPort(port)
                    // no OTLP/HTTP: its fixed default port would clash with another test run
                    .setHttpEnabled(false)
                    .setAckMode(AckMode.ON_RECEIVE)
                    .setShutdownTimeout(Duration.ofSeconds(2))
                    .build(),
                WatermarkStrategy.noWatermarks(),
                "otlp-receiver")
            .uid("otlp-receiver");
    DataStream<MinuteCell> cells = GenAiMetricsPipeline.build(points, config);

    ExecutorService reader = Executors.newSingleThreadExecutor();
    try (CloseableIterator<MinuteCell> it = cells.executeAndCollect("traffic-stops")) {
      awaitPort(port);
      // the point time lies 500 ms before the end of the minute that just ended on the wall clock
      long minuteEndMs = System.currentTimeMillis() / 60_000 * 60_000;
      long exportNanos = (minuteEndMs - 500) * MS;
      GatewaySimulator gw =
          GatewaySimulator.builder("http://127.0.0.1:" + port)
              .service("gw")
              .instance("pod-a")
              .temporality(Temporality.DELTA)
              .startedAt(exportNanos - 30_000 * MS)
              .build();
      gw.submit(
          SimulatedRequest.at(exportNanos - 20_000 * MS)
              .provider("openai")
              .model("gpt-4o")
              .latency(0.75)
              .tokens(1200, 300));
      gw.exportAt(exportNanos);
      long lastExportWallMs = System.currentTimeMillis();
      gw.close();

      Map<String, ExpectedCell> expected = Expectation.of(PriceTable.loadDefault()).add(gw).cells();
      List<MinuteCell> got = new ArrayList<>();
      for (int i = 0; i < expected.size(); i++) {
        Future<MinuteCell> next = reader.submit(it::next);
        got.add(next.get(30, TimeUnit.SECONDS)); // no further traffic arrives meanwhile
      }
      long waitedMs = System.currentTimeMillis() - lastExportWallMs;
      System.out.println("last minute's cells arrived " + waitedMs + " ms after the last export");
      assertMatches(got, expected, PercentileMethod.INTERPOLATED);
      // bound: (minute end - point time) + out-of-orderness + idle timeout + the combine stage's
      // flush interval, plus scheduling slack
      long boundMs =
          500 + OUT_OF_ORDERNESS.toMillis() + IDLE_TIMEOUT.toMillis() + FLUSH_INTERVAL.toMillis();
      assertThat(waitedMs).isLessThan(boundMs + 5_000);
    } finally {
      reader.shutdownNow();
    }
  }

  private static void awaitPort(int port) throws InterruptedException {
    Await.listening(Duration.ofSeconds(60), "127.0.0.1", port);
  }
}
