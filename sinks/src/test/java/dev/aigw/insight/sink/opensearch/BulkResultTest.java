package dev.aigw.insight.sink.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BulkResultTest {

  private final List<BulkOperation> batch =
      List.of(
          new BulkOperation("logs-2026.01.01", "a", "{}"),
          new BulkOperation("logs-2026.01.01", "b", "{}"),
          new BulkOperation("logs-2026.01.01", "c", "{}"),
          new BulkOperation("logs-2026.01.01", "d", "{}"));

  @Test
  void noErrorsMeansEverythingIndexed() {
    BulkResult result =
        BulkResult.parse(
            "{\"took\":3,\"errors\":false,\"items\":["
                + "{\"index\":{\"status\":201}},{\"index\":{\"status\":200}},"
                + "{\"index\":{\"status\":201}},{\"index\":{\"status\":201}}]}",
            batch);
    assertThat(result.indexed).hasSize(4);
    assertThat(result.retryable).isEmpty();
    assertThat(result.permanent).isEmpty();
  }

  @Test
  void sortsItemsIntoIndexedRetryableAndPermanent() {
    BulkResult result =
        BulkResult.parse(
            "{\"errors\":true,\"items\":["
                + "{\"index\":{\"status\":201}},"
                + "{\"index\":{\"status\":429,\"error\":{\"type\":\"es_rejected_execution_exception\","
                + "\"reason\":\"queue full\"}}},"
                + "{\"index\":{\"status\":400,\"error\":{\"type\":\"mapper_parsing_exception\","
                + "\"reason\":\"failed to parse field [status] of type [long]\","
                + "\"caused_by\":{\"type\":\"illegal_argument_exception\",\"reason\":\"For input"
                + " string: x\"}}}},"
                + "{\"index\":{\"status\":503,\"error\":{\"type\":\"unavailable_shards_exception\","
                + "\"reason\":\"primary shard is not active\"}}}]}",
            batch);
    assertThat(result.indexed).hasSize(1);
    assertThat(result.retryable).extracting(f -> f.operation.id()).containsExactly("b", "d");
    assertThat(result.permanent).hasSize(1);
    assertThat(result.permanent.get(0).toString())
        .isEqualTo(
            "index [logs-2026.01.01] id [c]: HTTP 400 mapper_parsing_exception: failed to parse"
                + " field [status] of type [long] (caused by illegal_argument_exception: For input"
                + " string: x)");
  }

  @Test
  void rejectsAnswerWithWrongItemCount() {
    assertThatThrownBy(
            () -> BulkResult.parse("{\"errors\":false,\"items\":[{\"index\":{}}]}", batch))
        .isInstanceOf(OpenSearchSinkException.class)
        .hasMessageContaining("one item per document (4 sent)");
  }

  @Test
  void rejectsNonJsonAnswer() {
    assertThatThrownBy(() -> BulkResult.parse("<html>proxy error</html>", batch))
        .isInstanceOf(OpenSearchSinkException.class)
        .hasMessageContaining("not JSON")
        .hasMessageContaining("<html>proxy error</html>");
  }
}
