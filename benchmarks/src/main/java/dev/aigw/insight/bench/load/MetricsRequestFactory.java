package dev.aigw.insight.bench.load;

import dev.aigw.insight.schema.gateway.GatewayContract;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds the export requests an Envoy AI Gateway pod sends in DELTA mode (see the telemetry
 * contract): the four GenAI histograms with the gateway's bucket bounds and realistic,
 * seeded-random bucket distributions drawn from log-normal samples.
 */
public final class MetricsRequestFactory {

  static final String TOKEN_USAGE = GatewayContract.Metric.TOKEN_USAGE.metricName();
  static final String DURATION = GatewayContract.Metric.REQUEST_DURATION.metricName();
  static final String TTFT = GatewayContract.Metric.TIME_TO_FIRST_TOKEN.metricName();
  static final String TPOT = GatewayContract.Metric.TIME_PER_OUTPUT_TOKEN.metricName();

  static final double[] TOKEN_BOUNDS = GatewayContract.Metric.TOKEN_USAGE.bucketBounds();
  static final double[] DURATION_BOUNDS = GatewayContract.Metric.REQUEST_DURATION.bucketBounds();
  static final double[] TTFT_BOUNDS = GatewayContract.Metric.TIME_TO_FIRST_TOKEN.bucketBounds();
  static final double[] TPOT_BOUNDS = GatewayContract.Metric.TIME_PER_OUTPUT_TOKEN.bucketBounds();

  /** Sentinels written where timestamps go; patched by {@link PreSerializedRequest#stamp}. */
  static final long START_SENTINEL = 0x1122334455667788L;

  static final long TIME_SENTINEL = 0x0102030405060708L;

  /** The attribute the attribution benchmark aggregates by (a header the gateway copies). */
  public static final String ATTRIBUTION_ATTRIBUTE = "team.id";

  private final GatewayShape shape;
  private final int attributionValues;
  private final int failingProvider;

  public MetricsRequestFactory(GatewayShape shape) {
    this(shape, 0);
  }

  /**
   * With {@code attributionValues} > 0, every (pod, provider, model) series also carries {@value
   * #ATTRIBUTION_ATTRIBUTE} with one of that many values ({@code team-<i>}), spread over the
   * fleet's (pod, provider, model) combinations: the series and points stay the same, each series
   * has one value, and the fleet has {@code min(attributionValues, pods × pairs)} distinct values.
   */
  public MetricsRequestFactory(GatewayShape shape, int attributionValues) {
    this(shape, attributionValues, -1);
  }

  /**
   * With {@code failingProvider} ≥ 0, every (provider, model) pair of that provider index also
   * reports twice its requests as failed ({@code error.type} set): the provider's error rate is
   * then about two thirds, the outage the alert benchmark makes its rules fire on (issue 19).
   */
  public MetricsRequestFactory(GatewayShape shape, int attributionValues, int failingProvider) {
    this.shape = shape;
    this.attributionValues = attributionValues;
    this.failingProvider = failingProvider;
  }

  /**
   * The request of pod {@code pod} (0-based over the fleet), bucket counts drawn from {@code seed}.
   */
  public PreSerializedRequest request(int pod, long seed) {
    int gateway = pod / shape.podsPerGateway();
    int podOfGateway = pod % shape.podsPerGateway();
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + pod);
    SplittableRandom outageRandom = new SplittableRandom(seed * 1_000_003L + pod + 0x5EEDL);
    Totals totals = new Totals();

    Metric.Builder duration =
        histogram(
            DURATION,
            GatewayContract.Metric.REQUEST_DURATION.unit(),
            "Time spent processing a GenAI request");
    Metric.Builder ttft =
        histogram(
            TTFT,
            GatewayContract.Metric.TIME_TO_FIRST_TOKEN.unit(),
            "Time to receive the first output token");
    Metric.Builder tpot =
        histogram(
            TPOT,
            GatewayContract.Metric.TIME_PER_OUTPUT_TOKEN.unit(),
            "Time per output token after the first");
    Metric.Builder tokens =
        histogram(
            TOKEN_USAGE, GatewayContract.Metric.TOKEN_USAGE.unit(), "Number of tokens processed");

