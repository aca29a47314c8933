package dev.aigw.insight.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.decode.spans.LlmSpanDecoder;
import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.serialization.SpanKey;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The span load: what the job's decoder reads from it is what its totals say. */
class SpanFleetTest {

  @Test
  void everySendIsDecodedIntoDistinctCallsMatchingItsTotals() throws Exception {
    SpanShape shape = new SpanShape(2, 3, 4, 20);
    SpanFleet fleet = new SpanFleet(shape);
    LlmSpanDecoder decoder =
        LlmSpanDecoder.create(AnalysisConfig.builder().build(), JobClock.SYSTEM);
    List<LlmCall> calls = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    DecodeOutput<LlmCall> out =
        new DecodeOutput<>() {
          @Override
          public void emit(LlmCall call) {
            calls.add(call);
          }

          @Override
          public void reject(long count, String reason) {
            rejected.add(reason);
          }
        };
    RequestTotals totals = RequestTotals.ZERO;
    long now = nowNanos();
    // two rounds over every template: the second round must not repeat an id of the first
    int sends = 2 * shape.applications() * shape.requestsPerApplication();
    for (int i = 0; i < sends; i++) {
      Fleet.Stamped stamped = fleet.next(now);
      decoder.decodeTraces(ExportTraceServiceRequest.parseFrom(stamped.bytes()), out);
      totals = totals.plus(stamped.totals());
    }

    assertThat(rejected).isEmpty();
    assertThat(calls).hasSize(sends * 20);
    assertThat(totals.records()).isEqualTo(calls.size());
    assertThat(calls.stream().filter(c -> c.error).count()).isEqualTo(totals.errors()).isPositive();
    assertThat(calls.stream().mapToLong(c -> c.inputTokens).sum()).isEqualTo(totals.inputTokens());
    assertThat(calls.stream().mapToLong(c -> c.outputTokens).sum())
        .isEqualTo(totals.outputTokens());
    Set<SpanKey> ids = new HashSet<>();
    Set<String> series = new HashSet<>();
    for (LlmCall call : calls) {
      ids.add(call.dedupKey());
      series.add(call.application + "|" + call.provider + "|" + call.model);
      assertThat(call.endNanos).isLessThanOrEqualTo(now);
      assertThat(call.endNanos - call.startNanos).isBetween(200_000_000L, 5_000_000_000L);
    }
    assertThat(ids).hasSize(calls.size());
    assertThat(series).hasSize((int) shape.series());
    assertThat(calls.stream().filter(c -> c.stream && c.ttftNanos > 0).count()).isPositive();
    assertThat(calls.stream().filter(c -> c.cacheReadTokens > 0).count()).isPositive();
  }

  private static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
