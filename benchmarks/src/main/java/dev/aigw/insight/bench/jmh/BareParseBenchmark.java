package dev.aigw.insight.bench.jmh;

import dev.aigw.insight.bench.load.Fleet;
import dev.aigw.insight.bench.load.GatewayShape;
import dev.aigw.insight.bench.parse.PointWalker;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The ceiling: protobuf parse of one pod's {@code ExportMetricsServiceRequest} (issue 8's shape),
 * touching every histogram point and doing nothing else. {@code items} is points per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g", "-XX:+UseParallelGC"})
public class BareParseBenchmark {

  private byte[][] requests;
  private int next;

  @Setup
  public void setUp() {
    requests = Fleet.metrics(GatewayShape.ISSUE_8, 1).templates();
  }

  @Benchmark
  public int parseAndTouch(PointCounter counter, Blackhole blackhole) throws Exception {
    byte[] request = requests[next++ % requests.length];
    int points = PointWalker.parseAndTouch(request, blackhole::consume);
    counter.items += points;
    return points;
  }
}
