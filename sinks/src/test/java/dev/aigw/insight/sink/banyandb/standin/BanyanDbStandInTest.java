package dev.aigw.insight.sink.banyandb.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import dev.aigw.insight.sink.banyandb.TestSchemas;
import dev.aigw.insight.sink.banyandb.schema.SchemaManager;
import dev.aigw.insight.sink.banyandb.schema.SchemaProtos;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.skywalking.banyandb.common.v1.BanyandbCommon;
import org.apache.skywalking.banyandb.database.v1.BanyandbDatabase;
import org.apache.skywalking.banyandb.database.v1.MeasureRegistryServiceGrpc;
import org.apache.skywalking.banyandb.measure.v1.BanyandbMeasure;
import org.apache.skywalking.banyandb.measure.v1.MeasureServiceGrpc;
import org.apache.skywalking.banyandb.model.v1.BanyandbModel;
import org.apache.skywalking.banyandb.stream.v1.BanyandbStream;
import org.apache.skywalking.banyandb.stream.v1.StreamServiceGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stand-in rejects what BanyanDB rejects, overwrites rows and answers queries. */
class BanyanDbStandInTest {
  private static final String G = "g";
  private static final long T = 1_700_000_040_000L; // a whole minute

  private BanyanDbStandIn standIn;
  private ManagedChannel channel;

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

  @Test
  void acceptsAWellFormedPointAndAnswersSuccessWhenTheClientHalfCloses() throws Exception {
    assertThat(write(request(G, "cells", T, "svc", "m", 5, 1.5, 1)))
        .containsExactly("STATUS_SUCCEED");
    assertThat(standIn.points(G, "cells")).hasSize(1);
  }

  @Test
  void unknownGroupOrMeasureIsNotFound() throws Exception {
    assertThat(write(request("nope", "cells", T, "svc", "m", 5, 1.5, 1)))
        .containsExactly("STATUS_NOT_FOUND");
    assertThat(write(request(G, "nope", T, "svc", "m", 5, 1.5, 1)))
        .containsExactly("STATUS_NOT_FOUND");
  }

  @Test
  void timestampsOffTheIntervalOrBelowMillisecondsAreInvalid() throws Exception {
    assertThat(write(request(G, "cells", T + 1_000, "svc", "m", 5, 1.5, 1)))
        .containsExactly("STATUS_INVALID_TIMESTAMP");
    BanyandbMeasure.WriteRequest subMillis = request(G, "cells", T, "svc", "m", 5, 1.5, 1);
    subMillis =
        subMillis.toBuilder()
            .setDataPoint(
                subMillis.getDataPoint().toBuilder()
                    .setTimestamp(Timestamp.newBuilder().setSeconds(T / 1000).setNanos(5)))
            .build();
    assertThat(write(subMillis)).containsExactly("STATUS_INVALID_TIMESTAMP");
    BanyandbMeasure.WriteRequest none = request(G, "cells", T, "svc", "m", 5, 1.5, 1);
    none = none.toBuilder().setDataPoint(none.getDataPoint().toBuilder().clearTimestamp()).build();
    assertThat(write(none)).containsExactly("STATUS_INVALID_TIMESTAMP");
  }

  @Test
  void wrongTagOrFieldTypesCountsAndMissingEntityTagsAreRejected() throws Exception {
    BanyandbMeasure.WriteRequest ok = request(G, "cells", T, "svc", "m", 5, 1.5, 1);
    BanyandbMeasure.DataPointValue dp = ok.getDataPoint();
    BanyandbMeasure.WriteRequest intTag =
        ok.toBuilder()
            .setDataPoint(
                dp.toBuilder()
                    .setTagFamilies(
                        0,
                        BanyandbModel.TagFamilyForWrite.newBuilder()
                            .addTags(intTag(3))
                            .addTags(strTag("m"))))
            .build();
    BanyandbMeasure.WriteRequest tooManyTags =
        ok.toBuilder()
            .setDataPoint(
                dp.toBuilder()
                    .setTagFamilies(0, dp.getTagFamilies(0).toBuilder().addTags(strTag("x"))))
            .build();
    BanyandbMeasure.WriteRequest strField =
        ok.toBuilder()
            .setDataPoint(
                dp.toBuilder()
                    .setFields(
                        0,
                        BanyandbModel.FieldValue.newBuilder()
                            .setStr(BanyandbModel.Str.newBuilder().setValue("5"))))
            .build();
    BanyandbMeasure.WriteRequest tooManyFields =
        ok.toBuilder().setDataPoint(dp.toBuilder().addFields(dp.getFields(0))).build();
    BanyandbMeasure.WriteRequest nullEntity =
        ok.toBuilder()
            .setDataPoint(
                dp.toBuilder()
                    .setTagFamilies(
                        0,
                        BanyandbModel.TagFamilyForWrite.newBuilder()
                            .addTags(strTag("svc"))
                            .addTags(
                                BanyandbModel.TagValue.newBuilder()
                                    .setNull(com.google.protobuf.NullValue.NULL_VALUE))))
            .build();
    BanyandbMeasure.WriteRequest missingEntity =
        ok.toBuilder()
            .setDataPoint(
                dp.toBuilder()
                    .setTagFamilies(
                        0, BanyandbModel.TagFamilyForWrite.newBuilder().addTags(strTag("svc"))))
            .build();

    for (BanyandbMeasure.WriteRequest bad :
        List.of(intTag, tooManyTags, strField, tooManyFields, nullEntity, missingEntity)) {
      assertThat(write(bad)).containsExactly("STATUS_INTERNAL_ERROR");
    }
    assertThat(standIn.points(G, "cells")).isEmpty();
  }

