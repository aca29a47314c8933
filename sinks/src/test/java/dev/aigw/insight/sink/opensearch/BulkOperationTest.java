package dev.aigw.insight.sink.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;
import org.junit.jupiter.api.Test;

class BulkOperationTest {

  @Test
  void actionLineEscapesIdAndSourceLosesRawLineBreaks() {
    BulkOperation operation =
        BulkOperation.of(
            new OpenSearchDocument(
                "logs-2026.01.01", "id\"with\\quote", "{\n \"a\": \"x\\ny\"\n}"));
    assertThat(operation.actionLine())
        .isEqualTo("{\"index\":{\"_index\":\"logs-2026.01.01\",\"_id\":\"id\\\"with\\\\quote\"}}");
    assertThat(operation.source()).isEqualTo("{  \"a\": \"x\\ny\" }");
    assertThat(operation.sizeInBytes())
        .isEqualTo(
            operation.actionLine().getBytes(StandardCharsets.UTF_8).length
                + operation.source().getBytes(StandardCharsets.UTF_8).length
                + 2);
  }

  @Test
  void stateSerializerRoundTripsLargeAndNonAsciiDocuments() throws Exception {
    String big = "{\"body\":\"" + "é".repeat(70_000) + "\"}";
    List<BulkOperation> operations =
        List.of(
            new BulkOperation("logs-2026.01.01", "a", "{\"x\":1}"),
            new BulkOperation("logs-2026.01.02", "b", big));
    Deque<RequestEntryWrapper<BulkOperation>> entries = new ArrayDeque<>();
    for (BulkOperation operation : operations) {
      entries.add(new RequestEntryWrapper<>(operation, operation.sizeInBytes()));
    }
    BulkOperationStateSerializer serializer = new BulkOperationStateSerializer();

    BufferedRequestState<BulkOperation> restored =
        serializer.deserialize(
            serializer.getVersion(), serializer.serialize(new BufferedRequestState<>(entries)));

    assertThat(restored.getBufferedRequestEntries())
        .extracting(w -> w.getRequestEntry().index(), w -> w.getRequestEntry().id())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("logs-2026.01.01", "a"),
            org.assertj.core.groups.Tuple.tuple("logs-2026.01.02", "b"));
    assertThat(restored.getBufferedRequestEntries().get(1).getRequestEntry().source())
        .isEqualTo(big);
  }
}
