package dev.aigw.insight.bench.functions;

import dev.aigw.insight.bench.load.SpanFleet;
import dev.aigw.insight.bench.load.SpanShape;
import dev.aigw.insight.job.aggregate.spans.AppCallBatch;
import dev.aigw.insight.job.decode.spans.LlmSpanDecoder;
import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The span path's two exchanges without Flink's runtime, on the calls the decoder makes of the span
 * harness's requests: each call written by one serializer instance (the sender's) and read by
 * another (the receiver's), as into the deduplication; and the deduplicated calls (as read from
 * that exchange) in batches per application (44 calls, what the batcher's 10 ms hold at the
 * harness's rate) through the guards' exchange. In calls per CPU second of the benchmark thread.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar \
 *   dev.aigw.insight.bench.functions.SpanSerializationWorkloads 5 10
 * </pre>
 */
public final class SpanSerializationWorkloads {

  /** Calls per batch: the harness's ~88 k calls per second over 20 applications in 10 ms. */
  static final int BATCH = 44;

  private final List<LlmCall> calls = new ArrayList<>();
  private final List<AppCallBatch> batches = new ArrayList<>();
  private final DataOutputSerializer out = new DataOutputSerializer(1 << 16);
  private final DataInputDeserializer in = new DataInputDeserializer();

  public SpanSerializationWorkloads(SpanShape shape, int requests) throws IOException {
    Instant now = Instant.now();
    byte[][] wire =
        new SpanFleet(shape).stamped(1, now.getEpochSecond() * 1_000_000_000L + now.getNano());
    LlmSpanDecoder decoder =
        LlmSpanDecoder.create(AnalysisConfig.builder().build(), JobClock.SYSTEM);
    decoder.open(new MetricWorkloads.UnregisteredContext());
    DecodeOutput<LlmCall> collect =
        new DecodeOutput<>() {
          @Override
          public void emit(LlmCall call) {
            calls.add(call);
          }

          @Override
          public void reject(long count, String reason) {
            throw new IllegalStateException("rejected: " + reason);
          }
        };
    for (int r = 0; r < requests; r++) {
      decoder.decodeSerializedTraces(wire[r % wire.length], collect);
    }
    // The batches' calls as the deduplication has them: read from the single-call exchange.
    Map<String, List<LlmCall>> open = new LinkedHashMap<>();
    TypeSerializer<LlmCall> sender = serializer(LlmCall.class);
    TypeSerializer<LlmCall> receiver = serializer(LlmCall.class);
    for (LlmCall c : calls) {
      out.clear();
      sender.serialize(c, out);
      in.setBuffer(out.getSharedBuffer(), 0, out.length());
      LlmCall copy = receiver.deserialize(in);
      copy.ids = null;
      List<LlmCall> batch = open.computeIfAbsent(c.application, a -> new ArrayList<>());
      batch.add(copy);
      if (batch.size() == BATCH) {
        batches.add(new AppCallBatch(c.application, batch));
        open.remove(c.application);
      }
    }
  }

  /** Each call through the single-call exchange: one serializer writes, another reads. */
  public Workload callExchange() {
    TypeSerializer<LlmCall> sender = serializer(LlmCall.class);
    TypeSerializer<LlmCall> receiver = serializer(LlmCall.class);
    return () -> {
      for (LlmCall c : calls) {
        out.clear();
        sender.serialize(c, out);
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        sink(receiver.deserialize(in));
      }
      return calls.size();
    };
  }

  /** The batches through a guard exchange: one serializer writes, another reads. */
  public Workload batchExchange() {
    TypeSerializer<AppCallBatch> sender = serializer(AppCallBatch.class);
    TypeSerializer<AppCallBatch> receiver = serializer(AppCallBatch.class);
    return () -> {
      int n = 0;
      for (AppCallBatch b : batches) {
        out.clear();
        sender.serialize(b, out);
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        n += receiver.deserialize(in).calls.size();
      }
      return n;
    };
  }

  private long checksum;

  private void sink(LlmCall c) {
    checksum += c.inputTokens + c.model.length();
  }

  private static <T> TypeSerializer<T> serializer(Class<T> type) {
    return TypeInformation.of(type).createSerializer(new SerializerConfigImpl()).duplicate();
  }

  public static void main(String[] args) throws Exception {
    double warmup = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
    SpanSerializationWorkloads w = new SpanSerializationWorkloads(SpanShape.DEFAULT, 200);
    for (int round = 0; round < 2; round++) {
      report("LlmCall exchange (write + read)", w.callExchange(), warmup, seconds);
      report("AppCallBatch exchange (write + read)", w.batchExchange(), warmup, seconds);
    }
    System.out.println("(" + w.calls.size() + " calls, checksum " + w.checksum + ")");
  }

  private static void report(String name, Workload workload, double warmup, double seconds)
      throws Exception {
    double rate = CpuTimedRun.itemsPerCpuSecond(workload, warmup, seconds);
    System.out.printf(
        "%-40s %,12.0f calls per CPU second  %5.3f µs per call%n", name, rate, 1e6 / rate);
  }
}
