package dev.aigw.insight.bench.functions;

import dev.aigw.insight.bench.load.Fleet;
import dev.aigw.insight.bench.load.GatewayShape;
import dev.aigw.insight.bench.parse.PointWalker;
import dev.aigw.insight.job.aggregate.LeafAggregate;
import dev.aigw.insight.job.aggregate.LeafCombiner;
import dev.aigw.insight.job.decode.metrics.GenAiMetricDecoder;
import dev.aigw.insight.job.decode.metrics.ResourcePointsDecoder;
import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.price.PointPricer;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import dev.aigw.insight.source.otlp.decoder.DecoderContext;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/**
 * The per-point functions of the metrics path, without Flink's runtime and without gRPC, over one
 * copy of the fleet's requests (one per pod): each method returns a {@link Workload}.
 */
public final class MetricWorkloads {

  /** The points' interval, and a receiver's clock just after it: every point is accepted. */
  static final long TIME_NANOS = 1_767_225_660_000_000_000L; // 2026-01-01T00:01:00Z

  static final long START_NANOS = TIME_NANOS - 60_000_000_000L;
  static final JobClock CLOCK = JobClock.fixed(TIME_NANOS / 1_000_000 + 1_000);

  private final byte[][] requests;
  private final GenAiMetricDecoder decoder;
  private final PriceTable prices;
  private long sink;

  public MetricWorkloads(GatewayShape shape) throws Exception {
    requests = Fleet.metrics(shape, 1).stampedTemplates(START_NANOS, TIME_NANOS);
    AnalysisConfig config = AnalysisConfig.defaults();
    decoder = GenAiMetricDecoder.create(config, CLOCK);
    decoder.open(new UnregisteredContext());
    prices = config.priceTable();
  }

  /** The ceiling: protobuf parse touching every point. */
  public Workload bareParse() {
    PointWalker.XorBlackhole blackhole = new PointWalker.XorBlackhole();
    int[] next = {0};
    return () -> PointWalker.parseAndTouch(requests[next[0]++ % requests.length], blackhole);
  }

  /** Parse + the GenAI decoder (what the receiver's gRPC threads do per request). */
  public Workload decode() {
    int[] next = {0};
    return () -> {
      Counting out = new Counting(null);
      decoder.decodeMetrics(
          ExportMetricsServiceRequest.parseFrom(requests[next[0]++ % requests.length]), out);
      return out.points;
    };
  }

  /**
   * The GenAI decoder reading the request's wire format ({@link
   * GenAiMetricDecoder#decodeSerializedMetrics}, what the receiver calls since issue 20): the same
   * points as {@link #decode()} without building the protobuf objects.
   */
  public Workload decodeWire() {
    int[] next = {0};
    return () -> {
      Counting out = new Counting(null);
      decoder.decodeSerializedMetrics(requests[next[0]++ % requests.length], out);
      return out.points;
    };
  }

  /**
   * Parse + decode + what the temporality stage does per point besides state access: pricing and
   * the combination into per-(provider, model, minute) partials, merged into per-leaf minute
   * accumulators as the window does; no state backend and no serialization: the analysis functions
   * alone.
   */
  public Workload decodeAndAggregate() {
    PointPricer pricer = new PointPricer(prices, new SimpleCounter());
    LeafCombiner combiner = new LeafCombiner();
    Map<String, LeafAggregate> leaves = new HashMap<>();
    int[] next = {0};
    return () -> {
      if (next[0] % requests.length == 0) {
        leaves.clear(); // a new minute: as many accumulators as leaves in a minute
      }
      Counting out =
          new Counting(
              p -> {
                pricer.price(p);
                combiner.add(p);
              });
      decoder.decodeMetrics(
          ExportMetricsServiceRequest.parseFrom(requests[next[0]++ % requests.length]), out);
      combiner.emitTo(
          partial ->
              leaves
                  .computeIfAbsent(LeafAggregate.leafKey(partial), k -> new LeafAggregate())
                  .merge(partial));
      return out.points;
    };
  }

  /**
   * The first keyed exchange's serialization: Flink's serializer for {@link ResourcePoints} writing
   * each request's batch and reading it back (the later exchanges carry one partial per leaf).
   */
  public Workload shuffleSerialization() throws Exception {
    TypeSerializer<ResourcePoints> serializer = batchSerializer();
    List<ResourcePoints> decoded = decodedBatches();
    DataOutputSerializer output = new DataOutputSerializer(64 * 1024);
    DataInputDeserializer input = new DataInputDeserializer();
    int[] next = {0};
    return () -> {
      ResourcePoints batch = decoded.get(next[0]++ % decoded.size());
      output.clear();
      serializer.serialize(batch, output);
      input.setBuffer(output.getSharedBuffer(), 0, output.length());
      sink ^= serializer.deserialize(input).points.length;
      return batch.points.length;
    };
  }

