package dev.aigw.insight.job.price;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.model.AccessLogRecord;
import org.junit.jupiter.api.Test;

class AccessLogPricerTest {

  private static final PriceTable PRICES =
      PriceTable.parse(
          "providers:\n"
              + "  - provider: openai\n"
              + "    prefix-match: [gpt]\n"
              + "    models:\n"
              + "      - name: gpt-4o-mini\n"
              + "        input-estimated-cost-per-m: 0.15\n"
              + "        output-estimated-cost-per-m: 0.6\n",
          "test table");

  @Test
  void pricesInputAndOutputTokensByLongestPrefix() {
    AccessLogRecord r = record("gpt-4o-mini-2024-07-18", 8_000L, 4_000L);
    // 8000 x 0.15 / 1e6 + 4000 x 0.6 / 1e6 = 0.0012 + 0.0024
    assertThat(AccessLogPricer.estimate(PRICES, r)).contains(0.0036);
  }

  @Test
  void missingOutputCountsAsNone() {
    assertThat(AccessLogPricer.estimate(PRICES, record("gpt-4o-mini", 1_000_000L, null)))
        .contains(0.15);
  }

  @Test
  void noTokensOrUnknownModelIsUnpriced() {
    assertThat(AccessLogPricer.estimate(PRICES, record("gpt-4o-mini", null, null))).isEmpty();
    assertThat(AccessLogPricer.estimate(PRICES, record("no-such-model", 15L, 7L))).isEmpty();
    assertThat(AccessLogPricer.estimate(PRICES, record(null, 15L, 7L))).isEmpty();
  }

  private static AccessLogRecord record(String model, Long in, Long out) {
    AccessLogRecord r = new AccessLogRecord();
    r.provider = "default/openai/route/aigw-run/rule/0/ref/0";
    r.model = model;
    r.inputTokens = in;
    r.outputTokens = out;
    return r;
  }
}
