package dev.aigw.insight.sink.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.sink.badrecord.BadRecordMode;
import java.util.List;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;
import org.junit.jupiter.api.Test;

/**
 * Buffered documents restored from a checkpoint taken under a larger record limit: the base class
 * would refuse them on every restore (a crash loop), so the writer replaces or leaves them out.
 */
class RestoredEntriesTest {

  private static final BulkOperation SMALL = new BulkOperation("cells-2026.01.01", "a", "{}");
  private static final BulkOperation LARGE =
      new BulkOperation("cells-2026.01.01", "b", "{\"n\":\"" + "x".repeat(3000) + "\"}");

  private static List<BufferedRequestState<BulkOperation>> checkpointed() {
    return List.of(
        new BufferedRequestState<>(
            List.of(
                new RequestEntryWrapper<>(SMALL, SMALL.sizeInBytes()),
                new RequestEntryWrapper<>(LARGE, LARGE.sizeInBytes()))));
  }

  private static OpenSearchSinkWriter.RestoredEntries admit(BadRecordMode mode) {
    OpenSearchSinkConfig config =
        OpenSearchSink.builder()
            .setMaxDocumentBytes(2048)
            .setBadRecordMode(mode)
            .setDeadLetterIndexPrefix("letters")
            .buildConfig();
    return OpenSearchSinkWriter.RestoredEntries.admit(
        checkpointed(), config, new DeadLetters("letters", 2048));
  }

  private static List<BulkOperation> entries(OpenSearchSinkWriter.RestoredEntries restored) {
    return restored.states.stream()
        .flatMap(s -> s.getBufferedRequestEntries().stream())
        .map(RequestEntryWrapper::getRequestEntry)
        .toList();
  }

  @Test
  void deadLetterModeReplacesADocumentOverTheLimitByItsLetter() {
    OpenSearchSinkWriter.RestoredEntries restored = admit(BadRecordMode.DEAD_LETTER);

    List<BulkOperation> entries = entries(restored);
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0)).isSameAs(SMALL);
    assertThat(entries.get(1).id()).isEqualTo("cells-2026.01.01/b");
    assertThat(entries.get(1).index()).startsWith("letters-");
    assertThat(entries.get(1).sizeInBytes()).isLessThanOrEqualTo(2048);
    assertThat(restored.refused).extracting(f -> f.operation).containsExactly(LARGE);
    assertThat(restored.unlettered).isZero();
  }

  @Test
  void dropModeLeavesItOut() {
    OpenSearchSinkWriter.RestoredEntries restored = admit(BadRecordMode.DROP);

    assertThat(entries(restored)).containsExactly(SMALL);
    assertThat(restored.refused).extracting(f -> f.operation).containsExactly(LARGE);
  }

  @Test
  void failModeKeepsItSoTheRestoreFailsAsBefore() {
    OpenSearchSinkWriter.RestoredEntries restored = admit(BadRecordMode.FAIL);

    assertThat(entries(restored)).containsExactly(SMALL, LARGE);
    assertThat(restored.refused).isEmpty();
  }
}
