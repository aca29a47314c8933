package dev.aigw.insight.job.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.decode.metrics.ResourcePointsDecoder;
import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.AnalysisMetrics;
import dev.aigw.insight.job.temporality.ResourceSeries;
import dev.aigw.insight.job.temporality.SeriesTemporality;
import dev.aigw.insight.job.temporality.SeriesTemporalityOperator;
import dev.aigw.insight.job.testing.OperatorHarness;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.schema.gateway.GatewayContract;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.junit.jupiter.api.Test;

/**
 * One request that creates 2 000 new series at once (one gateway instance, 2 000 distinct models):
 * the temporality stage keeps at most its per-resource cap of series, the cardinality guard keeps
 * at most its cap of models and folds the rest into "other"; neither state grows past its cap, not
 * even when the same request comes again.
 */
class ThousandsOfNewSeriesTest {

  private static final long T = 1_767_225_660_000_000_000L; // 2026-01-01T00:01:00Z
  private static final JobClock CLOCK = JobClock.fixed(T / 1_000_000 + 1_000);
  private static final int MODELS = 2_000;
  private static final int SERIES_CAP = 1_500;
  private static final int MODELS_CAP = 500;

  @Test
  void aRequestOf2000NewModelsIsBoundedByTheSeriesCapAndTheGuard() throws Exception {
    AnalysisConfig config =
        AnalysisConfig.builder()
            .maxSeriesPerResource(SERIES_CAP)
            .maxModelsPerService(MODELS_CAP)
            .build();
    List<ResourcePoints> batches = decode(config, request(T));
    assertThat(batches).singleElement().satisfies(b -> assertThat(b.points).hasSize(MODELS));
    String resource = batches.get(0).resourceKey;

    try (OperatorHarness<String, ResourcePoints, LeafAggregate> temporality = temporality(config);
        OperatorHarness<String, LeafAggregate, LeafAggregate> guard = guard(config)) {
      temporality.process(batches.get(0), 0);
      temporality.raw().prepareSnapshotPreBarrier(1);
      List<LeafAggregate> partials = temporality.drain();
      // the first 1 500 series of the request are remembered and counted, the rest dropped
      assertThat(partials).extracting(p -> p.model).containsExactlyElementsOf(models(0, 1_500));
      assertThat(temporality.counter(AnalysisMetrics.SERIES_OVER_CAP_DROPPED)).isEqualTo(500);
      assertThat(seriesInState(temporality, resource)).isEqualTo(SERIES_CAP);

      for (LeafAggregate p : partials) {
        guard.process(p, 0);
      }
      List<LeafAggregate> guarded = guard.drain();
      List<String> expected = new ArrayList<>(models(0, MODELS_CAP));
      expected.addAll(java.util.Collections.nCopies(1_500 - MODELS_CAP, CardinalityGuard.OTHER));
      assertThat(guarded).extracting(p -> p.model).containsExactlyElementsOf(expected);
      assertThat(guard.counter(AnalysisMetrics.MODELS_FOLDED)).isEqualTo(1_000);
      assertThat(guard.counter(AnalysisMetrics.PROVIDERS_FOLDED)).isZero();
      assertThat(modelsInState(guard, "svc")).containsExactlyInAnyOrderElementsOf(models(0, 500));

      // the same request a minute later: the known series count, the others are still dropped
      List<ResourcePoints> again = decode(config, request(T + 60_000_000_000L));
      temporality.process(again.get(0), 0);
      temporality.raw().prepareSnapshotPreBarrier(2);
      List<LeafAggregate> second = temporality.drain();
      assertThat(second).extracting(p -> p.model).containsExactlyElementsOf(models(0, 1_500));
      assertThat(temporality.counter(AnalysisMetrics.SERIES_OVER_CAP_DROPPED)).isEqualTo(1_000);
      assertThat(seriesInState(temporality, resource)).isEqualTo(SERIES_CAP);
      for (LeafAggregate p : second) {
        guard.process(p, 0);
      }
      assertThat(guard.drain()).extracting(p -> p.model).containsExactlyElementsOf(expected);
      assertThat(guard.counter(AnalysisMetrics.MODELS_FOLDED)).isEqualTo(2_000);
      assertThat(modelsInState(guard, "svc")).hasSize(MODELS_CAP);
    }
  }

