package dev.aigw.insight.sink.banyandb;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.aigw.insight.testing.Await;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.skywalking.banyandb.measure.v1.BanyandbMeasure;
import org.apache.skywalking.banyandb.measure.v1.MeasureServiceGrpc;
import org.apache.skywalking.banyandb.model.v1.BanyandbModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sink tests that run against any BanyanDB: the stand-in ({@link BanyanDbSinkITCase}) or a real
 * server ({@link BanyanDbSinkRealServerITCase}, when BANYANDB_TARGETS is set). Rows are read back
 * with BanyanDB's query API, never from the stand-in's internals.
 */
abstract class BanyanDbSinkTestBase {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  /** Lets a map fail once per test, to force a restart. */
  static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();

  protected String group;
  private ManagedChannel channel;

  /** The BanyanDB gRPC target. */
  protected abstract String target();

  /** A group name not used before on this server. */
  protected abstract String newGroup();

  /** Extra checks a subclass can make after a job replayed rows (the stand-in counts writes). */
  protected void assertReplayOverwrote(int distinctRows) {}

  @BeforeEach
  void openChannel() {
    group = newGroup();
    channel = NettyChannelBuilder.forTarget(target()).usePlaintext().build();
    FAILED_ONCE.set(false);
  }

  @AfterEach
  void closeChannel() {
    channel.shutdownNow();
  }

  protected StreamExecutionEnvironment env(String restartStrategy) {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, restartStrategy);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ZERO);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    return env;
  }

  protected BanyanDbSinkBuilder<TestCell> sink() {
    return BanyanDbSink.<TestCell>builder()
        .setTargets(target())
        .setSchema(TestSchemas.schema(group))
        .setEmitter(new TestCellEmitter(group, 0))
        .setBackoff(Duration.ofMillis(10), Duration.ofMillis(100))
        .setNotFoundGrace(Duration.ZERO);
  }

  protected static DataGeneratorSource<TestCell> cells(long count, RateLimiterStrategy limiter) {
    return new DataGeneratorSource<>(
        TestCell::of, count, limiter, TypeInformation.of(TestCell.class));
  }

  @Test
  void aBoundedJobWritesEveryCellInBatchesOfTheConfiguredSize() throws Exception {
    StreamExecutionEnvironment env = env("none");
    env.fromSource(cells(25, RateLimiterStrategy.noOp()), WatermarkStrategy.noWatermarks(), "cells")
        .sinkTo(sink().setBatchSize(10).build())
        .name("BanyanDB")
        .uid("banyandb-sink");
    env.execute("bounded");

    assertThat(readBack()).containsExactlyElementsOf(expected(25));
  }

  @Test
  void bufferedRowsAreWrittenWhenTheFlushIntervalPasses() throws Exception {
    StreamExecutionEnvironment env = env("none");
    // Without checkpoints, perCheckpoint(7) emits 7 cells and then waits: only the timer can flush.
    env.fromSource(
            cells(Long.MAX_VALUE, RateLimiterStrategy.perCheckpoint(7)),
            WatermarkStrategy.noWatermarks(),
            "cells")
        .sinkTo(sink().setBatchSize(1000).setFlushInterval(Duration.ofMillis(200)).build());
    JobClient job = env.executeAsync("time flush");
    try {
      awaitRows(7);
      assertThat(readBack()).containsExactlyElementsOf(expected(7));
    } finally {
      job.cancel().get();
    }
  }

  @Test
  void everyCheckpointFlushesTheBuffer() throws Exception {
    StreamExecutionEnvironment env = env("none");
    env.enableCheckpointing(300);
    // A full batch never forms and the flush interval never passes: checkpoints must flush.
    env.fromSource(
            cells(Long.MAX_VALUE, RateLimiterStrategy.perCheckpoint(5)),
            WatermarkStrategy.noWatermarks(),
            "cells")
        .sinkTo(sink().setBatchSize(1000).setFlushInterval(Duration.ofHours(1)).build());
    JobClient job = env.executeAsync("checkpoint flush");
    try {
      // Neither the batch size nor the flush interval is ever reached, so any row at all was
      // flushed by a checkpoint. (The read may overlap a flush that is still writing, so the count
      // need not be a whole number of checkpoints' worth.)
      awaitRows(10);
      List<String> rows = readBack();
      assertThat(rows).containsExactlyElementsOf(expected(rows.size()));
    } finally {
      job.cancel().get();
    }
  }

  @Test
  void aRestartReplaysRowsThatOverwriteInsteadOfDoubling() throws Exception {
    StreamExecutionEnvironment env = env("fixed-delay");
    env.fromSource(cells(40, RateLimiterStrategy.noOp()), WatermarkStrategy.noWatermarks(), "cells")
        .map(
            cell -> {
              if (cell.requests == 30 && FAILED_ONCE.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after 30 cells");
              }
              return cell;
            })
        .returns(TestCell.class)
        .sinkTo(sink().setBatchSize(5).build());
    env.execute("restart");

    assertThat(FAILED_ONCE).isTrue();
    assertThat(readBack()).containsExactlyElementsOf(expected(40));
    assertReplayOverwrote(40);
  }

  /** Waits until at least {@code rows} rows can be read back. */
  protected void awaitRows(int rows) throws InterruptedException {
    Await.until(
        Duration.ofSeconds(60),
        rows + " rows to read back",
        () -> rowsSoFar() >= rows,
        () -> rowsSoFar() + " rows so far");
  }

  private int rowsSoFar() {
    try {
      return readBack().size();
    } catch (StatusRuntimeException e) {
      // The sink's writer has not created the measure yet.
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return 0;
      }
      throw e;
    }
  }

  /** "service@minute=requests/latency" for every cell 0..n-1, sorted. */
  protected static List<String> expected(long n) {
    TreeSet<String> rows = new TreeSet<>();
    for (long i = 0; i < n; i++) {
      TestCell cell = TestCell.of(i);
      rows.add(cell.service + "@" + cell.minute + "=" + cell.requests + "/" + cell.requests * 1.5);
    }
    return new ArrayList<>(rows);
  }

  /** Every row of the test measure, as "service@minute=requests/latency", sorted. */
  protected List<String> readBack() {
    BanyandbMeasure.QueryResponse response =
        MeasureServiceGrpc.newBlockingStub(channel)
            .query(
                BanyandbMeasure.QueryRequest.newBuilder()
                    .addGroups(group)
                    .setName(TestSchemas.MEASURE)
                    .setTimeRange(
                        BanyandbModel.TimeRange.newBuilder()
                            .setBegin(Timestamp.newBuilder().setSeconds(1_000_000_000L))
                            .setEnd(Timestamp.newBuilder().setSeconds(4_000_000_000L)))
                    .setTagProjection(
                        BanyandbModel.TagProjection.newBuilder()
                            .addTagFamilies(
                                BanyandbModel.TagProjection.TagFamily.newBuilder()
                                    .setName("default")
                                    .addTags("service")))
                    .setFieldProjection(
                        BanyandbMeasure.QueryRequest.FieldProjection.newBuilder()
                            .addNames("requests")
                            .addNames("latency_ms"))
                    .build());
    TreeSet<String> rows = new TreeSet<>();
    for (BanyandbMeasure.DataPoint point : response.getDataPointsList()) {
      rows.add(
          point.getTagFamilies(0).getTags(0).getValue().getStr().getValue()
              + "@"
              + point.getTimestamp().getSeconds() / 60
              + "="
              + point.getFields(0).getValue().getInt().getValue()
              + "/"
              + point.getFields(1).getValue().getFloat().getValue());
    }
    return new ArrayList<>(rows);
  }
}
