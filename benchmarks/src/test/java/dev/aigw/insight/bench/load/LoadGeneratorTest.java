package dev.aigw.insight.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.schema.gateway.GatewayContract;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The load generator produces exactly the issue's request shape and sends exactly what it says. */
class LoadGeneratorTest {

  private static Server server;
  private static final AtomicLong receivedRequests = new AtomicLong();
  private static final AtomicLong receivedPoints = new AtomicLong();
  private static final AtomicLong receivedDurationCount = new AtomicLong();

  @BeforeAll
  static void startReceiver() throws Exception {
    server =
        Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
            .addService(
                new MetricsServiceGrpc.MetricsServiceImplBase() {
                  @Override
                  public void export(
                      ExportMetricsServiceRequest request,
                      StreamObserver<ExportMetricsServiceResponse> response) {
                    receivedRequests.incrementAndGet();
                    for (Metric metric :
                        request.getResourceMetrics(0).getScopeMetrics(0).getMetricsList()) {
                      receivedPoints.addAndGet(metric.getHistogram().getDataPointsCount());
                      if (metric.getName().equals(MetricsRequestFactory.DURATION)) {
                        metric.getHistogram().getDataPointsList().stream()
                            .forEach(p -> receivedDurationCount.addAndGet(p.getCount()));
                      }
                    }
                    response.onNext(ExportMetricsServiceResponse.getDefaultInstance());
                    response.onCompleted();
                  }
                })
            .build()
            .start();
  }

  @AfterAll
  static void stopReceiver() throws Exception {
    server.shutdownNow().awaitTermination();
  }

  private static void resetReceiver() {
    receivedRequests.set(0);
    receivedPoints.set(0);
    receivedDurationCount.set(0);
  }

