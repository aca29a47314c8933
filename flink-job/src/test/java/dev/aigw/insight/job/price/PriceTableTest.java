package dev.aigw.insight.job.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.job.model.TokenType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {

  private static final String TABLE =
      String.join(
          "\n",
          "last-updated: 2025-11-30",
          "providers:",
          "  - provider: openai",
          "    prefix-match: [gpt, o3]",
          "    models:",
          "      - name: gpt-4o",
          "        aliases: [chatgpt-4o-latest]",
          "        input-estimated-cost-per-m: 2.5",
          "        cached-input-estimated-cost-per-m: 1.25",
          "        output-estimated-cost-per-m: 10",
          "      - name: gpt-4o-mini",
          "        input-estimated-cost-per-m: 0.15",
          "        output-estimated-cost-per-m: 0.6",
          "  - provider: anthropic",
          "    prefix-match: [claude]",
          "    models:",
          "      - name: claude-sonnet-4",
          "        aliases: [claude-sonnet-4-5]",
          "        input-estimated-cost-per-m: 3",
          "        cached-input-estimated-cost-per-m: 0.3",
          "        cache-creation-input-estimated-cost-per-m: 3.75",
          "        output-estimated-cost-per-m: 15",
          "  - provider: mirror",
          "    prefix-match: [m-]",
          "    models:",
          "      - name: gpt-4o",
          "        input-estimated-cost-per-m: 1",
          "        output-estimated-cost-per-m: 1",
          "");

  private final PriceTable table = PriceTable.parse(TABLE, "test");

  @Test
  void longestPrefixPicksTheMostSpecificEntry() {
    assertThat(table.lookup("openai", "gpt-4o-2024-08-06").orElseThrow().name())
        .isEqualTo("gpt-4o");
    assertThat(table.lookup("openai", "gpt-4o-mini-2024-07-18").orElseThrow().name())
        .isEqualTo("gpt-4o-mini");
    assertThat(table.lookup("openai", "GPT-4O-Mini").orElseThrow().name()).isEqualTo("gpt-4o-mini");
  }

  @Test
  void aliasesMatchAndResolveToTheirModel() {
    ModelPrice p = table.lookup("anthropic", "claude-sonnet-4-5-20250929").orElseThrow();
    assertThat(p.name()).isEqualTo("claude-sonnet-4");
    assertThat(table.lookup("openai", "chatgpt-4o-latest").orElseThrow().name())
        .isEqualTo("gpt-4o");
  }

  @Test
  void providerIsSearchedFirstThenEveryProvider() {
    assertThat(table.lookup("mirror", "gpt-4o").orElseThrow().inputPerMillion())
        .isEqualByComparingTo("1");
    assertThat(table.lookup("openai", "gpt-4o").orElseThrow().inputPerMillion())
        .isEqualByComparingTo("2.5");
    // azure.openai is not in the table: the first matching entry over all providers wins
    assertThat(table.lookup("azure.openai", "gpt-4o").orElseThrow().provider()).isEqualTo("openai");
    assertThat(table.lookup(null, "claude-sonnet-4").orElseThrow().provider())
        .isEqualTo("anthropic");
  }

  @Test
  void unknownModelsAreUnpriced() {
    assertThat(table.lookup("openai", "llama-3-70b")).isEmpty();
    assertThat(table.lookup("openai", "unknown")).isEmpty();
    assertThat(table.lookup("openai", null)).isEmpty();
    assertThat(table.lookup("openai", "gpt")).isEmpty();
  }

  @Test
  void cacheAwareCostWithCacheReadsOnly() {
    ModelPrice gpt4o = table.lookup("openai", "gpt-4o").orElseThrow();
    // 1000 input of which 800 cached, 200 output:
    // 200 x 2.5 + 800 x 1.25 + 200 x 10 = 3500 per million = 0.0035
    TokenCost cost = gpt4o.cost(new TokenUsage(1000, 200, 800, 0, 0));
    assertThat(cost.costPicos()).isEqualTo(3_500_000_000L);
    assertThat(cost.cost()).isEqualTo(0.0035);
    // saved: 800 x (2.5 - 1.25) = 1000 per million
    assertThat(cost.cacheSavingsPicos()).isEqualTo(1_000_000_000L);
    assertThat(cost.cacheSavings()).isEqualTo(0.001);
  }

  @Test
  void cacheAwareCostWithReadsWritesAndReasoning() {
    ModelPrice sonnet = table.lookup("anthropic", "claude-sonnet-4-20250514").orElseThrow();
    // input 10000 = 1000 plain + 6000 cache reads + 3000 cache writes; output 500 incl. 100
    // reasoning: 1000x3 + 6000x0.3 + 3000x3.75 + 500x15 = 3000+1800+11250+7500 = 23550 per million
    TokenUsage usage = new TokenUsage(10_000, 500, 6_000, 3_000, 100);
    TokenCost cost = sonnet.cost(usage);
    assertThat(cost.costPicos()).isEqualTo(23_550_000_000L);
    assertThat(cost.cost()).isEqualTo(0.02355);
    assertThat(cost.cacheSavingsPicos()).isEqualTo(16_200_000_000L); // 6000 x 2.7
    // the per-type shares add up to the same exact total
    long byType =
        sonnet.costPicosOfType(TokenType.INPUT, 10_000)
            + sonnet.costPicosOfType(TokenType.OUTPUT, 500)
            + sonnet.costPicosOfType(TokenType.CACHED_INPUT, 6_000)
            + sonnet.costPicosOfType(TokenType.CACHE_CREATION_INPUT, 3_000)
            + sonnet.costPicosOfType(TokenType.REASONING, 100);
    assertThat(byType).isEqualTo(23_550_000_000L);
  }

  @Test
  void missingCachePricesDefaultToTheInputPrice() {
    ModelPrice mini = table.lookup("openai", "gpt-4o-mini").orElseThrow();
    assertThat(mini.cachedInputPerMillion()).isEqualByComparingTo("0.15");
    assertThat(mini.cacheCreationInputPerMillion()).isEqualByComparingTo("0.15");
    TokenCost cost = mini.cost(new TokenUsage(1_000_000, 1_000_000, 400_000, 100_000, 0));
    assertThat(cost.costPicos()).isEqualTo(750_000_000_000L); // 0.15 + 0.6
    assertThat(cost.cacheSavingsPicos()).isZero();
  }

  @Test
  void providerOfUsesPrefixMatch() {
    assertThat(table.providerOf("claude-3-haiku")).contains("anthropic");
    assertThat(table.providerOf("o3-mini")).contains("openai");
    assertThat(table.providerOf("llama")).isEmpty();
  }

  @Test
  void defaultTableLoadsAndPricesMajorModels() {
    PriceTable def = PriceTable.loadDefault();
    assertThat(def.lastUpdated()).isNotNull();
    ModelPrice p = def.lookup("openai", "gpt-4o-2024-08-06").orElseThrow();
    assertThat(p.inputPerMillion()).isEqualByComparingTo("2.5");
    assertThat(p.outputPerMillion()).isEqualByComparingTo("10");
    assertThat(def.lookup("anthropic", "claude-3-5-haiku-20241022").orElseThrow().name())
        .isEqualTo("claude-3-5-haiku");
    assertThat(def.lookup("aws.bedrock", "us.anthropic.claude-sonnet-4-20250514-v1:0"))
        .map(ModelPrice::name)
        .contains("anthropic.claude-sonnet-4");
    assertThat(def.lookup("gcp.gemini", "gemini-2.5-flash-lite").orElseThrow().name())
        .isEqualTo("gemini-2.5-flash-lite");
    assertThat(def.lookup("deepseek", "deepseek-chat")).isPresent();
    assertThat(def.lookup("mistral_ai", "mistral-large-latest")).isPresent();
  }

  @Test
  void userFileReplacesTheDefault(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("prices.yml");
    Files.writeString(file, TABLE);
    PriceTable user = PriceTable.load(file);
    assertThat(user.source()).isEqualTo(file.toString());
    assertThat(user.lookup("openai", "gpt-5")).isEmpty();
    assertThat(user.size()).isEqualTo(6);
  }

  @Test
  void rejectsNegativePrice() {
    assertThatThrownBy(() -> PriceTable.parse(model("input-estimated-cost-per-m: -1"), "f.yml"))
        .isInstanceOf(PriceTableException.class)
        .hasMessageContaining("f.yml providers[0].models[0] (m)")
        .hasMessageContaining("'input-estimated-cost-per-m' must not be negative, got -1");
  }

  @Test
  void rejectsMissingInputPrice() {
    assertThatThrownBy(() -> PriceTable.parse(model(""), "f.yml"))
        .isInstanceOf(PriceTableException.class)
        .hasMessageContaining("'input-estimated-cost-per-m' is required");
  }

  @Test
  void rejectsNonNumericPrice() {
    assertThatThrownBy(() -> PriceTable.parse(model("input-estimated-cost-per-m: cheap"), "f"))
        .isInstanceOf(PriceTableException.class)
        .hasMessageContaining("'input-estimated-cost-per-m' must be a number, got 'cheap'");
  }

  @Test
  void rejectsTooManyDecimals() {
    assertThatThrownBy(
            () -> PriceTable.parse(model("input-estimated-cost-per-m: 0.0000001"), "f.yml"))
        .isInstanceOf(PriceTableException.class)
        .hasMessageContaining("more than 6 decimal places");
  }

  @Test
  void rejectsMissingProvidersList() {
    assertThatThrownBy(() -> PriceTable.parse("last-updated: x\n", "f.yml"))
        .isInstanceOf(PriceTableException.class)
        .hasMessageContaining("'providers' must be a list");
  }

  @Test
  void rejectsProviderWithoutName() {
    assertThatThrownBy(() -> PriceTable.parse("providers:\n  - prefix-match: [a]\n", "f.yml"))
        .isInstanceOf(PriceTableException.class)
        .hasMessageContaining("f.yml providers[0]: 'provider' must be a non-empty string");
  }

  @Test
  void pricesAreExactDecimals() {
    ModelPrice p =
        PriceTable.parse(model("input-estimated-cost-per-m: 0.000001"), "f")
            .lookup("p", "m")
            .orElseThrow();
    assertThat(p.inputPerMillion()).isEqualByComparingTo(new BigDecimal("0.000001"));
    assertThat(p.cost(TokenUsage.of(3, 0)).costPicos()).isEqualTo(3);
  }

  private static String model(String inputLine) {
    return String.join(
        "\n",
        "providers:",
        "  - provider: p",
        "    prefix-match: [m]",
        "    models:",
        "      - name: m",
        "        " + inputLine,
        "        output-estimated-cost-per-m: 1",
        "");
  }
}
