package dev.aigw.insight.sink.banyandb.standin;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.skywalking.banyandb.common.v1.BanyandbCommon;
import org.apache.skywalking.banyandb.common.v1.ServiceGrpc;
import org.apache.skywalking.banyandb.database.v1.BanyandbDatabase;
import org.apache.skywalking.banyandb.database.v1.GroupRegistryServiceGrpc;
import org.apache.skywalking.banyandb.database.v1.IndexRuleBindingRegistryServiceGrpc;
import org.apache.skywalking.banyandb.database.v1.IndexRuleRegistryServiceGrpc;
import org.apache.skywalking.banyandb.database.v1.MeasureRegistryServiceGrpc;
import org.apache.skywalking.banyandb.database.v1.StreamRegistryServiceGrpc;
import org.apache.skywalking.banyandb.measure.v1.BanyandbMeasure;
import org.apache.skywalking.banyandb.measure.v1.MeasureServiceGrpc;
import org.apache.skywalking.banyandb.stream.v1.BanyandbStream;
import org.apache.skywalking.banyandb.stream.v1.StreamServiceGrpc;

/**
 * An in-process BanyanDB stand-in for tests (a real server cannot run on the build machines),
 * serving the registry (groups, measures, streams, index rules and bindings), measure and stream
 * write and query services of the client jar's gRPC base classes on a loopback port.
 *
 * <p>Where our code depends on it, it behaves like BanyanDB: every write is validated against the
 * registry with the server's statuses (unknown group/measure/stream: {@code STATUS_NOT_FOUND};
 * timestamp not in milliseconds or not aligned to the measure interval: {@code
 * STATUS_INVALID_TIMESTAMP}; wrong tag/field counts or types or a missing entity tag: {@code
 * STATUS_INTERNAL_ERROR}, the status the server gives when it cannot convert a point), a {@code
 * message_id} of 0 ends the stream with INVALID_ARGUMENT, failures are answered at once and
 * successes when the client half-closes (as the liaison does), and a row written again with the
 * same entity and timestamp replaces the stored one when its version is not lower.
 *
 * <p>Faults for tests: {@link #failNextWrites} answers the next writes with a status, {@link
 * #breakNextWriteStreams} ends the next write streams with a gRPC status.
 */
public final class BanyanDbStandIn implements AutoCloseable {
  private final StandInRegistry registry = new StandInRegistry();
  private final StandInData data = new StandInData(registry);
  private final StandInQueries queries = new StandInQueries(registry, data);
  private final Server server;

  private final AtomicInteger failWrites = new AtomicInteger();
  private volatile String failWriteStatus = StandInData.INTERNAL_ERROR;
  private final AtomicInteger breakStreams = new AtomicInteger();
  private volatile Status breakStatus = Status.UNAVAILABLE;
  private final AtomicLong succeededWrites = new AtomicLong();
  private final AtomicLong rejectedWrites = new AtomicLong();
  private final List<Integer> writeStreamSizes = new CopyOnWriteArrayList<>();

  private BanyanDbStandIn() throws IOException {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(new Groups())
            .addService(new MeasureRegistry())
            .addService(new StreamRegistry())
            .addService(new IndexRules())
            .addService(new IndexRuleBindings())
            .addService(new Measures())
            .addService(new Streams())
            .addService(new ApiVersion())
            .build()
            .start();
  }

  /** Starts a stand-in on a free loopback port. */
  public static BanyanDbStandIn start() throws IOException {
    return new BanyanDbStandIn();
  }

  /** The {@code host:port} to give a client. */
  public String target() {
    return "127.0.0.1:" + server.getPort();
  }

  /** Stored rows of a measure, ordered by timestamp. */
  public List<StandInData.StoredPoint> points(String group, String measure) {
    return data.points(group, measure);
  }

  /** Stored elements of a stream, in write order. */
  public List<StandInData.StoredElement> elements(String group, String stream) {
    return data.elements(group, stream);
  }