    int pair = 0;
    for (int p = 0; p < shape.providers(); p++) {
      for (int m = 0; m < shape.modelsPerProvider(); m++, pair++) {
        List<KeyValue> attributes = pairAttributes(p, m);
        if (attributionValues > 0) {
          int pairs = shape.providers() * shape.modelsPerProvider();
          attributes = new ArrayList<>(attributes);
          attributes.add(
              string(ATTRIBUTION_ATTRIBUTE, "team-" + ((pod * pairs + pair) % attributionValues)));
        }
        int requests = 1 + random.nextInt(20);
        int streamed = Math.max(1, (requests * 7) / 10);
        double latencyMedian = 0.6 * (1 + m % 4);
        duration
            .getHistogramBuilder()
            .addDataPoints(
                point(
                    attributes, DURATION_BOUNDS, logNormal(random, requests, latencyMedian, 0.8)));
        totals.requests += requests;
        boolean outage = p == failingProvider;
        if (outage || pair % GatewayShape.ERROR_EVERY == 0) {
          int failed = 0;
          double[] failedValues = null;
          if (pair % GatewayShape.ERROR_EVERY == 0) {
            failed = 1 + random.nextInt(3);
            failedValues = logNormal(random, failed, 0.12, 1.0);
          }
          if (outage) {
            // drawn from their own generator: every other series stays as without the outage
            failed = 2 * requests;
            failedValues = logNormal(outageRandom, failed, 0.12, 1.0);
          }
          List<KeyValue> errorAttributes = new ArrayList<>(attributes);
          errorAttributes.add(string(GatewayContract.ERROR_TYPE, "_OTHER"));
          duration
              .getHistogramBuilder()
              .addDataPoints(point(errorAttributes, DURATION_BOUNDS, failedValues));
          totals.requests += failed;
          totals.errors += failed;
        }
        ttft.getHistogramBuilder()
            .addDataPoints(point(attributes, TTFT_BOUNDS, logNormal(random, streamed, 0.25, 0.7)));
        tpot.getHistogramBuilder()
            .addDataPoints(point(attributes, TPOT_BOUNDS, logNormal(random, streamed, 0.03, 0.5)));
        for (String type : GatewayShape.TOKEN_TYPES) {
          double[] values = integral(logNormal(random, requests, tokenMedian(type), 1.0));
          List<KeyValue> tokenAttributes = new ArrayList<>(attributes);
          tokenAttributes.add(string(GatewayContract.TOKEN_TYPE, type));
          tokens.getHistogramBuilder().addDataPoints(point(tokenAttributes, TOKEN_BOUNDS, values));
          long sum = (long) sum(values);
          if (type.equals(GatewayContract.TOKEN_TYPE_INPUT)) {
            totals.inputTokens += sum;
          } else if (type.equals(GatewayContract.TOKEN_TYPE_OUTPUT)) {
            totals.outputTokens += sum;
          }
        }
      }
    }

