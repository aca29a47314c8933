package dev.aigw.insight.sink.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Dead letters: bounded so they fit the record limit, ids stable and short enough. */
class DeadLettersTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long NOW = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  private static BulkResult.ItemFailure refused(String id, String source) {
    return new BulkResult.ItemFailure(
        new BulkOperation("cells-2026.01.01", id, source), 400, "mapper_parsing_exception", "bad");
  }

  @Test
  void aLetterNamesTheDocumentAndKeepsTheStartOfItsSource() throws Exception {
    String source = "{\"note\":\"" + "x".repeat(5000) + "\"}";
    BulkOperation letter =
        new DeadLetters("letters", 1 << 20).letterFor(refused("doc-1", source), NOW);

    assertThat(letter.index()).isEqualTo("letters-2026.01.01");
    assertThat(letter.id()).isEqualTo("cells-2026.01.01/doc-1");
    JsonNode doc = JSON.readTree(letter.source());
    assertThat(doc.path("timestamp").asLong()).isEqualTo(NOW);
    assertThat(doc.path("index").asText()).isEqualTo("cells-2026.01.01");
    assertThat(doc.path("documentId").asText()).isEqualTo("doc-1");
    assertThat(doc.path("status").asInt()).isEqualTo(400);
    assertThat(doc.path("errorType").asText()).isEqualTo("mapper_parsing_exception");
    assertThat(doc.path("reason").asText()).isEqualTo("bad");
    assertThat(doc.path("sizeBytes").asLong())
        .isEqualTo(new BulkOperation("cells-2026.01.01", "doc-1", source).sizeInBytes());
    assertThat(doc.path("sourceExcerpt").asText())
        .isEqualTo(source.substring(0, 4096) + "...[" + (source.length() - 4096) + " more chars]");
  }

  @Test
  void aLetterShrinksItsExcerptToFitASmallRecordLimit() throws Exception {
    String source = "{\"note\":\"" + "x".repeat(5000) + "\"}";
    BulkOperation letter =
        new DeadLetters("letters", 1000).letterFor(refused("doc-1", source), NOW);

    assertThat(letter.sizeInBytes()).isLessThanOrEqualTo(1000);
    String excerpt = JSON.readTree(letter.source()).path("sourceExcerpt").asText();
    // 4096 halved until the letter fits: 512 characters
    assertThat(excerpt).startsWith(source.substring(0, 512) + "...[");
  }

  @Test
  void noLetterWhenNotEvenAnEmptyExcerptFits() {
    assertThat(new DeadLetters("letters", 100).letterFor(refused("doc-1", "{}"), NOW)).isNull();
  }

  @Test
  void aLongIdIsHashedAndStable() {
    String id = "k".repeat(600);
    String letterId = DeadLetters.letterId(new BulkOperation("cells-2026.01.01", id, "{}"));

    assertThat(letterId).startsWith("sha256:").hasSize("sha256:".length() + 64);
    assertThat(DeadLetters.letterId(new BulkOperation("cells-2026.01.01", id, "{\"a\":1}")))
        .isEqualTo(letterId);
  }

  @Test
  void recognizesItsOwnLetters() {
    DeadLetters letters = new DeadLetters("letters", 1 << 20);

    assertThat(letters.isDeadLetter(new BulkOperation("letters-2026.01.01", "x", "{}"))).isTrue();
    assertThat(letters.isDeadLetter(new BulkOperation("lettersx-2026.01.01", "x", "{}"))).isFalse();
  }
}
