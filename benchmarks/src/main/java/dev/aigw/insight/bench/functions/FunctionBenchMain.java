package dev.aigw.insight.bench.functions;

import dev.aigw.insight.bench.load.GatewayShape;
import dev.aigw.insight.job.aggregate.LeafAggregate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The function benchmarks in one JVM, one after the other, in points (or records) per CPU second of
 * the benchmark thread, with each one's ratio to the bare parse of the same run. The JMH benchmarks
 * measure the same workloads in wall-clock time; on a shared machine use these.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.aigw.insight.bench.functions.FunctionBenchMain 5 10
 * </pre>
 */
public final class FunctionBenchMain {

  private FunctionBenchMain() {}

  public static void main(String[] args) throws Exception {
    double warmup = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
    MetricWorkloads metrics = new MetricWorkloads(GatewayShape.ISSUE_8);
    Map<String, Workload> workloads = new LinkedHashMap<>();
    workloads.put("bare parse (ceiling)", metrics.bareParse());
    workloads.put("parse + GenAI decode", metrics.decode());
    workloads.put("GenAI decode from the wire format", metrics.decodeWire());
    workloads.put("parse + decode + price + minute pre-aggregation", metrics.decodeAndAggregate());
    workloads.put(
        "ResourcePoints serialize + deserialize (first exchange)", metrics.shuffleSerialization());
    TypeSerializer<LeafAggregate> compact =
        TypeInformation.of(LeafAggregate.class).createSerializer(new SerializerConfigImpl());
    TypeSerializer<LeafAggregate> pojo = PojoPartials.serializer();
    workloads.put(
        "partial serialize + deserialize (compact), per partial",
        metrics.partialSerialization(compact));
    workloads.put(
        "partial serialize + deserialize (0.2.0's POJO), per partial",
        metrics.partialSerialization(pojo));
    workloads.putAll(ExtraWorkloads.all(GatewayShape.ISSUE_8));
    double ceiling = 0;
    System.out.printf(
        "serialized size per point in a ResourcePoints batch: %.0f bytes%n",
        metrics.serializedPointBytes());
    System.out.printf(
        "serialized size of a partial: %.0f bytes compact, %.0f bytes as 0.2.0's POJO%n",
        metrics.serializedPartialBytes(compact), metrics.serializedPartialBytes(pojo));
    for (Map.Entry<String, Workload> e : workloads.entrySet()) {
      double rate = CpuTimedRun.itemsPerCpuSecond(e.getValue(), warmup, seconds);
      if (ceiling == 0) {
        ceiling = rate;
      }
      System.out.printf(
          "%-52s %,12.0f items per CPU second  %6.1f %% of bare parse%n",
          e.getKey(), rate, 100 * rate / ceiling);
    }
    System.out.println("(sink " + metrics.sink() + ")");
  }
}
