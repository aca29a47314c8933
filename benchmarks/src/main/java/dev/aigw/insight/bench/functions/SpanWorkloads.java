package dev.aigw.insight.bench.functions;

import dev.aigw.insight.bench.load.SpanFleet;
import dev.aigw.insight.bench.load.SpanShape;
import dev.aigw.insight.job.decode.spans.LlmSpanDecoder;
import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Instant;

/**
 * The span decode without Flink's runtime and without gRPC, on the span harness's requests (100 LLM
 * spans each): the bare parse (the ceiling), the object path (parse, then {@link
 * LlmSpanDecoder#decodeTraces}) and the wire-format path the receiver calls ({@link
 * LlmSpanDecoder#decodeSerializedTraces}), in LLM spans per CPU second of the benchmark thread.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.aigw.insight.bench.functions.SpanWorkloads 5 10
 * </pre>
 */
public final class SpanWorkloads {

  private final byte[][] requests;
  private final LlmSpanDecoder decoder;
  private final Counting out = new Counting();
  private int next;

  public SpanWorkloads(SpanShape shape) {
    Instant now = Instant.now();
    requests =
        new SpanFleet(shape).stamped(1, now.getEpochSecond() * 1_000_000_000L + now.getNano());
    decoder = LlmSpanDecoder.create(AnalysisConfig.builder().build(), JobClock.SYSTEM);
    decoder.open(new MetricWorkloads.UnregisteredContext());
  }

  /** Protobuf's parse alone, spans counted from the objects so that it cannot be skipped. */
  public Workload bareParse() {
    return () ->
        ExportTraceServiceRequest.parseFrom(nextRequest())
            .getResourceSpans(0)
            .getScopeSpans(0)
            .getSpansCount();
  }

  /** Parse, then the decoder on the objects (the receiver's path before the wire reading). */
  public Workload objectDecode() {
    return () -> {
      long before = out.emitted;
      decoder.decodeTraces(ExportTraceServiceRequest.parseFrom(nextRequest()), out);
      return (int) (out.emitted - before);
    };
  }

  /** The decoder on the bytes (the receiver's path). */
  public Workload wireDecode() {
    return () -> {
      long before = out.emitted;
      decoder.decodeSerializedTraces(nextRequest(), out);
      return (int) (out.emitted - before);
    };
  }

  private byte[] nextRequest() {
    byte[] request = requests[next];
    next = (next + 1) % requests.length;
    return request;
  }

  public static void main(String[] args) throws Exception {
    double warmup = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
    SpanWorkloads spans = new SpanWorkloads(SpanShape.DEFAULT);
    double parse = CpuTimedRun.itemsPerCpuSecond(spans.bareParse(), warmup, seconds);
    System.out.printf("%-40s %,12.0f LLM spans per CPU second%n", "bare parse (ceiling)", parse);
    for (int round = 0; round < 2; round++) {
      double objects = CpuTimedRun.itemsPerCpuSecond(spans.objectDecode(), warmup, seconds);
      double wire = CpuTimedRun.itemsPerCpuSecond(spans.wireDecode(), warmup, seconds);
      System.out.printf(
          "%-40s %,12.0f LLM spans per CPU second  %5.2f µs per span%n",
          "parse + decode (objects)", objects, 1e6 / objects);
      System.out.printf(
          "%-40s %,12.0f LLM spans per CPU second  %5.2f µs per span%n",
          "decode from the wire format", wire, 1e6 / wire);
    }
    if (spans.out.rejected > 0) {
      throw new IllegalStateException("The decoder rejected " + spans.out.rejected + " spans");
    }
  }

  /** Counts what the decoder emits and rejects. */
  private static final class Counting implements DecodeOutput<LlmCall> {
    long emitted;
    long rejected;

    @Override
    public void emit(LlmCall call) {
      emitted++;
    }

    @Override
    public void reject(long count, String reason) {
      rejected += count;
    }
  }
}