  @Test
  void aZeroMessageIdEndsTheStream() {
    assertThatThrownBy(() -> write(request(G, "cells", T, "svc", "m", 5, 1.5, 0)))
        .hasRootCauseInstanceOf(StatusRuntimeException.class)
        .rootCause()
        .hasMessageContaining("INVALID_ARGUMENT: message_id must be > 0");
  }

  @Test
  void aStaleSchemaRevisionIsExpired() throws Exception {
    BanyandbMeasure.WriteRequest stale = request(G, "cells", T, "svc", "m", 5, 1.5, 1);
    stale =
        stale.toBuilder().setMetadata(stale.getMetadata().toBuilder().setModRevision(999)).build();
    assertThat(write(stale)).containsExactly("STATUS_EXPIRED_SCHEMA");
  }

  @Test
  void theSameEntityAndTimestampOverwritesUnlessTheVersionIsOlder() throws Exception {
    write(withVersion(request(G, "cells", T, "svc", "m", 5, 1.5, 1), 10));
    write(withVersion(request(G, "cells", T, "svc", "m", 7, 2.5, 2), 20));
    write(withVersion(request(G, "cells", T, "svc", "m", 1, 0.5, 3), 15));
    write(withVersion(request(G, "cells", T, "other", "m", 9, 9.5, 4), 1));

    List<StandInData.StoredPoint> points = standIn.points(G, "cells");
    assertThat(points).hasSize(2);
    assertThat(points)
        .filteredOn(p -> p.entity().get(0).getStr().getValue().equals("svc"))
        .singleElement()
        .satisfies(p -> assertThat(p.fields().get(0).getInt().getValue()).isEqualTo(7));
  }

  @Test
  void queriesUseAHalfOpenRangeConditionsAndProjections() throws Exception {
    write(
        request(G, "cells", T, "a", "m1", 1, 1.0, 1),
        request(G, "cells", T + 60_000, "a", "m2", 2, 2.0, 2),
        request(G, "cells", T + 120_000, "a", "m1", 3, 3.0, 3),
        request(G, "cells", T + 60_000, "b", "m1", 4, 4.0, 4));

    BanyandbMeasure.QueryResponse response =
        MeasureServiceGrpc.newBlockingStub(channel)
            .query(
                BanyandbMeasure.QueryRequest.newBuilder()
                    .addGroups(G)
                    .setName("cells")
                    .setTimeRange(
                        BanyandbModel.TimeRange.newBuilder()
                            .setBegin(ts(T))
                            .setEnd(ts(T + 120_000)))
                    .setCriteria(
                        BanyandbModel.Criteria.newBuilder()
                            .setCondition(
                                BanyandbModel.Condition.newBuilder()
                                    .setName("service")
                                    .setOp(BanyandbModel.Condition.BinaryOp.BINARY_OP_EQ)
                                    .setValue(strTag("a"))))
                    .setTagProjection(
                        BanyandbModel.TagProjection.newBuilder()
                            .addTagFamilies(
                                BanyandbModel.TagProjection.TagFamily.newBuilder()
                                    .setName("default")
                                    .addTags("model")))
                    .setFieldProjection(
                        BanyandbMeasure.QueryRequest.FieldProjection.newBuilder()
                            .addNames("requests"))
                    .build());

    assertThat(response.getDataPointsList())
        .extracting(
            p ->
                p.getTagFamilies(0).getTags(0).getValue().getStr().getValue()
                    + "="
                    + p.getFields(0).getValue().getInt().getValue())
        .containsExactly("m1=1", "m2=2");
    assertThat(response.getDataPoints(0).getTagFamilies(0).getTagsCount()).isEqualTo(1);
  }