  @Test
  void issueShapeHasTheContractsHistogramsAndExactPointCounts() throws Exception {
    GatewayShape shape = GatewayShape.ISSUE_8;
    assertThat(shape.pointsPerRequest()).isEqualTo(12 * 8 + 2);
    assertThat(shape.activeSeries()).isEqualTo(9_800);

    Fleet fleet = Fleet.metrics(shape, 2);
    long points = 0;
    long requests = 0;
    Set<String> services = new HashSet<>();
    Set<String> pods = new HashSet<>();
    Set<String> series = new HashSet<>();
    for (int pod = 0; pod < shape.pods(); pod++) {
      Fleet.Stamped stamped = fleet.next(5_000_000_000L + pod);
      ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(stamped.bytes());
      Map<String, String> resource =
          attributes(request.getResourceMetrics(0).getResource().getAttributesList());
      services.add(resource.get("service.name"));
      pods.add(resource.get("k8s.pod.name"));
      assertThat(resource).containsEntry("job_name", "envoy-ai-gateway");
      List<Metric> metrics = request.getResourceMetrics(0).getScopeMetrics(0).getMetricsList();
      assertThat(metrics)
          .extracting(Metric::getName)
          .containsExactly(
              MetricsRequestFactory.DURATION,
              MetricsRequestFactory.TTFT,
              MetricsRequestFactory.TPOT,
              MetricsRequestFactory.TOKEN_USAGE);
      for (Metric metric : metrics) {
        assertThat(metric.getHistogram().getAggregationTemporality())
            .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA);
        for (HistogramDataPoint point : metric.getHistogram().getDataPointsList()) {
          points++;
          assertThat(point.getStartTimeUnixNano()).isEqualTo(5_000_000_000L + pod - 1_000_000L);
          assertThat(point.getTimeUnixNano()).isEqualTo(5_000_000_000L + pod);
          assertThat(point.getBucketCountsList().stream().mapToLong(Long::longValue).sum())
              .isEqualTo(point.getCount());
          assertThat(point.getBucketCountsCount()).isEqualTo(point.getExplicitBoundsCount() + 1);
          assertThat(point.getMin()).isLessThanOrEqualTo(point.getMax());
          series.add(
              resource.get("k8s.pod.name")
                  + metric.getName()
                  + attributes(point.getAttributesList()));
          if (metric.getName().equals(MetricsRequestFactory.DURATION)) {
            requests += point.getCount();
          }
        }
      }
      assertThat(metrics.get(0).getHistogram().getDataPoints(0).getExplicitBoundsList())
          .containsExactlyElementsOf(GatewayContract.Metric.REQUEST_DURATION.bucketBoundList());
      assertThat(metrics.get(2).getHistogram().getDataPoints(0).getExplicitBoundsCount())
          .isEqualTo(13);
      assertThat(metrics.get(1).getHistogram().getDataPoints(0).getExplicitBoundsCount())
          .isEqualTo(21);
      assertThat(metrics.get(3).getHistogram().getDataPointsCount()).isEqualTo(12 * 5);
      assertThat(stamped.totals().points()).isEqualTo(98);
    }
    assertThat(points).isEqualTo(9_800);
    assertThat(series).hasSize(9_800);
    assertThat(services).hasSize(10);
    assertThat(pods).hasSize(100);
    // one round sends variant 0 of every pod: what it says it carries is what it carries
    RequestTotals firstRound = RequestTotals.ZERO;
    Fleet again = Fleet.metrics(shape, 2);
    for (int pod = 0; pod < shape.pods(); pod++) {
      firstRound = firstRound.plus(again.next(1L).totals());
    }
    assertThat(firstRound.requests()).isEqualTo(requests);
    assertThat(firstRound.points()).isEqualTo(9_800);
    double bytesPerPoint = fleet.meanRequestBytes() / shape.pointsPerRequest();
    assertThat(bytesPerPoint).isBetween(400.0, 650.0);
  }

  @Test
  void aPodsSuccessiveRequestsCoverAdjacentWindows() throws Exception {
    Fleet fleet = Fleet.metrics(new GatewayShape(1, 1, 1, 1), 1);
    Fleet.Stamped first = fleet.next(10_000L);
    Fleet.Stamped second = fleet.next(10_000L);
    HistogramDataPoint a = firstPoint(first.bytes());
    HistogramDataPoint b = firstPoint(second.bytes());
    assertThat(b.getStartTimeUnixNano()).isEqualTo(a.getTimeUnixNano());
    assertThat(b.getTimeUnixNano()).isEqualTo(a.getTimeUnixNano() + 1);
  }

  @Test
  void accessLogFleetKeepsTheStatedShareByTheDefaultPolicy() throws Exception {
    Fleet fleet = Fleet.accessLogs(new GatewayShape(2, 3, 3, 4), 1, 50, 0.1);
    long records = 0;
    long keptByPolicy = 0;
    long keptStated = 0;
    for (int i = 0; i < 6; i++) {
      Fleet.Stamped stamped = fleet.next(77L);
      ExportLogsServiceRequest request = ExportLogsServiceRequest.parseFrom(stamped.bytes());
      for (LogRecord record : request.getResourceLogs(0).getScopeLogs(0).getLogRecordsList()) {
        records++;
        assertThat(record.getTimeUnixNano()).isEqualTo(77L);
        if (keptByDefaultPolicy(attributes(record.getAttributesList()))) {
          keptByPolicy++;
        }
      }
      keptStated += stamped.totals().keptRecords();
    }
    assertThat(records).isEqualTo(300);
    assertThat(keptByPolicy).isEqualTo(keptStated).isBetween(10L, 60L);
  }

  @Test
  void everySendOfAnAccessLogRequestCarriesNewRequestIds() throws Exception {
    // one variant per pod: every send of a pod repeats the same pre-serialized request, yet the log
    // index keys documents by x-request-id, so each send's ids must be new (the real-store count)
    Fleet fleet = Fleet.accessLogs(new GatewayShape(1, 2, 3, 4), 1, 20, 0.1);
    Set<String> ids = new HashSet<>();
    int records = 0;
    for (int i = 0; i < 10; i++) {
      ExportLogsServiceRequest request =
          ExportLogsServiceRequest.parseFrom(fleet.next(77L + i).bytes());
      for (LogRecord record : request.getResourceLogs(0).getScopeLogs(0).getLogRecordsList()) {
        records++;
        String id = attributes(record.getAttributesList()).get("x-request-id");
        assertThat(id).hasSize(32).matches("[0-9a-f]+");
        ids.add(id);
      }
    }
    assertThat(records).isEqualTo(200);
    assertThat(ids).hasSize(records);
  }

  @Test
  void theAttributionAttributeHasTheAskedValuesWithoutAddingSeries() throws Exception {
    GatewayShape shape = GatewayShape.ISSUE_8;
    Fleet fleet = Fleet.metrics(shape, 1, 1_000);
    Set<String> values = new HashSet<>();
    Set<String> series = new HashSet<>();
    long points = 0;
    for (int pod = 0; pod < shape.pods(); pod++) {
      ExportMetricsServiceRequest request =
          ExportMetricsServiceRequest.parseFrom(fleet.next(5_000_000_000L + pod).bytes());
      String resource =
          attributes(request.getResourceMetrics(0).getResource().getAttributesList()).toString();
      for (Metric metric : request.getResourceMetrics(0).getScopeMetrics(0).getMetricsList()) {
        for (HistogramDataPoint point : metric.getHistogram().getDataPointsList()) {
          points++;
          Map<String, String> attributes = attributes(point.getAttributesList());
          values.add(attributes.get(MetricsRequestFactory.ATTRIBUTION_ATTRIBUTE));
          series.add(resource + metric.getName() + attributes);
        }
      }
    }
    assertThat(values).hasSize(1_000).doesNotContainNull();
    assertThat(points).isEqualTo((long) shape.pods() * shape.pointsPerRequest());
    assertThat((long) series.size()).isEqualTo(shape.activeSeries());
  }

  @Test
  void senderDeliversExactlyTheRequestsItCounts() throws Exception {
    resetReceiver();
    Fleet fleet = Fleet.metrics(GatewayShape.ISSUE_8, 1);
    RequestTotals expected = RequestTotals.ZERO;
    Fleet reference = Fleet.metrics(GatewayShape.ISSUE_8, 1);
    for (int i = 0; i < 150; i++) {
      expected = expected.plus(reference.next(1L).totals());
    }
    LoadResult result;
    try (OtlpSender sender =
        new OtlpSender(List.of("127.0.0.1:" + server.getPort()), OtlpSignal.METRICS, 4, 10_000)) {
      result = sender.run(fleet, 0, 60_000_000_000L, 150);
    }
    assertThat(result.sent()).isEqualTo(150);
    assertThat(result.ok()).isEqualTo(150);
    assertThat(result.failed()).isZero();
    assertThat(result.accepted()).isEqualTo(expected);
    assertThat(receivedRequests.get()).isEqualTo(150);
    assertThat(receivedPoints.get()).isEqualTo(150 * 98);
    assertThat(receivedDurationCount.get()).isEqualTo(expected.requests());
    assertThat(result.cpuNanos()).isPositive();
  }

  @Test
  void loadProcessRunsInItsOwnJvmAndReportsItsResult() throws Exception {
    resetReceiver();
    try (LoadProcess load =
        LoadProcess.start(
            List.of("-Xmx256m"),
            List.of(
                "--target", "127.0.0.1:" + server.getPort(),
                "--max-requests", "40",
                "--duration-s", "60",
                "--gateways", "2",
                "--pods", "5"))) {
      load.awaitStart(60);
      LoadResult result = load.awaitResult(60);
      assertThat(result.ok()).isEqualTo(40);
      assertThat(result.accepted().points()).isEqualTo(40 * 98);
      assertThat(receivedPoints.get()).isEqualTo(40 * 98);
      assertThat(receivedDurationCount.get()).isEqualTo(result.accepted().requests());
    }
  }

  @Test
  void invalidOptionsAreNamed() {
    assertThatThrownBy(() -> new GatewayShape(0, 1, 1, 1))
        .hasMessageContaining("'gateways'")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> new GatewayShape(1, 0, 1, 1))
        .hasMessageContaining("'pods-per-gateway'");
    assertThatThrownBy(() -> new GatewayShape(1, 1, 6, 1))
        .hasMessageContaining("'providers'")
        .hasMessageContaining("6");
    assertThatThrownBy(() -> new GatewayShape(1, 1, 1, 0))
        .hasMessageContaining("'models-per-provider'");
    assertThatThrownBy(() -> new AccessLogRequestFactory(GatewayShape.ISSUE_8, 0, 0.1))
        .hasMessageContaining("'records-per-request'");
    assertThatThrownBy(() -> new AccessLogRequestFactory(GatewayShape.ISSUE_8, 1, 1.5))
        .hasMessageContaining("'kept-fraction'");
    assertThatThrownBy(() -> Fleet.metrics(GatewayShape.ISSUE_8, 0))
        .hasMessageContaining("'variants'");
    assertThatThrownBy(() -> new OtlpSender(List.of(), OtlpSignal.METRICS, 1, 1))
        .hasMessageContaining("'target'");
    assertThatThrownBy(() -> new OtlpSender(List.of("nohostport"), OtlpSignal.METRICS, 1, 1))
        .hasMessageContaining("nohostport");
    assertThatThrownBy(() -> new OtlpSender(List.of("127.0.0.1:1"), OtlpSignal.METRICS, 0, 1))
        .hasMessageContaining("'in-flight'");
    assertThatThrownBy(() -> LoadGeneratorMain.parse(new String[] {"--rat", "5"}))
        .hasMessageContaining("--rat");
  }

  /** SkyWalking's default policy (analysis spec, section 2), written independently of the code. */
  private static boolean keptByDefaultPolicy(Map<String, String> a) {
    String code = a.get("response_code");
    String failure = a.get("upstream_transport_failure_reason");
    String in = a.get("gen_ai.usage.input_tokens");
    String out = a.get("gen_ai.usage.output_tokens");
    boolean dropped =
        !code.equals("-")
            && Integer.parseInt(code) < 400
            && failure.equals("-")
            && !in.equals("-")
            && !out.equals("-")
            && Long.parseLong(in) + Long.parseLong(out) < 10_000;
    return !dropped;
  }

  private static HistogramDataPoint firstPoint(byte[] bytes) throws Exception {
    return ExportMetricsServiceRequest.parseFrom(bytes)
        .getResourceMetrics(0)
        .getScopeMetrics(0)
        .getMetrics(0)
        .getHistogram()
        .getDataPoints(0);
  }

  private static Map<String, String> attributes(List<KeyValue> list) {
    return list.stream()
        .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
  }
}