  /** The measure as the registry holds it. */
  public BanyandbDatabase.Measure measureSchema(String group, String name) {
    return registry.measure(
        BanyandbCommon.Metadata.newBuilder().setGroup(group).setName(name).build());
  }

  /** The index rule binding as the registry holds it. */
  public BanyandbDatabase.IndexRuleBinding indexRuleBinding(String group, String name) {
    return registry.binding(
        BanyandbCommon.Metadata.newBuilder().setGroup(group).setName(name).build());
  }

  /** The index rule as the registry holds it. */
  public BanyandbDatabase.IndexRule indexRule(String group, String name) {
    return registry.indexRule(
        BanyandbCommon.Metadata.newBuilder().setGroup(group).setName(name).build());
  }

  /** Defines a group directly (for tests that need a schema the job does not create). */
  public void defineGroup(BanyandbCommon.Group group) {
    registry.createGroup(group);
  }

  /** Defines a measure directly. */
  public void defineMeasure(BanyandbDatabase.Measure measure) {
    registry.createMeasure(measure);
  }

  /** Deletes a measure, as {@code bydbctl measure delete} would. */
  public void deleteMeasure(String group, String name) {
    registry.deleteMeasure(
        BanyandbCommon.Metadata.newBuilder().setGroup(group).setName(name).build());
  }

  /** Answers the next {@code count} write requests with {@code status} and stores nothing. */
  public void failNextWrites(int count, String status) {
    failWriteStatus = status;
    failWrites.set(count);
  }

  /** Ends the next {@code count} write streams with {@code status} before reading them. */
  public void breakNextWriteStreams(int count, Status status) {
    breakStatus = status;
    breakStreams.set(count);
  }

  /** Writes answered with STATUS_SUCCEED. */
  public long succeededWrites() {
    return succeededWrites.get();
  }

  /** Writes answered with another status (validation failures and injected faults). */
  public long rejectedWrites() {
    return rejectedWrites.get();
  }

  /** The number of requests of each completed write stream, in order. */
  public List<Integer> writeStreamSizes() {
    return new ArrayList<>(writeStreamSizes);
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }

  private static <R> void answer(StreamObserver<R> observer, Supplier<R> call) {
    try {
      R response = call.get();
      observer.onNext(response);
      observer.onCompleted();
    } catch (StatusRuntimeException e) {
      observer.onError(e);
    }
  }

