package dev.aigw.insight.sink.banyandb;

import static dev.aigw.insight.sink.banyandb.TestSchemas.point;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.aigw.insight.sink.badrecord.BadRecordMode;
import dev.aigw.insight.sink.banyandb.schema.SchemaManager;
import dev.aigw.insight.sink.banyandb.standin.BanyanDbStandIn;
import dev.aigw.insight.sink.banyandb.standin.StandInData;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The batch writer against the stand-in: batching, status checks, retries, permanent failures. */
class BanyanDbBatchWriterTest {
  private static final String G = "g";

  private BanyanDbStandIn standIn;
  private ManagedChannel channel;
  private final SimpleCounter rows = new SimpleCounter();
  private final SimpleCounter batches = new SimpleCounter();
  private final SimpleCounter retries = new SimpleCounter();
  private final SimpleCounter failed = new SimpleCounter();
  private final SimpleCounter refused = new SimpleCounter();
  private final SimpleCounter deadLettered = new SimpleCounter();
  private final SimpleCounter dropped = new SimpleCounter();
  private final AtomicLong clock = new AtomicLong(1_000_000);

  @BeforeEach
  void start() throws Exception {
    standIn = BanyanDbStandIn.start();
    channel = NettyChannelBuilder.forTarget(standIn.target()).usePlaintext().build();
    new SchemaManager(channel, Duration.ofSeconds(5)).ensure(TestSchemas.schema(G), true);
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow();
    standIn.close();
  }

  private BanyanDbBatchWriter writer(int batchSize, int maxRetries, Duration notFoundGrace) {
    return writer(batchSize, maxRetries, notFoundGrace, BadRecordMode.DEAD_LETTER);
  }

  private BanyanDbBatchWriter writer(
      int batchSize, int maxRetries, Duration notFoundGrace, BadRecordMode mode) {
    BanyanDbSink<Object> sink =
        BanyanDbSink.builder()
            .setTargets(standIn.target())
            .setSchema(TestSchemas.schema(G))
            .setEmitter((e, out) -> {})
            .setBatchSize(batchSize)
            .setMaxRetries(maxRetries)
            .setBackoff(Duration.ofMillis(1), Duration.ofMillis(4))
            .setRequestTimeout(Duration.ofSeconds(5))
            .setNotFoundGrace(notFoundGrace)
            .setBadRecordMode(mode)
            .setMaxTagValueSize(MemorySize.parse("1kb"))
            .build();
    return new BanyanDbBatchWriter(
        sink.config(),
        sink.schema(),
        channel,
        rows,
        batches,
        retries,
        failed,
        new BanyanDbBadRows(mode, refused, deadLettered, dropped),
        clock::get);
  }

  @Test
  void flushSplitsPendingRowsIntoBatchesOfTheConfiguredSize() throws Exception {
    BanyanDbBatchWriter writer = writer(4, 0, Duration.ZERO);
    for (int i = 0; i < 10; i++) {
      writer.add(point(G, "svc-" + i, 100 + i, i));
    }
    assertThat(writer.isFull()).isTrue();
    writer.flush();

    assertThat(writer.pendingRows()).isZero();
    assertThat(standIn.writeStreamSizes()).containsExactly(4, 4, 2);
    assertThat(rows.getCount()).isEqualTo(10);
    assertThat(batches.getCount()).isEqualTo(3);
    assertThat(standIn.points(G, TestSchemas.MEASURE)).hasSize(10);
  }