  /**
   * The later exchanges' and the minute windows' serialization: one export's partials (one per
   * leaf, as the combiner hands them out) written and read back, by {@code serializer}: the job's
   * compact one, or Flink's POJO serializer the leaf aggregate had until 0.2.0. Counted in
   * partials.
   */
  public Workload partialSerialization(TypeSerializer<LeafAggregate> serializer) throws Exception {
    List<List<LeafAggregate>> exports = partialsPerExport();
    DataOutputSerializer output = new DataOutputSerializer(64 * 1024);
    DataInputDeserializer input = new DataInputDeserializer();
    int[] next = {0};
    return () -> {
      List<LeafAggregate> partials = exports.get(next[0]++ % exports.size());
      for (LeafAggregate partial : partials) {
        output.clear();
        serializer.serialize(partial, output);
        input.setBuffer(output.getSharedBuffer(), 0, output.length());
        sink ^= serializer.deserialize(input).points;
      }
      return partials.size();
    };
  }

  /** Mean serialized size of a partial, in bytes, by {@code serializer}. */
  public double serializedPartialBytes(TypeSerializer<LeafAggregate> serializer) throws Exception {
    DataOutputSerializer output = new DataOutputSerializer(64 * 1024);
    long partials = 0;
    for (List<LeafAggregate> export : partialsPerExport()) {
      for (LeafAggregate partial : export) {
        serializer.serialize(partial, output);
        partials++;
      }
    }
    return (double) output.length() / partials;
  }

  /** Each request's points, priced and combined into its partials. */
  private List<List<LeafAggregate>> partialsPerExport() throws Exception {
    PointPricer pricer = new PointPricer(prices, new SimpleCounter());
    List<List<LeafAggregate>> exports = new ArrayList<>();
    for (byte[] request : requests) {
      LeafCombiner combiner = new LeafCombiner();
      decoder.decodeMetrics(
          ExportMetricsServiceRequest.parseFrom(request),
          new Counting(
              p -> {
                pricer.price(p);
                combiner.add(p);
              }));
      List<LeafAggregate> partials = new ArrayList<>();
      combiner.emitTo(partials::add);
      exports.add(partials);
    }
    return exports;
  }

  /** Mean serialized size of a point in a batch, in bytes (what the first exchange moves). */
  public double serializedPointBytes() throws Exception {
    TypeSerializer<ResourcePoints> serializer = batchSerializer();
    DataOutputSerializer output = new DataOutputSerializer(64 * 1024);
    long points = 0;
    for (ResourcePoints batch : decodedBatches()) {
      serializer.serialize(batch, output);
      points += batch.points.length;
    }
    return (double) output.length() / points;
  }

  /** The serializer Flink uses for the batches (the job's compact one, not Kryo). */
  private static TypeSerializer<ResourcePoints> batchSerializer() {
    return TypeInformation.of(ResourcePoints.class).createSerializer(new SerializerConfigImpl());
  }

  private List<ResourcePoints> decodedBatches() throws Exception {
    ResourcePointsDecoder batches = new ResourcePointsDecoder(decoder);
    List<ResourcePoints> decoded = new ArrayList<>();
    for (byte[] request : requests) {
      batches.decodeMetrics(
          ExportMetricsServiceRequest.parseFrom(request),
          new DecodeOutput<>() {
            @Override
            public void emit(ResourcePoints batch) {
              decoded.add(batch);
            }

            @Override
            public void reject(long count, String reason) {
              throw new IllegalStateException("Generated points were rejected: " + reason);
            }
          });
    }
    return decoded;
  }

  /** Keeps results observable so that the JIT cannot drop the work. */
  public long sink() {
    return sink;
  }

  private static final class Counting implements DecodeOutput<GenAiPoint> {
    private final java.util.function.Consumer<GenAiPoint> next;
    int points;

    Counting(java.util.function.Consumer<GenAiPoint> next) {
      this.next = next;
    }

    @Override
    public void emit(GenAiPoint record) {
      points++;
      if (next != null) {
        next.accept(record);
      }
    }

    @Override
    public void reject(long count, String reason) {
      throw new IllegalStateException("Generated points were rejected: " + reason);
    }
  }

  /** A decoder context outside Flink: metrics go nowhere. */
  static final class UnregisteredContext implements DecoderContext {
    @Override
    public MetricGroup metricGroup() {
      return new UnregisteredMetricsGroup();
    }

    @Override
    public int subtaskIndex() {
      return 0;
    }
  }
}
