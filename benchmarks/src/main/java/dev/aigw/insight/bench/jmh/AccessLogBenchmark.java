package dev.aigw.insight.bench.jmh;

import dev.aigw.insight.bench.functions.LogWorkloads;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Access logs through decoding and sampling (default policy, about 90 % dropped), sink excluded, by
 * the full parse and by decode-time sampling from the wire format; {@code items} is log records per
 * second (target: at least 300 k per core).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g", "-XX:+UseParallelGC"})
public class AccessLogBenchmark {

  private Workload bareParse;
  private Workload decodeAndSample;
  private Workload wireDecodeAndSample;

  @Setup
  public void setUp() throws Exception {
    LogWorkloads logs = new LogWorkloads(GatewayShape.ISSUE_8);
    bareParse = logs.bareParse();
    decodeAndSample = logs.decodeAndSample();
    wireDecodeAndSample = logs.wireDecodeAndSample();
  }

  @Benchmark
  public int bareParse(PointCounter counter) throws Exception {
    int records = bareParse.step();
    counter.items += records;
    return records;
  }

  @Benchmark
  public int decodeAndSample(PointCounter counter) throws Exception {
    int records = decodeAndSample.step();
    counter.items += records;
    return records;
  }

  /** The job's path: decode-time sampling from the wire format, only kept records built. */
  @Benchmark
  public int wireDecodeAndSample(PointCounter counter) throws Exception {
    int records = wireDecodeAndSample.step();
    counter.items += records;
    return records;
  }
}
