package dev.aigw.insight.bench.load;

import dev.aigw.insight.bench.stats.ProcessCpu;
import dev.aigw.insight.bench.stats.Samples;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends a {@link Fleet}'s requests over OTLP/gRPC (one connection per receiver) or OTLP/HTTP with
 * protobuf bodies (the JDK's HTTP/1.1 client, a connection per request in flight) to one or more
 * receivers (round robin), at a fixed offered rate of items per second or flat out, with a bounded
 * number of requests in flight; counts what was accepted.
 */
public final class OtlpSender implements AutoCloseable {

  /**
   * Pause after a throttled request (the receiver advertises a retry delay; an OTLP exporter waits
   * at least that long): resending at once would spend both processes' CPU on refused requests.
   */
  private static final long BACKOFF_NANOS = 200_000_000L;

  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<URI> httpTargets = new ArrayList<>();
  private HttpClient http;
  private final OtlpSignal signal;
  private final int maxInFlight;
  private final long timeoutMillis;
  private long timeOffsetNanos;

  /**
   * @param targets {@code host:port} of each receiver
   * @param maxInFlight requests awaiting an answer at most (per sender)
   */
  public OtlpSender(List<String> targets, OtlpSignal signal, int maxInFlight, long timeoutMillis) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("Option 'target' needs at least one host:port");
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException(
          "Option 'in-flight' must be at least 1 but was " + maxInFlight);
    }
    for (String target : targets) {
      int colon = target.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("Option 'target' must be host:port but was " + target);
      }
      channels.add(
          Grpc.newChannelBuilderForAddress(
                  target.substring(0, colon),
                  Integer.parseInt(target.substring(colon + 1)),
                  InsecureChannelCredentials.create())
              .directExecutor()
              .build());
      httpTargets.add(URI.create("http://" + target + signal.httpPath()));
    }
    this.signal = signal;
    this.maxInFlight = maxInFlight;
    this.timeoutMillis = timeoutMillis;
  }

  /** Sends over OTLP/HTTP (protobuf) instead of OTLP/gRPC; the targets are then HTTP ports. */
  public OtlpSender overHttp() {
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    return this;
  }

  /** Shifts the generated timestamps from now by {@code offsetNanos} (negative: the past). */
  public OtlpSender withTimeOffset(long offsetNanos) {
    this.timeOffsetNanos = offsetNanos;
    return this;
  }

  /**
   * Sends until {@code durationNanos} have passed or {@code maxRequests} (if positive) were sent,
   * then waits for the answers still in flight.
   *
   * @param itemsPerSecond offered rate in points (or log records) per second; 0 for flat out
   */
  public LoadResult run(
      RequestSource fleet, double itemsPerSecond, long durationNanos, long maxRequests)
      throws InterruptedException {
    Semaphore inFlight = new Semaphore(maxInFlight);
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong unavailable = new AtomicLong();
    AtomicLong rejected = new AtomicLong();
    AtomicReference<RequestTotals> accepted = new AtomicReference<>(RequestTotals.ZERO);
    AtomicReference<Status> firstFailure = new AtomicReference<>();
    // after an UNAVAILABLE answer (the receiver's backpressure) hold off like an OTLP exporter
    // would, instead of spending both processes' CPU on refused requests
    AtomicLong pauseUntil = new AtomicLong();
    Samples rtt = new Samples();

    long cpuStart = ProcessCpu.nanos();
    long start = System.nanoTime();
    long deadline = start + durationNanos;
    long sent = 0;
    long offeredItems = 0;
    while ((maxRequests <= 0 || sent < maxRequests) && System.nanoTime() < deadline) {
      if (itemsPerSecond > 0) {
        long due = start + (long) (offeredItems * 1e9 / itemsPerSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      long pause = pauseUntil.get() - System.nanoTime();
      if (pause > 0) {
        LockSupport.parkNanos(pause);
      }
      if (!inFlight.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        break;
      }
      Fleet.Stamped request = fleet.next(nowNanos() + timeOffsetNanos);
      offeredItems += Math.max(request.totals().points(), request.totals().records());
      sent++;
      long sentAt = System.nanoTime();
      StreamObserver<Long> answer =
          new StreamObserver<>() {
            @Override
            public void onNext(Long refused) {
              rejected.addAndGet(refused);
              accepted.accumulateAndGet(request.totals(), RequestTotals::plus);
              ok.incrementAndGet();
            }

            @Override
            public void onError(Throwable t) {
              Status status = Status.fromThrowable(t);
              if (status.getCode() == Status.Code.UNAVAILABLE) {
                unavailable.incrementAndGet();
                pauseUntil.set(System.nanoTime() + BACKOFF_NANOS);
              }
              firstFailure.compareAndSet(null, status);
              failed.incrementAndGet();
              inFlight.release();
            }

            @Override
            public void onCompleted() {
              rtt.add((System.nanoTime() - sentAt) / 1_000);
              inFlight.release();
            }
          };
      int target = (int) ((sent - 1) % channels.size());
      if (http != null) {
        sendHttp(httpTargets.get(target), request.bytes(), answer);
      } else {
        ClientCalls.asyncUnaryCall(
            channels
                .get(target)
                .newCall(
                    signal.method(),
                    CallOptions.DEFAULT.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS)),
            request.bytes(),
            answer);
      }
    }
    long wall = System.nanoTime() - start;
    if (!inFlight.tryAcquire(maxInFlight, timeoutMillis + 5_000, TimeUnit.MILLISECONDS)) {
      System.err.println("Answers still missing after the timeout");
    }
    long cpu = ProcessCpu.nanos() - cpuStart;
    if (firstFailure.get() != null) {
      System.err.println("First failed request: " + firstFailure.get());
    }
    return new LoadResult(
        sent,
        ok.get(),
        failed.get(),
        unavailable.get(),
        rejected.get(),
        accepted.get(),
        wall,
        cpu,
        rtt.percentile(50),
        rtt.percentile(99));
  }

  /**
   * One OTLP/HTTP export; the answer is reported like a gRPC call's (a 503 or 429 as UNAVAILABLE,
   * the receiver's backpressure), so both transports are counted alike.
   */
  private void sendHttp(URI target, byte[] body, StreamObserver<Long> answer) {
    HttpRequest request =
        HttpRequest.newBuilder(target)
            .header("Content-Type", "application/x-protobuf")
            .timeout(Duration.ofMillis(timeoutMillis))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .whenComplete(
            (response, failure) -> {
              if (failure != null) {
                answer.onError(Status.UNAVAILABLE.withCause(failure).asRuntimeException());
              } else if (response.statusCode() == 200) {
                try {
                  answer.onNext(signal.rejected(new ByteArrayInputStream(response.body())));
                  answer.onCompleted();
                } catch (IOException e) {
                  answer.onError(Status.INTERNAL.withCause(e).asRuntimeException());
                }
              } else {
                Status.Code code =
                    response.statusCode() == 503 || response.statusCode() == 429
                        ? Status.Code.UNAVAILABLE
                        : Status.Code.UNKNOWN;
                answer.onError(
                    Status.fromCode(code)
                        .withDescription("HTTP " + response.statusCode())
                        .asRuntimeException());
              }
            });
  }

  private static long nowNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  @Override
  public void close() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.shutdown();
    }
    for (ManagedChannel channel : channels) {
      channel.awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