  @Test
  void transientStatusesAreRetriedWithoutLosingOrDoublingRows() throws Exception {
    BanyanDbBatchWriter writer = writer(100, 5, Duration.ZERO);
    for (int i = 0; i < 6; i++) {
      writer.add(point(G, "svc", 100 + i, i));
    }
    // The first 4 requests fail (first attempt: rows 0-3), the retry succeeds.
    standIn.failNextWrites(4, "STATUS_INTERNAL_ERROR");
    writer.flush();

    assertThat(retries.getCount()).isEqualTo(1);
    assertThat(standIn.writeStreamSizes()).containsExactly(6, 4);
    assertThat(standIn.succeededWrites()).isEqualTo(6);
    assertThat(rows.getCount()).isEqualTo(6);
    assertThat(standIn.points(G, TestSchemas.MEASURE))
        .extracting(p -> p.fields().get(0).getInt().getValue())
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void anUnavailableServerIsRetriedUntilItAnswers() throws Exception {
    BanyanDbBatchWriter writer = writer(100, 5, Duration.ZERO);
    for (int i = 0; i < 3; i++) {
      writer.add(point(G, "svc", 100 + i, i));
    }
    standIn.breakNextWriteStreams(3, Status.UNAVAILABLE);
    writer.flush();

    assertThat(retries.getCount()).isEqualTo(3);
    assertThat(standIn.succeededWrites()).isEqualTo(3);
    assertThat(standIn.points(G, TestSchemas.MEASURE)).hasSize(3);
  }

  @Test
  void aRefusedRowFailsInFailModeWithGroupMeasureAndStatus() {
    BanyanDbBatchWriter writer = writer(100, 5, Duration.ZERO, BadRecordMode.FAIL);
    writer.add(point(G, "svc", 100, 1));
    // 30 s after the minute: not aligned to the measure's 1-minute interval.
    writer.add(
        MeasurePoint.builder(G, TestSchemas.MEASURE, 100 * TestSchemas.MINUTE + 30_000)
            .tag("service", "svc")
            .tag("model", "m")
            .build());
    writer.add(
        MeasurePoint.builder(G, TestSchemas.MEASURE, 101 * TestSchemas.MINUTE + 30_000)
            .tag("service", "svc")
            .tag("model", "m")
            .build());

    assertThatThrownBy(writer::flush)
        .isInstanceOf(BanyanDbWriteException.class)
        .hasMessage(
            "Failed to write 2 rows to BanyanDB group g measure cells: STATUS_INVALID_TIMESTAMP");
    assertThat(retries.getCount()).isZero();
    assertThat(failed.getCount()).isEqualTo(2);
  }

  /**
   * Four good rows, one the server refuses (timestamp not aligned to the measure's minute), one
   * with a model name over the 1 KiB value limit of these tests, one log element with a body over
   * it.
   */
  private void addGoodAndBadRows(BanyanDbBatchWriter writer) {
    writer.add(point(G, "svc-0", 100, 1));
    writer.add(point(G, "svc-1", 100, 2));
    writer.add(
        MeasurePoint.builder(G, TestSchemas.MEASURE, 100 * TestSchemas.MINUTE + 30_000)
            .tag("service", "svc-late")
            .tag("model", "m")
            .field("requests", 9L)
            .build());
    writer.add(point(G, "svc-2", 101, 3));
    writer.add(
        MeasurePoint.builder(G, TestSchemas.MEASURE, 101 * TestSchemas.MINUTE)
            .tag("service", "svc-big")
            .tag("model", "m".repeat(1025))
            .field("requests", 9L)
            .build());
    writer.add(point(G, "svc-3", 101, 4));
    writer.add(
        StreamElement.builder(G + "_logs", TestSchemas.STREAM, "req-big", 1_700_000_000_123L)
            .tag("service", "svc")
            .tag("status", 200L)
            .tag("body", "é".repeat(513))
            .build());
  }

  private void assertOnlyTheGoodRowsAreStored() {
    List<StandInData.StoredPoint> stored = standIn.points(G, TestSchemas.MEASURE);
    assertThat(stored)
        .extracting(
            p -> p.entity().get(0).getStr().getValue(),
            p -> p.timestampMillis(),
            p -> p.fields().get(0).getInt().getValue())
        .containsExactlyInAnyOrder(
            tuple("svc-0", 100 * TestSchemas.MINUTE, 1L),
            tuple("svc-1", 100 * TestSchemas.MINUTE, 2L),
            tuple("svc-2", 101 * TestSchemas.MINUTE, 3L),
            tuple("svc-3", 101 * TestSchemas.MINUTE, 4L));
    assertThat(standIn.elements(G + "_logs", TestSchemas.STREAM)).isEmpty();
    assertThat(rows.getCount()).isEqualTo(4);
    assertThat(failed.getCount()).isZero();
    assertThat(retries.getCount()).isZero();
  }

  @Test
  void deadLetterModeLogsAndCountsRefusedAndOversizedRowsAndWritesTheRest() throws Exception {
    BanyanDbBatchWriter writer = writer(100, 5, Duration.ZERO, BadRecordMode.DEAD_LETTER);
    addGoodAndBadRows(writer);
    // the two oversized rows were never buffered
    assertThat(writer.pendingRows()).isEqualTo(5);
    writer.flush();

    assertOnlyTheGoodRowsAreStored();
    assertThat(refused.getCount()).isEqualTo(3);
    assertThat(deadLettered.getCount()).isEqualTo(3);
    assertThat(dropped.getCount()).isZero();
  }

  @Test
  void dropModeCountsRefusedAndOversizedRowsAndWritesTheRest() throws Exception {
    BanyanDbBatchWriter writer = writer(100, 5, Duration.ZERO, BadRecordMode.DROP);
    addGoodAndBadRows(writer);
    writer.flush();

    assertOnlyTheGoodRowsAreStored();
    assertThat(refused.getCount()).isEqualTo(3);
    assertThat(dropped.getCount()).isEqualTo(3);
    assertThat(deadLettered.getCount()).isZero();
  }

  @Test
  void failModeRefusesToSendARowWithAValueOverTheLimit() {
    BanyanDbBatchWriter writer = writer(100, 5, Duration.ZERO, BadRecordMode.FAIL);

    assertThatThrownBy(
            () ->
                writer.add(
                    MeasurePoint.builder(G, TestSchemas.MEASURE, 101 * TestSchemas.MINUTE)
                        .tag("service", "svc-big")
                        .tag("model", "m".repeat(1025))
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Refused to send BanyanDB group g measure cells @6060000: tag 'model' of 1025 bytes"
                + " over banyandb.sink.max-tag-value-size (1024 bytes); not sent {service=svc-big,"
                + " model="
                + "m".repeat(128)
                + "...[897 more chars]}")
        .hasMessageEndingWith(
            "(set banyandb.sink.bad-record.mode to DEAD_LETTER or DROP to go on" + " without it)");
    assertThat(writer.pendingRows()).isZero();
    assertThat(failed.getCount()).isEqualTo(1);
  }

  @Test
  void aLetterNamesWhereWhyAndBoundedValues() {
    assertThat(
            BanyanDbBadRows.letter(
                "BanyanDB group g measure cells",
                "STATUS_INVALID_TIMESTAMP",
                6_030_000L,
                new java.util.LinkedHashMap<>(java.util.Map.of("service", "x".repeat(130)))))
        .isEqualTo(
            "BanyanDB group g measure cells @6030000: STATUS_INVALID_TIMESTAMP {service="
                + "x".repeat(128)
                + "...[2 more chars]}");
  }

  @Test
  void exhaustedRetriesFailWithTheLastStatus() {
    BanyanDbBatchWriter writer = writer(100, 2, Duration.ZERO);
    writer.add(point(G, "svc", 100, 1));
    standIn.failNextWrites(10, "STATUS_DISK_FULL");

    assertThatThrownBy(writer::flush)
        .isInstanceOf(BanyanDbWriteException.class)
        .hasMessage(
            "Failed to write 1 rows to BanyanDB group g measure cells: STATUS_DISK_FULL"
                + " (still failing after 2 retries)");
    assertThat(retries.getCount()).isEqualTo(2);
  }

  @Test
  void notFoundIsRetriedOnlyWithinTheGraceAfterStartUp() throws Exception {
    BanyanDbBatchWriter writer = writer(100, 3, Duration.ofSeconds(30));
    writer.add(point(G, "svc", 100, 1));
    standIn.failNextWrites(1, "STATUS_NOT_FOUND");
    writer.flush();
    assertThat(standIn.points(G, TestSchemas.MEASURE)).hasSize(1);

    clock.addAndGet(31_000);
    writer.add(point(G, "svc", 101, 1));
    standIn.failNextWrites(1, "STATUS_NOT_FOUND");
    assertThatThrownBy(writer::flush)
        .hasMessage("Failed to write 1 rows to BanyanDB group g measure cells: STATUS_NOT_FOUND");
  }

  @Test
  void aRewriteOfTheSameCellReplacesIt() throws Exception {
    BanyanDbBatchWriter writer = writer(100, 0, Duration.ZERO);
    writer.add(point(G, "svc", 100, 1));
    writer.flush();
    writer.add(point(G, "svc", 100, 7));
    writer.flush();

    List<?> stored = standIn.points(G, TestSchemas.MEASURE);
    assertThat(stored).hasSize(1);
    assertThat(standIn.points(G, TestSchemas.MEASURE).get(0).fields().get(0).getInt().getValue())
        .isEqualTo(7);
  }

  @Test
  void streamElementsAreWrittenWithTheirTagsInSchemaOrder() throws Exception {
    BanyanDbBatchWriter writer = writer(100, 0, Duration.ZERO);
    writer.add(
        StreamElement.builder(G + "_logs", TestSchemas.STREAM, "req-1", 1_700_000_000_123L)
            .tag("body", "hello")
            .tag("status", 404L)
            .tag("service", "svc")
            .build());
    writer.flush();

    assertThat(standIn.elements(G + "_logs", TestSchemas.STREAM))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.elementId()).isEqualTo("req-1");
              assertThat(e.timestampMillis()).isEqualTo(1_700_000_000_123L);
              assertThat(e.tagFamilies().get(0).getTags(0).getStr().getValue()).isEqualTo("svc");
              assertThat(e.tagFamilies().get(0).getTags(1).getInt().getValue()).isEqualTo(404);
              assertThat(e.tagFamilies().get(1).getTags(0).getStr().getValue()).isEqualTo("hello");
            });
  }

  @Test
  void anUndeclaredTagIsAnEmitterErrorNamingMeasureAndTag() {
    BanyanDbBatchWriter writer = writer(100, 0, Duration.ZERO);
    assertThatThrownBy(
            () ->
                writer.add(
                    MeasurePoint.builder(G, TestSchemas.MEASURE, 0)
                        .tag("service", "s")
                        .tag("model", "m")
                        .tag("region", "eu")
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "The emitter wrote tag 'region' to measure g/cells, whose schema has no such tag");
  }
}
