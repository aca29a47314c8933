package dev.aigw.insight.bench.jmh;

import dev.aigw.insight.bench.functions.MetricWorkloads;
import dev.aigw.insight.bench.functions.Workload;
import dev.aigw.insight.bench.load.GatewayShape;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The metrics path's functions without Flink's runtime and without gRPC, on issue 8's requests (see
 * {@link MetricWorkloads}); {@code items} is points per second. Compare with {@link
 * BareParseBenchmark} of the same run (target for {@code decodeAndAggregate}: at least 25 %).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g", "-XX:+UseParallelGC"})
public class GenAiDecodeBenchmark {

  private MetricWorkloads workloads;
  private Workload decode;
  private Workload decodeWire;
  private Workload decodeAndAggregate;
  private Workload shuffleSerialization;

  @Setup
  public void setUp() throws Exception {
    workloads = new MetricWorkloads(GatewayShape.ISSUE_8);
    decode = workloads.decode();
    decodeWire = workloads.decodeWire();
    decodeAndAggregate = workloads.decodeAndAggregate();
    shuffleSerialization = workloads.shuffleSerialization();
  }

  @TearDown
  public void tearDown(Blackhole blackhole) {
    blackhole.consume(workloads.sink());
  }

  @Benchmark
  public int decode(PointCounter counter) throws Exception {
    int points = decode.step();
    counter.items += points;
    return points;
  }

  /** The decoder on the request's bytes (the receiver's path since issue 20). */
  @Benchmark
  public int decodeWire(PointCounter counter) throws Exception {
    int points = decodeWire.step();
    counter.items += points;
    return points;
  }

  @Benchmark
  public int decodeAndAggregate(PointCounter counter) throws Exception {
    int points = decodeAndAggregate.step();
    counter.items += points;
    return points;
  }

  @Benchmark
  public int shuffleSerialization(PointCounter counter) throws Exception {
    int points = shuffleSerialization.step();
    counter.items += points;
    return points;
  }
}
