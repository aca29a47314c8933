package dev.aigw.insight.job.decode.spans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.price.PriceTable;
import org.junit.jupiter.api.Test;

/** The remembered price lookups answer as the table does, and stay bounded. */
class PriceMemoTest {

  private final PriceTable table = PriceTable.loadDefault();
  private final PriceMemo memo = new PriceMemo(table);

  @Test
  void answersAsTheTableDoesTheFirstAndEveryLaterTime() {
    String[][] pairs = {
      {"openai", "gpt-4o"},
      {"openai", "gpt-4o-2024-08-06"},
      {"anthropic", "claude-sonnet-4-5"},
      {"mistral_ai", "gpt-4o-mini-0.1"},
      {"unknown", "no-such-model"},
      {null, "gpt-4o"},
      {"openai", ""}
    };
    for (int round = 0; round < 2; round++) {
      for (String[] pair : pairs) {
        assertThat(memo.lookup(pair[0], pair[1])).isEqualTo(table.lookup(pair[0], pair[1]));
      }
    }
    assertThat(memo.size()).isEqualTo(pairs.length);
  }

  @Test
  void keepsNoMoreThanItsBoundAndStillAnswers() {
    for (int i = 0; i < PriceMemo.MAX_ENTRIES + 50; i++) {
      memo.lookup("openai", "gpt-4o-" + i);
    }
    assertThat(memo.size()).isEqualTo(PriceMemo.MAX_ENTRIES);
    assertThat(memo.lookup("openai", "gpt-4o-x")).isEqualTo(table.lookup("openai", "gpt-4o-x"));
    assertThat(memo.size()).isEqualTo(PriceMemo.MAX_ENTRIES);
  }
}
