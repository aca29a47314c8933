package dev.aigw.insight.bench.parse;

import dev.aigw.insight.bench.load.SpanFleet;
import dev.aigw.insight.bench.load.SpanShape;
import dev.aigw.insight.job.decode.spans.LlmSpanDecoder;
import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;

/**
 * The bare-parse ceiling of the span path, measured inside a span harness run on one thread: the
 * load's own requests through {@code ExportTraceServiceRequest.parseFrom} alone, and through the
 * parse plus the job's {@link LlmSpanDecoder} (what the receiver's threads do per request before
 * Flink sees a call).
 */
public final class SpanParseProbe {

  /**
   * LLM spans per second of this thread's CPU.
   *
   * @param parseOnly protobuf parse alone
   * @param parseAndDecode protobuf parse and the span decoder
   */
  public record Rates(double parseOnly, double parseAndDecode) {}

  private SpanParseProbe() {}

  /** Measures both rates on {@code shape}'s requests, each for {@code seconds} after a warm-up. */
  public static Rates measure(SpanShape shape, double warmupSeconds, double seconds)
      throws Exception {
    Instant now = Instant.now();
    byte[][] requests =
        new SpanFleet(shape).stamped(1, now.getEpochSecond() * 1_000_000_000L + now.getNano());
    LlmSpanDecoder decoder =
        LlmSpanDecoder.create(AnalysisConfig.builder().build(), JobClock.SYSTEM);
    Counting out = new Counting();
    loop(requests, null, out, (long) (warmupSeconds * 1e9));
    double parse = loop(requests, null, out, (long) (seconds * 1e9));
    loop(requests, decoder, out, (long) (warmupSeconds * 1e9));
    double decode = loop(requests, decoder, out, (long) (seconds * 1e9));
    if (out.rejected > 0) {
      throw new IllegalStateException("The decoder rejected " + out.rejected + " probe spans");
    }
    return new Rates(parse, decode);
  }

  private static double loop(byte[][] requests, LlmSpanDecoder decoder, Counting out, long nanos)
      throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long spans = 0;
    long start = System.nanoTime();
    long cpuStart = threads.getCurrentThreadCpuTime();
    int i = 0;
    do {
      ExportTraceServiceRequest request =
          ExportTraceServiceRequest.parseFrom(requests[i++ % requests.length]);
      if (decoder == null) {
        // count from the parsed objects, so that the parse cannot be skipped
        spans += request.getResourceSpans(0).getScopeSpans(0).getSpansCount();
      } else {
        long before = out.emitted;
        decoder.decodeTraces(request, out);
        spans += out.emitted - before;
      }
    } while (System.nanoTime() - start < nanos);
    return spans * 1e9 / (threads.getCurrentThreadCpuTime() - cpuStart);
  }

  /** Counts what the decoder emits and rejects. */
  private static final class Counting implements DecodeOutput<LlmCall> {
    long emitted;
    long rejected;
    long tokens;

    @Override
    public void emit(LlmCall call) {
      emitted++;
      tokens += call.inputTokens;
    }

    @Override
    public void reject(long count, String reason) {
      rejected += count;
    }
  }
}