  @Test
  void theDefaultCapHoldsEveryModelOfTheRequest() throws Exception {
    AnalysisConfig config = AnalysisConfig.defaults();
    assertThat(config.maxSeriesPerResource()).isEqualTo(10_000);
    List<ResourcePoints> batches = decode(config, request(T));
    try (OperatorHarness<String, ResourcePoints, LeafAggregate> temporality = temporality(config)) {
      temporality.process(batches.get(0), 0);
      temporality.raw().prepareSnapshotPreBarrier(1);
      assertThat(temporality.drain()).hasSize(MODELS);
      assertThat(temporality.counter(AnalysisMetrics.SERIES_OVER_CAP_DROPPED)).isZero();
      assertThat(seriesInState(temporality, batches.get(0).resourceKey)).isEqualTo(MODELS);
    }
  }

  private static List<String> models(int from, int to) {
    return IntStream.range(from, to)
        .mapToObj(ThousandsOfNewSeriesTest::model)
        .collect(Collectors.toList());
  }

  private static String model(int i) {
    return String.format("model-%04d", i);
  }

  /** One gateway instance's DELTA request-duration points, one per model, ending at {@code t}. */
  private static ExportMetricsServiceRequest request(long t) {
    Histogram.Builder h =
        Histogram.newBuilder()
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA);
    for (int i = 0; i < MODELS; i++) {
      h.addDataPoints(
          HistogramDataPoint.newBuilder()
              .setStartTimeUnixNano(t - 60_000_000_000L)
              .setTimeUnixNano(t)
              .addExplicitBounds(1)
              .addBucketCounts(1)
              .addBucketCounts(0)
              .setCount(1)
              .setSum(0.5)
              .addAttributes(kv("gen_ai.provider.name", "openai"))
              .addAttributes(kv("gen_ai.response.model", model(i))));
    }
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(kv("service.name", "svc"))
                        .addAttributes(kv("service.instance.id", "pod-1"))
                        .addAttributes(kv("job_name", "envoy-ai-gateway")))
                .addScopeMetrics(
                    ScopeMetrics.newBuilder()
                        .addMetrics(
                            Metric.newBuilder()
                                .setName(GatewayContract.Metric.REQUEST_DURATION.metricName())
                                .setHistogram(h))))
        .build();
  }

  private static List<ResourcePoints> decode(
      AnalysisConfig config, ExportMetricsServiceRequest request) {
    List<ResourcePoints> out = new ArrayList<>();
    ResourcePointsDecoder.create(config, CLOCK)
        .decodeMetrics(
            request,
            new DecodeOutput<>() {
              @Override
              public void emit(ResourcePoints record) {
                out.add(record);
              }

              @Override
              public void reject(long count, String reason) {
                throw new AssertionError(reason);
              }
            });
    return out;
  }

  private static OperatorHarness<String, ResourcePoints, LeafAggregate> temporality(
      AnalysisConfig config) throws Exception {
    return OperatorHarness.of(
        new SeriesTemporalityOperator(
            new SeriesTemporality(
                config.firstPointGrace(),
                config.seriesTtl(),
                config.priceTable(),
                config.maxSeriesPerResource(),
                CLOCK),
            Duration.ofDays(1)),
        b -> b.resourceKey,
        Types.STRING);
  }

  private static OperatorHarness<String, LeafAggregate, LeafAggregate> guard(AnalysisConfig config)
      throws Exception {
    return OperatorHarness.of(
        new CardinalityGuard(
            config.maxProvidersPerService(),
            config.maxModelsPerService(),
            config.cardinalityTtl(),
            CLOCK),
        p -> p.service,
        Types.STRING);
  }

  /** The series the temporality state holds for a resource, read from the keyed state. */
  private static int seriesInState(OperatorHarness<String, ?, ?> h, String resource)
      throws Exception {
    ValueState<ResourceSeries> state =
        state(
            h,
            resource,
            new ValueStateDescriptor<>(
                "resource-series", TypeInformation.of(ResourceSeries.class)));
    return state.value().seriesCount();
  }

  /** The models the guard's state admits for a service, read from the keyed state. */
  private static List<String> modelsInState(OperatorHarness<String, ?, ?> h, String service)
      throws Exception {
    MapState<String, Long> state =
        state(h, service, new MapStateDescriptor<>("models", Types.STRING, Types.LONG));
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = state.keys().iterator(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  @SuppressWarnings("unchecked")
  private static <S extends State> S state(
      OperatorHarness<String, ?, ?> h, String key, StateDescriptor<S, ?> descriptor)
      throws Exception {
    KeyedStateBackend<String> backend =
        ((AbstractStreamOperator<?>) h.raw().getOperator()).getKeyedStateBackend();
    backend.setCurrentKey(key);
    return backend.getPartitionedState(
        VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor);
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }
}
