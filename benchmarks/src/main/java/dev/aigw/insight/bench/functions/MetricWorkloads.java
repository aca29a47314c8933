package dev.aigw.insight.bench.functions;

import dev.aigw.insight.bench.load.Fleet;
import dev.aigw.insight.bench.load.GatewayShape;
import dev.aigw.insight.bench.parse.PointWalker;
import dev.aigw.insight.job.aggregate.LeafAggregate;
import dev.aigw.insight.job.decode.metrics.GenAiMetricDecoder;
import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.model.MetricKind;
import dev.aigw.insight.job.model.TokenType;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.price.ModelPrice;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import dev.aigw.insight.source.otlp.decoder.DecoderContext;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/**
 * The per-point functions of the metrics path, without Flink's runtime and without gRPC, over one
 * copy of the fleet's requests (one per pod): each method returns a {@link Workload}.
 */
public final class MetricWorkloads {

  private final byte[][] requests;
  private final GenAiMetricDecoder decoder;
  private final PriceTable prices;
  private long sink;

  public MetricWorkloads(GatewayShape shape) throws Exception {
    requests = Fleet.metrics(shape, 1).templates();
    AnalysisConfig config = AnalysisConfig.defaults();
    decoder = GenAiMetricDecoder.create(config);
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
   * Parse + decode + the price operator's per-point work + the minute pre-aggregation into per-leaf
   * accumulators (the window's aggregate function), with no state backend and no serialization: the
   * analysis functions alone.
   */
  public Workload decodeAndAggregate() {
    Map<String, Optional<ModelPrice>> priceCache = new HashMap<>();
    Map<String, LeafAggregate> leaves = new HashMap<>();
    int[] next = {0};
    return () -> {
      if (next[0] % requests.length == 0) {
        leaves.clear(); // a new minute: as many accumulators as leaves in a minute
      }
      Counting out =
          new Counting(
              p -> {
                price(p, priceCache);
                leaves.computeIfAbsent(LeafAggregate.leafKey(p), k -> new LeafAggregate()).add(p);
              });
      decoder.decodeMetrics(
          ExportMetricsServiceRequest.parseFrom(requests[next[0]++ % requests.length]), out);
      return out.points;
    };
  }

  /**
   * One keyed shuffle's serialization per point: Flink's serializer for {@link GenAiPoint} writing
   * every point of a request and reading it back.
   */
  public Workload shuffleSerialization() throws Exception {
    TypeInformation<GenAiPoint> type = TypeInformation.of(GenAiPoint.class);
    if (!(type instanceof PojoTypeInfo)) {
      throw new IllegalStateException("GenAiPoint is not a Flink POJO: " + type);
    }
    TypeSerializer<GenAiPoint> serializer = type.createSerializer(new SerializerConfigImpl());
    List<GenAiPoint[]> decoded = new ArrayList<>();
    for (byte[] request : requests) {
      List<GenAiPoint> points = new ArrayList<>();
      decoder.decodeMetrics(
          ExportMetricsServiceRequest.parseFrom(request), new Counting(points::add));
      decoded.add(points.toArray(new GenAiPoint[0]));
    }
    DataOutputSerializer output = new DataOutputSerializer(64 * 1024);
    DataInputDeserializer input = new DataInputDeserializer();
    int[] next = {0};
    return () -> {
      GenAiPoint[] points = decoded.get(next[0]++ % decoded.size());
      output.clear();
      for (GenAiPoint point : points) {
        serializer.serialize(point, output);
      }
      input.setBuffer(output.getSharedBuffer(), 0, output.length());
      for (int i = 0; i < points.length; i++) {
        sink ^= serializer.deserialize(input).count;
      }
      return points.length;
    };
  }

  /** Mean serialized size of a point in bytes (what each shuffle moves). */
  public double serializedPointBytes() throws Exception {
    TypeSerializer<GenAiPoint> serializer =
        TypeInformation.of(GenAiPoint.class).createSerializer(new SerializerConfigImpl());
    List<GenAiPoint> points = new ArrayList<>();
    decoder.decodeMetrics(
        ExportMetricsServiceRequest.parseFrom(requests[0]), new Counting(points::add));
    DataOutputSerializer output = new DataOutputSerializer(64 * 1024);
    for (GenAiPoint point : points) {
      serializer.serialize(point, output);
    }
    return (double) output.length() / points.size();
  }

  /** What the price operator does per point: a cached lookup and the cost of the token type. */
  private void price(GenAiPoint p, Map<String, Optional<ModelPrice>> cache) {
    if (p.metric != MetricKind.TOKEN_USAGE) {
      return;
    }
    Optional<ModelPrice> price =
        cache.computeIfAbsent(
            p.provider + '\u0001' + p.model, k -> prices.lookup(p.provider, p.model));
    long tokens = Math.round(p.sum);
    if (price.isPresent()) {
      p.costPicos = price.get().costPicosOfType(p.tokenType, tokens);
      p.cacheSavingsPicos =
          TokenType.CACHED_INPUT.equals(p.tokenType) ? price.get().savingsPicos(tokens) : 0;
    } else if (TokenType.INPUT.equals(p.tokenType) || TokenType.OUTPUT.equals(p.tokenType)) {
      p.unpricedTokens = tokens;
    }
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
