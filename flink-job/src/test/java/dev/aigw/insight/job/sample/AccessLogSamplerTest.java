package dev.aigw.insight.job.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.model.AccessLogKey;
import dev.aigw.insight.job.model.AccessLogRecord;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessLogSamplerTest {

  private final AccessLogSampler policy = new AccessLogSampler(10_000, null, 0.0);

  @Test
  void dropsOnlyASuccessfulSmallRequestWithAllFieldsPresent() {
    assertThat(policy.decide(record(200L, 15L, 7L, null))).isEqualTo(SampleDecision.DROP_NORMAL);
    assertThat(policy.decide(record(399L, 9_000L, 999L, null)))
        .isEqualTo(SampleDecision.DROP_NORMAL);
    assertThat(policy.decide(record(0L, 1L, 1L, null))).isEqualTo(SampleDecision.DROP_NORMAL);
  }

  @Test
  void keepsMissingStatus() {
    assertThat(policy.decide(record(null, 15L, 7L, null)))
        .isEqualTo(SampleDecision.KEEP_MISSING_STATUS);
  }

  @Test
  void keepsStatusFrom400() {
    assertThat(policy.decide(record(400L, 15L, 7L, null)))
        .isEqualTo(SampleDecision.KEEP_ERROR_STATUS);
    // the seed's request to a model that does not exist: 404 without token counts
    assertThat(policy.decide(record(404L, null, null, null)))
        .isEqualTo(SampleDecision.KEEP_ERROR_STATUS);
    assertThat(policy.decide(record(503L, 15L, 7L, "connection refused")))
        .isEqualTo(SampleDecision.KEEP_ERROR_STATUS);
  }

  @Test
  void keepsUpstreamFailureEvenWithSuccessStatus() {
    assertThat(policy.decide(record(200L, 15L, 7L, "delayed connect error: 111")))
        .isEqualTo(SampleDecision.KEEP_UPSTREAM_FAILURE);
    // "-" and empty mean no failure
    assertThat(policy.decide(record(200L, 15L, 7L, "-"))).isEqualTo(SampleDecision.DROP_NORMAL);
    assertThat(policy.decide(record(200L, 15L, 7L, ""))).isEqualTo(SampleDecision.DROP_NORMAL);
  }

  @Test
  void keepsMissingInputOrOutputTokens() {
    assertThat(policy.decide(record(200L, null, 7L, null)))
        .isEqualTo(SampleDecision.KEEP_MISSING_TOKENS);
    assertThat(policy.decide(record(200L, 15L, null, null)))
        .isEqualTo(SampleDecision.KEEP_MISSING_TOKENS);
  }

  @Test
  void keepsFromTheTokenThreshold() {
    assertThat(policy.decide(record(200L, 8_000L, 1_999L, null)))
        .isEqualTo(SampleDecision.DROP_NORMAL);
    assertThat(policy.decide(record(200L, 8_000L, 2_000L, null)))
        .isEqualTo(SampleDecision.KEEP_TOKEN_THRESHOLD);
    assertThat(policy.decide(record(200L, 8_000L, 4_000L, null)))
        .isEqualTo(SampleDecision.KEEP_TOKEN_THRESHOLD);
    AccessLogSampler lowThreshold = new AccessLogSampler(20, null, 0.0);
    assertThat(lowThreshold.decide(record(200L, 15L, 5L, null)))
        .isEqualTo(SampleDecision.KEEP_TOKEN_THRESHOLD);
    assertThat(lowThreshold.decide(record(200L, 15L, 4L, null)))
        .isEqualTo(SampleDecision.DROP_NORMAL);
  }

  @Test
  void slowOptionKeepsOnlyRequestsAboveTheDuration() {
    AccessLogSampler slow = new AccessLogSampler(10_000, Duration.ofSeconds(2), 0.0);
    AccessLogRecord fast = record(200L, 15L, 7L, null);
    fast.durationMs = 2_000L;
    AccessLogRecord slower = record(200L, 15L, 7L, null);
    slower.durationMs = 2_001L;
    AccessLogRecord unknownDuration = record(200L, 15L, 7L, null);
    assertThat(slow.decide(fast)).isEqualTo(SampleDecision.DROP_NORMAL);
    assertThat(slow.decide(slower)).isEqualTo(SampleDecision.KEEP_SLOW);
    assertThat(slow.decide(unknownDuration)).isEqualTo(SampleDecision.DROP_NORMAL);
    // without the option the slow request is dropped
    assertThat(policy.decide(slower)).isEqualTo(SampleDecision.DROP_NORMAL);
  }

  @Test
  void fractionOptionKeepsTheRecordsWhoseKeyHashesBelowIt() {
    AccessLogSampler quarter = new AccessLogSampler(10_000, null, 0.25);
    int kept = 0;
    int expected = 0;
    for (int i = 0; i < 4_000; i++) {
      AccessLogRecord r = record(200L, 15L, 7L, null);
      r.requestId = "req-" + i;
      boolean below = AccessLogKey.unitInterval("req-" + i) < 0.25;
      expected += below ? 1 : 0;
      SampleDecision decision = quarter.decide(r);
      assertThat(decision)
          .isEqualTo(below ? SampleDecision.KEEP_FRACTION : SampleDecision.DROP_NORMAL);
      kept += decision.keep() ? 1 : 0;
      // the same record decides the same way again (a replay)
      assertThat(quarter.decide(r)).isEqualTo(decision);
    }
    assertThat(kept).isEqualTo(expected);
    // the hash is uniform enough that a quarter is a quarter (binomial sd ~27)
    assertThat(kept).isBetween(900, 1_100);
    assertThat(new AccessLogSampler(10_000, null, 1.0).decide(record(200L, 1L, 1L, null)))
        .isEqualTo(SampleDecision.KEEP_FRACTION);
  }

  @Test
  void everyRecordOfAMixedBatchIsCountedUnderExactlyOneDecision() {
    AccessLogSampler sampler = new AccessLogSampler(10_000, Duration.ofSeconds(5), 0.0);
    Map<SampleDecision, Integer> counts = new EnumMap<>(SampleDecision.class);
    int[][] shapes = {
      // status, in, out, upstream failure (1 = yes), duration ms; -1 = missing
      {200, 15, 7, 0, 100}, // drop
      {200, 300, 41, 0, 900}, // drop
      {404, -1, -1, 0, 20}, // error status
      {503, 15, 7, 1, 20}, // error status (first reason)
      {200, 15, 7, 1, 20}, // upstream failure
      {-1, 15, 7, 0, 20}, // missing status
      {200, -1, 7, 0, 20}, // missing tokens
      {200, 8000, 4000, 0, 20}, // threshold
      {200, 15, 7, 0, 6000}, // slow
      {201, 5, 3, 0, 5000}, // drop (not slower than 5 s)
    };
    for (int[] s : shapes) {
      AccessLogRecord r =
          record(
              s[0] < 0 ? null : (long) s[0],
              s[1] < 0 ? null : (long) s[1],
              s[2] < 0 ? null : (long) s[2],
              s[3] == 1 ? "reset" : "-");
      r.durationMs = (long) s[4];
      counts.merge(sampler.decide(r), 1, Integer::sum);
    }
    Map<SampleDecision, Integer> expected = new EnumMap<>(SampleDecision.class);
    expected.put(SampleDecision.DROP_NORMAL, 3);
    expected.put(SampleDecision.KEEP_ERROR_STATUS, 2);
    expected.put(SampleDecision.KEEP_UPSTREAM_FAILURE, 1);
    expected.put(SampleDecision.KEEP_MISSING_STATUS, 1);
    expected.put(SampleDecision.KEEP_MISSING_TOKENS, 1);
    expected.put(SampleDecision.KEEP_TOKEN_THRESHOLD, 1);
    expected.put(SampleDecision.KEEP_SLOW, 1);
    assertThat(counts).isEqualTo(expected);
  }

  static AccessLogRecord record(Long status, Long in, Long out, String upstreamFailure) {
    AccessLogRecord r = new AccessLogRecord();
    r.timestampMs = 1_767_261_600_000L;
    r.service = "gw";
    r.statusCode = status;
    r.inputTokens = in;
    r.outputTokens = out;
    r.attributes = new HashMap<>();
    if (upstreamFailure != null) {
      r.attributes.put("upstream_transport_failure_reason", upstreamFailure);
    }
    return r;
  }
}
