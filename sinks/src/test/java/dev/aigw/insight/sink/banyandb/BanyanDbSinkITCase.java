package dev.aigw.insight.sink.banyandb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.sink.badrecord.BadRecordMode;
import dev.aigw.insight.sink.banyandb.standin.BanyanDbStandIn;
import io.grpc.Status;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sink tests against the in-process stand-in, plus the ones that need injected faults. */
class BanyanDbSinkITCase extends BanyanDbSinkTestBase {
  private static BanyanDbStandIn standIn;
  private static int groups;

  @BeforeAll
  static void startStandIn() throws Exception {
    standIn = BanyanDbStandIn.start();
  }

  @AfterAll
  static void stopStandIn() throws Exception {
    standIn.close();
  }

  @Override
  protected String target() {
    return standIn.target();
  }

  @Override
  protected String newGroup() {
    return "it_" + (++groups);
  }

  @Override
  protected void assertReplayOverwrote(int distinctRows) {
    assertThat(standIn.points(group, TestSchemas.MEASURE)).hasSize(distinctRows);
  }

  @Test
  void transientFailuresAreRetriedWithNoRowLostOrDoubled() throws Exception {
    long before = standIn.succeededWrites();
    standIn.breakNextWriteStreams(2, Status.UNAVAILABLE);
    standIn.failNextWrites(7, "STATUS_INTERNAL_ERROR");

    StreamExecutionEnvironment env = env("none");
    env.fromSource(cells(30, RateLimiterStrategy.noOp()), WatermarkStrategy.noWatermarks(), "cells")
        .sinkTo(sink().setBatchSize(10).setMaxRetries(5).build());
    env.execute("retries");

    assertThat(readBack()).containsExactlyElementsOf(expected(30));
    // Failed requests are not stored, so exactly one success per cell.
    assertThat(standIn.succeededWrites() - before).isEqualTo(30);
    assertThat(standIn.points(group, TestSchemas.MEASURE)).hasSize(30);
  }

  @Test
  void aDifferingMeasureInBanyanDbStopsTheJobBeforeAnyWrite() {
    standIn.defineGroup(
        dev.aigw.insight.sink.banyandb.schema.SchemaProtos.group(
            dev.aigw.insight.sink.banyandb.schema.GroupSpec.measures(
                group, 2, java.time.Duration.ofDays(1), java.time.Duration.ofDays(7))));
    standIn.defineMeasure(
        dev.aigw.insight.sink.banyandb.schema.SchemaProtos.measure(TestSchemas.cells(group))
            .toBuilder()
            .setInterval("1h")
            .build());
    long before = standIn.succeededWrites() + standIn.rejectedWrites();

    StreamExecutionEnvironment env = env("none");
    env.fromSource(cells(4, RateLimiterStrategy.noOp()), WatermarkStrategy.noWatermarks(), "cells")
        .sinkTo(sink().build());
    Throwable failure = null;
    try {
      env.execute("mismatch");
    } catch (Exception e) {
      failure = e;
    }

    assertThat(
            ExceptionUtils.findThrowable(
                failure, dev.aigw.insight.sink.banyandb.schema.SchemaMismatchException.class))
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .startsWith(
            "BanyanDB measure "
                + group
                + "/cells does not match the job's schema: interval is PT1H in BanyanDB but the"
                + " job expects PT1M");
    assertThat(standIn.succeededWrites() + standIn.rejectedWrites()).isEqualTo(before);
  }

  @Test
  void rowsTheServerRefusesForTheirContentDoNotFailTheJobByDefault() throws Exception {
    long rejectedBefore = standIn.rejectedWrites();
    StreamExecutionEnvironment env = env("none");
    env.fromSource(cells(4, RateLimiterStrategy.noOp()), WatermarkStrategy.noWatermarks(), "cells")
        // 30 s past the minute: not aligned to the measure's interval.
        .sinkTo(sink().setEmitter(new TestCellEmitter(group, 30_000)).build());

    env.execute("refused-rows-dead-lettered");

    // each row was answered STATUS_INVALID_TIMESTAMP once, not retried, and the job finished
    assertThat(standIn.rejectedWrites() - rejectedBefore).isEqualTo(4);
    assertThat(standIn.points(group, TestSchemas.MEASURE)).isEmpty();
  }

  @Test
  void aRefusedRowFailsTheJobInFailModeNamingGroupMeasureAndStatus() {
    StreamExecutionEnvironment env = env("none");
    env.fromSource(cells(4, RateLimiterStrategy.noOp()), WatermarkStrategy.noWatermarks(), "cells")
        // 30 s past the minute: not aligned to the measure's interval.
        .sinkTo(
            sink()
                .setEmitter(new TestCellEmitter(group, 30_000))
                .setBadRecordMode(BadRecordMode.FAIL)
                .build());

    Throwable failure = null;
    try {
      env.execute("permanent");
    } catch (Exception e) {
      failure = e;
    }
    Optional<BanyanDbWriteException> cause =
        ExceptionUtils.findThrowable(failure, BanyanDbWriteException.class);
    assertThat(cause)
        .get()
        .extracting(Throwable::getMessage)
        .isEqualTo(
            "Failed to write 4 rows to BanyanDB group "
                + group
                + " measure cells: STATUS_INVALID_TIMESTAMP");
  }
}
