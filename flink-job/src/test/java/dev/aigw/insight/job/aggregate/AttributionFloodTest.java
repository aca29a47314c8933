package dev.aigw.insight.job.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.decode.metrics.GenAiMetricDecoder;
import dev.aigw.insight.job.decode.metrics.ResourcePointsDecoder;
import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.AttributionConfig;
import dev.aigw.insight.job.options.AttributionMetrics;
import dev.aigw.insight.job.temporality.SeriesTemporality;
import dev.aigw.insight.job.temporality.SeriesTemporalityOperator;
import dev.aigw.insight.job.testing.OperatorHarness;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.schema.attribution.AttributionCell;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of distinct API keys (a secret attribute) from one gateway: the temporality stage sends
 * one attribution partial per key, hashed; the attribution guard keeps exactly its cap of values
 * per (service, attribute) in state and folds the rest into "other", counted, also when the flood
 * comes again; and every point is still counted once per attribute.
 */
class AttributionFloodTest {

  private static final long T = 1_767_225_660_000_000_000L; // 2026-01-01T00:01:00Z
  private static final JobClock CLOCK = JobClock.fixed(T / 1_000_000 + 1_000);
  private static final int KEYS = 3_000;
  private static final int CAP = 1_000;

  @TempDir Path dir;

  @Test
  void distinctKeysBeyondTheCapFoldIntoOtherWithBoundedState() throws Exception {
    Path keyFile = dir.resolve("attribution-key");
    Files.writeString(keyFile, "a-key-of-at-least-16-bytes");
    AttributionConfig attribution =
        AttributionConfig.of("team.id,api.key", "api.key", CAP, keyFile.toString(), null);
    AnalysisConfig config = AnalysisConfig.defaults();

    try (OperatorHarness<String, ResourcePoints, LeafAggregate> temporality =
            temporality(config, attribution);
        OperatorHarness<String, AttributedLeaf, AttributedLeaf> guard =
            OperatorHarness.of(
                new AttributionGuard(
                    CAP,
                    config.maxProvidersPerService(),
                    config.maxModelsPerService(),
                    config.cardinalityTtl(),
                    CLOCK),
                AttributedLeaf::guardKey,
                Types.STRING)) {
      for (int round = 0; round < 2; round++) {
        long t = T + round * 60_000_000_000L;
        ResourcePoints batch = decode(config, attribution, request(t)).get(0);
        temporality.process(batch, 0);
        temporality.raw().prepareSnapshotPreBarrier(round + 1);
        List<LeafAggregate> leaves = temporality.drain();
        List<AttributedLeaf> attributed = new ArrayList<>();
        for (Object r : temporality.raw().getSideOutput(AttributionPipeline.PARTIALS)) {
          @SuppressWarnings("unchecked")
          StreamRecord<AttributedLeaf> record = (StreamRecord<AttributedLeaf>) r;
          attributed.add(record.getValue());
        }
        temporality.raw().getSideOutput(AttributionPipeline.PARTIALS).clear();

        // one leaf; per attribute every point counted once: the keys, and team.id all 'none'
        assertThat(leaves).singleElement().satisfies(l -> assertThat(l.points).isEqualTo(KEYS));
        assertThat(attributed.stream().filter(a -> a.attribute.equals("team.id")))
            .singleElement()
            .satisfies(a -> assertThat(a.value).isEqualTo(AttributionCell.NONE));
        List<AttributedLeaf> keys =
            attributed.stream().filter(a -> a.attribute.equals("api.key")).toList();
        assertThat(keys).hasSize(KEYS);
        assertThat(keys).allSatisfy(a -> assertThat(a.value).hasSize(32).doesNotContain("sk-"));
        assertThat(keys.stream().mapToLong(a -> a.points).sum()).isEqualTo(KEYS);

        for (AttributedLeaf a : attributed) {
          guard.process(a, 0);
        }
        List<AttributedLeaf> guarded = guard.drain();
        List<AttributedLeaf> guardedKeys =
            guarded.stream().filter(a -> a.attribute.equals("api.key")).toList();
        Set<String> kept = new HashSet<>();
        long folded = 0;
        for (AttributedLeaf a : guardedKeys) {
          if (a.value.equals(AttributionCell.OTHER)) {
            folded += a.points;
          } else {
            kept.add(a.value);
          }
        }
        assertThat(kept).hasSize(CAP);
        assertThat(folded).isEqualTo(KEYS - CAP);
        assertThat(guard.counter(AttributionMetrics.VALUES_FOLDED))
            .isEqualTo((long) (round + 1) * (KEYS - CAP));
        assertThat(valuesInState(guard, "svc\u0001api.key")).isEqualTo(CAP);
        // 'none' takes no slot
        assertThat(valuesInState(guard, "svc\u0001team.id")).isZero();
      }
    }
  }

  private static int valuesInState(OperatorHarness<String, ?, ?> h, String key) throws Exception {
    KeyedStateBackend<String> backend =
        ((AbstractStreamOperator<?>) h.raw().getOperator()).getKeyedStateBackend();
    backend.setCurrentKey(key);
    int n = 0;
    for (String ignored :
        backend
            .getPartitionedState(
                VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE,
                new MapStateDescriptor<>("values", Types.STRING, Types.LONG))
            .keys()) {
      n++;
    }
    Integer size =
        backend
            .getPartitionedState(
                VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE,
                new ValueStateDescriptor<>("values-size", Types.INT))
            .value();
    assertThat(size == null ? 0 : size).isEqualTo(n);
    return n;
  }

  /** One DELTA request-duration point per API key, one request each, ending at {@code t}. */
  private static ExportMetricsServiceRequest request(long t) {
    Histogram.Builder h =
        Histogram.newBuilder()
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA);
    for (int i = 0; i < KEYS; i++) {
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
              .addAttributes(kv("gen_ai.response.model", "gpt-4o"))
              .addAttributes(kv("api.key", "sk-" + i)));
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
      AnalysisConfig config, AttributionConfig attribution, ExportMetricsServiceRequest request) {
    List<ResourcePoints> out = new ArrayList<>();
    new ResourcePointsDecoder(GenAiMetricDecoder.create(config, attribution, CLOCK))
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
      AnalysisConfig config, AttributionConfig attribution) throws Exception {
    return OperatorHarness.of(
        new SeriesTemporalityOperator(
            new SeriesTemporality(
                    config.firstPointGrace(),
                    config.seriesTtl(),
                    config.priceTable(),
                    config.maxSeriesPerResource(),
                    CLOCK)
                .withAttribution(attribution.attributes()),
            Duration.ofDays(1),
            AttributionPipeline.PARTIALS),
        b -> b.resourceKey,
        Types.STRING);
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }
}