  @Test
  void theRegistryRejectsDuplicatesUnknownGroupsAndUndeclaredEntityTags() {
    MeasureRegistryServiceGrpc.MeasureRegistryServiceBlockingStub registry =
        MeasureRegistryServiceGrpc.newBlockingStub(channel);
    BanyandbDatabase.Measure cells = SchemaProtos.measure(TestSchemas.cells(G));
    assertThatThrownBy(
            () ->
                registry.create(
                    BanyandbDatabase.MeasureRegistryServiceCreateRequest.newBuilder()
                        .setMeasure(cells)
                        .build()))
        .satisfies(e -> assertCode(e, Status.Code.ALREADY_EXISTS));
    assertThatThrownBy(
            () ->
                registry.create(
                    BanyandbDatabase.MeasureRegistryServiceCreateRequest.newBuilder()
                        .setMeasure(
                            cells.toBuilder()
                                .setMetadata(
                                    BanyandbCommon.Metadata.newBuilder()
                                        .setGroup("nope")
                                        .setName("cells")))
                        .build()))
        .satisfies(e -> assertCode(e, Status.Code.NOT_FOUND));
    assertThatThrownBy(
            () ->
                registry.create(
                    BanyandbDatabase.MeasureRegistryServiceCreateRequest.newBuilder()
                        .setMeasure(
                            cells.toBuilder()
                                .setMetadata(
                                    BanyandbCommon.Metadata.newBuilder().setGroup(G).setName("x"))
                                .setEntity(
                                    BanyandbDatabase.Entity.newBuilder().addTagNames("region")))
                        .build()))
        .satisfies(e -> assertCode(e, Status.Code.INVALID_ARGUMENT));
    assertThatThrownBy(
            () ->
                registry.get(
                    BanyandbDatabase.MeasureRegistryServiceGetRequest.newBuilder()
                        .setMetadata(BanyandbCommon.Metadata.newBuilder().setGroup(G).setName("x"))
                        .build()))
        .satisfies(e -> assertCode(e, Status.Code.NOT_FOUND));
  }

  @Test
  void streamElementsAreValidatedAppendedAndQueriedByTagAndHalfOpenRange() throws Exception {
    String logs = G + "_logs";
    List<String> statuses =
        writeStream(
            element(logs, "logs", "a", T + 5, "svc", 200, 1),
            element(logs, "logs", "b", T + 10, "svc", 404, 2),
            element(logs, "logs", "c", T + 20, "svc", 404, 3),
            element(logs, "nope", "d", T, "svc", 404, 4),
            element(logs, "logs", "e", T + 15, "svc", 404, 5).toBuilder()
                .setElement(
                    element(logs, "logs", "e", T + 15, "svc", 404, 5).getElement().toBuilder()
                        .setTagFamilies(
                            0, BanyandbModel.TagFamilyForWrite.newBuilder().addTags(intTag(1))))
                .build());
    assertThat(statuses)
        .containsExactly(
            "STATUS_SUCCEED",
            "STATUS_SUCCEED",
            "STATUS_SUCCEED",
            "STATUS_NOT_FOUND",
            "STATUS_INTERNAL_ERROR");

    BanyandbStream.QueryResponse response =
        StreamServiceGrpc.newBlockingStub(channel)
            .query(
                BanyandbStream.QueryRequest.newBuilder()
                    .addGroups(logs)
                    .setName("logs")
                    .setTimeRange(
                        BanyandbModel.TimeRange.newBuilder().setBegin(ts(T)).setEnd(ts(T + 20)))
                    .setCriteria(
                        BanyandbModel.Criteria.newBuilder()
                            .setCondition(
                                BanyandbModel.Condition.newBuilder()
                                    .setName("status")
                                    .setOp(BanyandbModel.Condition.BinaryOp.BINARY_OP_EQ)
                                    .setValue(intTag(404))))
                    .setProjection(
                        BanyandbModel.TagProjection.newBuilder()
                            .addTagFamilies(
                                BanyandbModel.TagProjection.TagFamily.newBuilder()
                                    .setName("storage-only")
                                    .addTags("body")))
                    .build());
    assertThat(response.getElementsList())
        .extracting(
            e ->
                e.getElementId()
                    + ":"
                    + e.getTagFamilies(0).getTags(0).getValue().getStr().getValue())
        .containsExactly("b:body-2");
  }

