package dev.aigw.insight.job.price;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.model.MetricKind;
import dev.aigw.insight.job.testing.Points;
import java.util.List;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;

class PointPricerTest {

  private static final PriceTable TABLE =
      PriceTable.parse(
          String.join(
              "\n",
              "providers:",
              "  - provider: anthropic",
              "    prefix-match: [claude]",
              "    models:",
              "      - name: claude-sonnet-4",
              "        input-estimated-cost-per-m: 3",
              "        cached-input-estimated-cost-per-m: 0.3",
              "        cache-creation-input-estimated-cost-per-m: 3.75",
              "        output-estimated-cost-per-m: 15",
              ""),
          "test");

  @Test
  void pricesEachTokenTypeShareAndCountsUnpricedTokens() {
    SimpleCounter unpriced = new SimpleCounter();
    PointPricer pricer = new PointPricer(TABLE, unpriced);
    String sonnet = "claude-sonnet-4-20250514";
    List<GenAiPoint> out =
        List.of(
            tokens(sonnet, "input", 10_000),
            tokens(sonnet, "cached_input", 6_000),
            tokens(sonnet, "cache_creation_input", 3_000),
            tokens(sonnet, "output", 500),
            tokens(sonnet, "reasoning", 100),
            tokens("llama-3", "input", 40),
            tokens("llama-3", "output", 2),
            tokens("llama-3", "reasoning", 1),
            Points.delta("s", 0, 1, 1, 0, 0, 0)); // a duration: untouched
    out.forEach(pricer::price);
    {
      // 1000 x 3 + 6000 x 0.3 + 3000 x 3.75 + 500 x 15 = 23550 per million tokens
      assertThat(out.stream().mapToLong(p -> p.costPicos).sum()).isEqualTo(23_550_000_000L);
      assertThat(out.stream().mapToLong(p -> p.cacheSavingsPicos).sum())
          .isEqualTo(16_200_000_000L); // 6000 x (3 - 0.3)
      assertThat(out.stream().mapToLong(p -> p.unpricedTokens).sum()).isEqualTo(42);
      assertThat(unpriced.getCount()).isEqualTo(42);
      assertThat(out.get(8).costPicos).isZero();
    }
  }

  private static GenAiPoint tokens(String model, String type, long n) {
    GenAiPoint p = Points.delta("s", 0, 1, 1, 0, 0, 0);
    p.metric = MetricKind.TOKEN_USAGE;
    p.provider = "anthropic";
    p.model = model;
    p.tokenType = type;
    p.sum = n;
    return p;
  }
}