  /** Runs one write stream: validates each request, answers failures at once, successes at end. */
  private <Q, A> StreamObserver<Q> writeStream(
      StreamObserver<A> replies,
      java.util.function.Function<Q, String> write,
      java.util.function.ToLongFunction<Q> messageId,
      java.util.function.Function<Q, BanyandbCommon.Metadata> metadata,
      ReplyFactory<A> reply) {
    if (breakStreams.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      replies.onError(breakStatus.withDescription("stand-in: injected fault").asRuntimeException());
      return new StreamObserver<>() {
        @Override
        public void onNext(Q value) {}

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}
      };
    }
    return new StreamObserver<>() {
      private final List<Q> succeeded = new ArrayList<>();
      private int requests;
      private boolean ended;

      @Override
      public synchronized void onNext(Q request) {
        if (ended) {
          return;
        }
        requests++;
        if (messageId.applyAsLong(request) <= 0) {
          ended = true;
          replies.onError(
              Status.INVALID_ARGUMENT
                  .withDescription("message_id must be > 0")
                  .asRuntimeException());
          return;
        }
        String status;
        if (failWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          status = failWriteStatus;
        } else {
          status = write.apply(request);
        }
        if (StandInData.SUCCEED.equals(status)) {
          succeeded.add(request);
        } else {
          rejectedWrites.incrementAndGet();
          replies.onNext(
              reply.create(messageId.applyAsLong(request), status, metadata.apply(request)));
        }
      }

      @Override
      public synchronized void onError(Throwable t) {
        ended = true;
      }

      @Override
      public synchronized void onCompleted() {
        if (ended) {
          return;
        }
        ended = true;
        for (Q request : succeeded) {
          succeededWrites.incrementAndGet();
          replies.onNext(
              reply.create(
                  messageId.applyAsLong(request), StandInData.SUCCEED, metadata.apply(request)));
        }
        writeStreamSizes.add(requests);
        replies.onCompleted();
      }
    };
  }

  private interface ReplyFactory<A> {
    A create(long messageId, String status, BanyandbCommon.Metadata metadata);
  }

  private final class Measures extends MeasureServiceGrpc.MeasureServiceImplBase {
    @Override
    public StreamObserver<BanyandbMeasure.WriteRequest> write(
        StreamObserver<BanyandbMeasure.WriteResponse> replies) {
      return writeStream(
          replies,
          data::writeMeasure,
          BanyandbMeasure.WriteRequest::getMessageId,
          BanyandbMeasure.WriteRequest::getMetadata,
          (id, status, md) ->
              BanyandbMeasure.WriteResponse.newBuilder()
                  .setMessageId(id)
                  .setStatus(status)
                  .setMetadata(md)
                  .build());
    }

    @Override
    public void query(
        BanyandbMeasure.QueryRequest request,
        StreamObserver<BanyandbMeasure.QueryResponse> observer) {
      answer(observer, () -> queries.query(request));
    }
  }

  private final class Streams extends StreamServiceGrpc.StreamServiceImplBase {
    @Override
    public StreamObserver<BanyandbStream.WriteRequest> write(
        StreamObserver<BanyandbStream.WriteResponse> replies) {
      return writeStream(
          replies,
          data::writeStream,
          BanyandbStream.WriteRequest::getMessageId,
          BanyandbStream.WriteRequest::getMetadata,
          (id, status, md) ->
              BanyandbStream.WriteResponse.newBuilder()
                  .setMessageId(id)
                  .setStatus(status)
                  .setMetadata(md)
                  .build());
    }

    @Override
    public void query(
        BanyandbStream.QueryRequest request,
        StreamObserver<BanyandbStream.QueryResponse> observer) {
      answer(observer, () -> queries.query(request));
    }
  }

  private final class Groups extends GroupRegistryServiceGrpc.GroupRegistryServiceImplBase {
    @Override
    public void create(
        BanyandbDatabase.GroupRegistryServiceCreateRequest request,
        StreamObserver<BanyandbDatabase.GroupRegistryServiceCreateResponse> observer) {
      answer(
          observer,
          () -> {
            registry.createGroup(request.getGroup());
            return BanyandbDatabase.GroupRegistryServiceCreateResponse.getDefaultInstance();
          });
    }

    @Override
    public void get(
        BanyandbDatabase.GroupRegistryServiceGetRequest request,
        StreamObserver<BanyandbDatabase.GroupRegistryServiceGetResponse> observer) {
      answer(
          observer,
          () ->
              BanyandbDatabase.GroupRegistryServiceGetResponse.newBuilder()
                  .setGroup(registry.group(request.getGroup()))
                  .build());
    }

    @Override
    public void list(
        BanyandbDatabase.GroupRegistryServiceListRequest request,
        StreamObserver<BanyandbDatabase.GroupRegistryServiceListResponse> observer) {
      answer(
          observer,
          () ->
              BanyandbDatabase.GroupRegistryServiceListResponse.newBuilder()
                  .addAllGroup(registry.groups())
                  .build());
    }

    @Override
    public void exist(
        BanyandbDatabase.GroupRegistryServiceExistRequest request,
        StreamObserver<BanyandbDatabase.GroupRegistryServiceExistResponse> observer) {
      answer(
          observer,
          () ->
              BanyandbDatabase.GroupRegistryServiceExistResponse.newBuilder()
                  .setHasGroup(registry.findGroup(request.getGroup()).isPresent())
                  .build());
    }

    @Override
    public void delete(
        BanyandbDatabase.GroupRegistryServiceDeleteRequest request,
        StreamObserver<BanyandbDatabase.GroupRegistryServiceDeleteResponse> observer) {
      answer(
          observer,
          () ->
              BanyandbDatabase.GroupRegistryServiceDeleteResponse.newBuilder()
                  .setDeleted(registry.deleteGroup(request.getGroup()))
                  .build());
    }
  }

  private final class MeasureRegistry
      extends MeasureRegistryServiceGrpc.MeasureRegistryServiceImplBase {
    @Override
    public void create(
        BanyandbDatabase.MeasureRegistryServiceCreateRequest request,
        StreamObserver<BanyandbDatabase.MeasureRegistryServiceCreateResponse> observer) {
      answer(
          observer,
          () ->
              BanyandbDatabase.MeasureRegistryServiceCreateResponse.newBuilder()
                  .setModRevision(registry.createMeasure(request.getMeasure()))
                  .build());
    }

    @Override
    public void update(
        BanyandbDatabase.MeasureRegistryServiceUpdateRequest request,
        StreamObserver<BanyandbDatabase.MeasureRegistryServiceUpdateResponse> observer) {
      answer(
          observer,
          () ->
              BanyandbDatabase.MeasureRegistryServiceUpdateResponse.newBuilder()
                  .setModRevision(registry.updateMeasure(request.getMeasure()))
                  .build());
    }

    @Override
    public void get(
        BanyandbDatabase.MeasureRegistryServiceGetRequest request,
        StreamObserver<BanyandbDatabase.MeasureRegistryServiceGetResponse> observer) {
      answer(
          observer,
          () ->
              BanyandbDatabase.MeasureRegistryServiceGetResponse.newBuilder()
                  .setMeasure(registry.measure(request.getMetadata()))
                  .build());
    }

    @Override
    public void list(
        BanyandbDatabase.MeasureRegistryServiceListRequest request,
        StreamObserver<BanyandbDatabase.MeasureRegistryServiceListResponse> observer) {
      answer(
          observer,
          () ->
              BanyandbDatabase.MeasureRegistryServiceListResponse.newBuilder()
                  .addAllMeasure(registry.measures(request.getGroup()))
                  .build());
    }

    @Override
    public void exist(
        BanyandbDatabase.MeasureRegistryServiceExistRequest request,
        StreamObserver<BanyandbDatabase.MeasureRegistryServiceExistResponse> observer) {
      BanyandbCommon.Metadata md = request.getMetadata();
      answer(
          observer,
          () ->
              BanyandbDatabase.MeasureRegistryServiceExistResponse.newBuilder()
                  .setHasGroup(registry.findGroup(md.getGroup()).isPresent())
                  .setHasMeasure(registry.findMeasure(md.getGroup(), md.getName()).isPresent())
                  .build());
    }

    @Override
    public void delete(
        BanyandbDatabase.MeasureRegistryServiceDeleteRequest request,
        StreamObserver<BanyandbDatabase.MeasureRegistryServiceDeleteResponse> observer) {
      answer(
          observer,
          () ->
              BanyandbDatabase.MeasureRegistryServiceDeleteResponse.newBuilder()
                  .setDeleted(registry.deleteMeasure(request.getMetadata()))
                  .build());
    }
  }

  private final class StreamRegistry
      extends StreamRegistryServiceGrpc.StreamRegistryServiceImplBase {
    @Override
    public void create(
        BanyandbDatabase.StreamRegistryServiceCreateRequest request,
        StreamObserver<BanyandbDatabase.StreamRegistryServiceCreateResponse> observer) {
      answer(
          observer,
          () ->
              BanyandbDatabase.StreamRegistryServiceCreateResponse.newBuilder()
                  .setModRevision(registry.createStream(request.getStream()))
                  .build());
    }

    @Override
    public void get(
        BanyandbDatabase.StreamRegistryServiceGetRequest request,
        StreamObserver<BanyandbDatabase.StreamRegistryServiceGetResponse> observer) {
      answer(
          observer,
          () ->
              BanyandbDatabase.StreamRegistryServiceGetResponse.newBuilder()
                  .setStream(registry.stream(request.getMetadata()))
                  .build());
    }

    @Override
    public void list(
        BanyandbDatabase.StreamRegistryServiceListRequest request,
        StreamObserver<BanyandbDatabase.StreamRegistryServiceListResponse> observer) {
      answer(
          observer,
          () ->
              BanyandbDatabase.StreamRegistryServiceListResponse.newBuilder()
                  .addAllStream(registry.streams(request.getGroup()))
                  .build());
    }

    @Override
    public void exist(
        BanyandbDatabase.StreamRegistryServiceExistRequest request,
        StreamObserver<BanyandbDatabase.StreamRegistryServiceExistResponse> observer) {
      BanyandbCommon.Metadata md = request.getMetadata();
      answer(
          observer,
          () ->
              BanyandbDatabase.StreamRegistryServiceExistResponse.newBuilder()
                  .setHasGroup(registry.findGroup(md.getGroup()).isPresent())
                  .setHasStream(registry.findStream(md.getGroup(), md.getName()).isPresent())
                  .build());
    }

    @Override
    public void delete(
        BanyandbDatabase.StreamRegistryServiceDeleteRequest request,
        StreamObserver<BanyandbDatabase.StreamRegistryServiceDeleteResponse> observer) {
      answer(
          observer,
          () ->
              BanyandbDatabase.StreamRegistryServiceDeleteResponse.newBuilder()
                  .setDeleted(registry.deleteStream(request.getMetadata()))
                  .build());
    }
  }

  private final class IndexRules
      extends IndexRuleRegistryServiceGrpc.IndexRuleRegistryServiceImplBase {
    @Override
    public void create(
        BanyandbDatabase.IndexRuleRegistryServiceCreateRequest request,
        StreamObserver<BanyandbDatabase.IndexRuleRegistryServiceCreateResponse> observer) {
      answer(
          observer,
          () -> {
            registry.createIndexRule(request.getIndexRule());
            return BanyandbDatabase.IndexRuleRegistryServiceCreateResponse.getDefaultInstance();
          });
    }

    @Override
    public void get(
        BanyandbDatabase.IndexRuleRegistryServiceGetRequest request,
        StreamObserver<BanyandbDatabase.IndexRuleRegistryServiceGetResponse> observer) {
      answer(
          observer,
          () ->
              BanyandbDatabase.IndexRuleRegistryServiceGetResponse.newBuilder()
                  .setIndexRule(registry.indexRule(request.getMetadata()))
                  .build());
    }
  }

  private final class IndexRuleBindings
      extends IndexRuleBindingRegistryServiceGrpc.IndexRuleBindingRegistryServiceImplBase {
    @Override
    public void create(
        BanyandbDatabase.IndexRuleBindingRegistryServiceCreateRequest request,
        StreamObserver<BanyandbDatabase.IndexRuleBindingRegistryServiceCreateResponse> observer) {
      answer(
          observer,
          () -> {
            registry.createBinding(request.getIndexRuleBinding());
            return BanyandbDatabase.IndexRuleBindingRegistryServiceCreateResponse
                .getDefaultInstance();
          });
    }

    @Override
    public void get(
        BanyandbDatabase.IndexRuleBindingRegistryServiceGetRequest request,
        StreamObserver<BanyandbDatabase.IndexRuleBindingRegistryServiceGetResponse> observer) {
      answer(
          observer,
          () ->
              BanyandbDatabase.IndexRuleBindingRegistryServiceGetResponse.newBuilder()
                  .setIndexRuleBinding(registry.binding(request.getMetadata()))
                  .build());
    }
  }

  private static final class ApiVersion extends ServiceGrpc.ServiceImplBase {
    @Override
    public void getAPIVersion(
        BanyandbCommon.GetAPIVersionRequest request,
        StreamObserver<BanyandbCommon.GetAPIVersionResponse> observer) {
      answer(
          observer,
          () ->
              BanyandbCommon.GetAPIVersionResponse.newBuilder()
                  .setVersion(BanyandbCommon.APIVersion.newBuilder().setVersion("0.9"))
                  .build());
    }
  }
}