    ExportMetricsServiceRequest request =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .setResource(resource(gateway, podOfGateway))
                    .addScopeMetrics(
                        ScopeMetrics.newBuilder()
                            .setScope(
                                InstrumentationScope.newBuilder()
                                    .setName(GatewayContract.SCOPE_NAME)
                                    .build())
                            .addMetrics(duration)
                            .addMetrics(ttft)
                            .addMetrics(tpot)
                            .addMetrics(tokens)))
            .build();
    byte[] bytes = request.toByteArray();
    int points = shape.pointsPerRequest() + extraErrorPoints();
    int[] starts = Sentinels.find(bytes, START_SENTINEL, (byte) 0x11, points);
    int[] times = Sentinels.find(bytes, TIME_SENTINEL, (byte) 0x19, points);
    return new PreSerializedRequest(
        bytes,
        starts,
        times,
        new RequestTotals(
            points, totals.requests, totals.errors, totals.inputTokens, totals.outputTokens, 0, 0));
  }

  /** Failed-duration points the failing provider adds beyond the shape's usual ones. */
  private int extraErrorPoints() {
    if (failingProvider < 0) {
      return 0;
    }
    int extra = 0;
    for (int m = 0; m < shape.modelsPerProvider(); m++) {
      if ((failingProvider * shape.modelsPerProvider() + m) % GatewayShape.ERROR_EVERY != 0) {
        extra++;
      }
    }
    return extra;
  }

  private static double tokenMedian(String type) {
    return switch (type) {
      case GatewayContract.TOKEN_TYPE_INPUT -> 900;
      case GatewayContract.TOKEN_TYPE_OUTPUT -> 250;
      case GatewayContract.TOKEN_TYPE_CACHED_INPUT -> 300;
      case GatewayContract.TOKEN_TYPE_CACHE_CREATION_INPUT -> 80;
      default -> 120;
    };
  }

  private static Resource resource(int gateway, int pod) {
    return Resource.newBuilder()
        .addAttributes(string("service.name", GatewayShape.serviceName(gateway)))
        .addAttributes(string("job_name", "envoy-ai-gateway"))
        .addAttributes(string("k8s.namespace.name", "envoy-ai-gateway-system"))
        .addAttributes(string("k8s.pod.name", GatewayShape.podName(gateway, pod)))
        .addAttributes(string("telemetry.sdk.language", "go"))
        .addAttributes(string("telemetry.sdk.name", "opentelemetry"))
        .addAttributes(string("telemetry.sdk.version", "1.38.0"))
        .build();
  }

  private List<KeyValue> pairAttributes(int provider, int model) {
    String name = GatewayShape.modelName(provider, model);
    return List.of(
        string(GatewayContract.OPERATION_NAME, "chat"),
        string(GatewayContract.PROVIDER_NAME, GatewayShape.providerName(provider)),
        string(GatewayContract.REQUEST_MODEL, name),
        string(GatewayContract.RESPONSE_MODEL, name),
        string(GatewayContract.ORIGINAL_MODEL, name));
  }

  private static Metric.Builder histogram(String name, String unit, String description) {
    Metric.Builder metric =
        Metric.newBuilder().setName(name).setUnit(unit).setDescription(description);
    metric
        .getHistogramBuilder()
        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA);
    return metric;
  }

  private static HistogramDataPoint point(List<KeyValue> attributes, double[] bounds, double[] v) {
    HistogramDataPoint.Builder point =
        HistogramDataPoint.newBuilder()
            .addAllAttributes(attributes)
            .setStartTimeUnixNano(START_SENTINEL)
            .setTimeUnixNano(TIME_SENTINEL)
            .setCount(v.length)
            .setSum(sum(v));
    long[] counts = new long[bounds.length + 1];
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double value : v) {
      counts[bucket(bounds, value)]++;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    for (double bound : bounds) {
      point.addExplicitBounds(bound);
    }
    for (long count : counts) {
      point.addBucketCounts(count);
    }
    return point.setMin(min).setMax(max).build();
  }

  /** OTLP explicit buckets are upper-inclusive: bucket i holds (bounds[i-1], bounds[i]]. */
  static int bucket(double[] bounds, double value) {
    int i = 0;
    while (i < bounds.length && value > bounds[i]) {
      i++;
    }
    return i;
  }

  private static double[] logNormal(SplittableRandom random, int n, double median, double sigma) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      // Box-Muller: one standard normal per value is plenty for a bucket distribution
      double u1 = 1.0 - random.nextDouble();
      double u2 = random.nextDouble();
      double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      values[i] = median * Math.exp(sigma * z);
    }
    return values;
  }

  private static double[] integral(double[] values) {
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.max(1, Math.round(values[i]));
    }
    return values;
  }

  private static double sum(double[] values) {
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return sum;
  }

  static KeyValue string(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static final class Totals {
    long requests;
    long errors;
    long inputTokens;
    long outputTokens;
  }
}
