package dev.aigw.insight.job.testing;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tiny in-test OTLP/gRPC metrics receiver on 127.0.0.1 that records every export request, so
 * tests can feed real OpenTelemetry SDK output into the job.
 */
public final class OtlpCapture implements AutoCloseable {

  private final List<ExportMetricsServiceRequest> requests = new ArrayList<>();
  private final Server server;

  private OtlpCapture(Server server) {
    this.server = server;
  }

  /** Starts a receiver on a free port. */
  public static OtlpCapture start() throws IOException {
    OtlpCapture[] self = new OtlpCapture[1];
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(
                new MetricsServiceGrpc.MetricsServiceImplBase() {
                  @Override
                  public void export(
                      ExportMetricsServiceRequest request,
                      StreamObserver<ExportMetricsServiceResponse> response) {
                    self[0].add(request);
                    response.onNext(ExportMetricsServiceResponse.getDefaultInstance());
                    response.onCompleted();
                  }
                })
            .build();
    self[0] = new OtlpCapture(server);
    server.start();
    return self[0];
  }

  private synchronized void add(ExportMetricsServiceRequest request) {
    requests.add(request);
  }

  /** The OTLP endpoint URL for an exporter. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** The requests received so far, and forgets them. */
  public synchronized List<ExportMetricsServiceRequest> drain() {
    List<ExportMetricsServiceRequest> out = new ArrayList<>(requests);
    requests.clear();
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }
}