  private List<String> writeStream(BanyandbStream.WriteRequest... requests) throws Exception {
    List<BanyandbStream.WriteResponse> replies = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<BanyandbStream.WriteRequest> out =
        StreamServiceGrpc.newStub(channel)
            .write(
                new StreamObserver<>() {
                  @Override
                  public synchronized void onNext(BanyandbStream.WriteResponse value) {
                    replies.add(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    done.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {
                    done.complete(null);
                  }
                });
    for (BanyandbStream.WriteRequest request : requests) {
      out.onNext(request);
    }
    out.onCompleted();
    done.get(5, TimeUnit.SECONDS);
    List<String> statuses = new ArrayList<>();
    for (BanyandbStream.WriteRequest request : requests) {
      replies.stream()
          .filter(r -> r.getMessageId() == request.getMessageId())
          .forEach(r -> statuses.add(r.getStatus()));
    }
    return statuses;
  }

  private static BanyandbStream.WriteRequest element(
      String group,
      String stream,
      String id,
      long millis,
      String service,
      long status,
      long messageId) {
    return BanyandbStream.WriteRequest.newBuilder()
        .setMetadata(BanyandbCommon.Metadata.newBuilder().setGroup(group).setName(stream))
        .setMessageId(messageId)
        .setElement(
            BanyandbStream.ElementValue.newBuilder()
                .setElementId(id)
                .setTimestamp(ts(millis))
                .addTagFamilies(
                    BanyandbModel.TagFamilyForWrite.newBuilder()
                        .addTags(strTag(service))
                        .addTags(intTag(status)))
                .addTagFamilies(
                    BanyandbModel.TagFamilyForWrite.newBuilder()
                        .addTags(strTag("body-" + messageId))))
        .build();
  }

  private static void assertCode(Throwable e, Status.Code code) {
    assertThat(Status.fromThrowable(e).getCode()).isEqualTo(code);
  }

  /** Writes the requests on one stream and returns the reply statuses in request order. */
  private List<String> write(BanyandbMeasure.WriteRequest... requests) throws Exception {
    List<BanyandbMeasure.WriteResponse> replies = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<BanyandbMeasure.WriteRequest> out =
        MeasureServiceGrpc.newStub(channel)
            .write(
                new StreamObserver<>() {
                  @Override
                  public synchronized void onNext(BanyandbMeasure.WriteResponse value) {
                    replies.add(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    done.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {
                    done.complete(null);
                  }
                });
    for (BanyandbMeasure.WriteRequest request : requests) {
      out.onNext(request);
    }
    out.onCompleted();
    done.get(5, TimeUnit.SECONDS);
    List<String> statuses = new ArrayList<>();
    for (BanyandbMeasure.WriteRequest request : requests) {
      replies.stream()
          .filter(r -> r.getMessageId() == request.getMessageId())
          .forEach(r -> statuses.add(r.getStatus()));
    }
    return statuses;
  }

  private static BanyandbMeasure.WriteRequest request(
      String group,
      String measure,
      long millis,
      String service,
      String model,
      long requests,
      double latency,
      long messageId) {
    return BanyandbMeasure.WriteRequest.newBuilder()
        .setMetadata(BanyandbCommon.Metadata.newBuilder().setGroup(group).setName(measure))
        .setMessageId(messageId)
        .setDataPoint(
            BanyandbMeasure.DataPointValue.newBuilder()
                .setTimestamp(ts(millis))
                .addTagFamilies(
                    BanyandbModel.TagFamilyForWrite.newBuilder()
                        .addTags(strTag(service))
                        .addTags(strTag(model)))
                .addFields(
                    BanyandbModel.FieldValue.newBuilder()
                        .setInt(BanyandbModel.Int.newBuilder().setValue(requests)))
                .addFields(
                    BanyandbModel.FieldValue.newBuilder()
                        .setFloat(BanyandbModel.Float.newBuilder().setValue(latency))))
        .build();
  }

  private static BanyandbMeasure.WriteRequest withVersion(
      BanyandbMeasure.WriteRequest request, long version) {
    return request.toBuilder()
        .setDataPoint(request.getDataPoint().toBuilder().setVersion(version))
        .build();
  }

  private static BanyandbModel.TagValue strTag(String value) {
    return BanyandbModel.TagValue.newBuilder()
        .setStr(BanyandbModel.Str.newBuilder().setValue(value))
        .build();
  }

  private static BanyandbModel.TagValue intTag(long value) {
    return BanyandbModel.TagValue.newBuilder()
        .setInt(BanyandbModel.Int.newBuilder().setValue(value))
        .build();
  }

  private static Timestamp ts(long millis) {
    return Timestamp.newBuilder()
        .setSeconds(millis / 1000)
        .setNanos((int) (millis % 1000) * 1_000_000)
        .build();
  }
}
