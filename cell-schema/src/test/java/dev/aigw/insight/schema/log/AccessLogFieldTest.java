package dev.aigw.insight.schema.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.schema.log.AccessLogField.OpenSearchType;
import dev.aigw.insight.schema.log.AccessLogField.TagType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessLogFieldTest {

  /**
   * The stored names are what 0.1.0 wrote: a change here breaks every existing index and stream.
   */
  @Test
  void openSearchFieldsAreThoseTheJobHasAlwaysWritten() {
    Map<String, String> types = new LinkedHashMap<>();
    for (AccessLogField f : AccessLogField.values()) {
      if (f.openSearchType() != null) {
        types.put(f.storeName(), f.openSearchType().mapping());
      }
    }
    assertThat(types)
        .containsExactly(
            Map.entry("timestamp", "date"),
            Map.entry("service", "keyword"),
            Map.entry("instance", "keyword"),
            Map.entry("provider", "keyword"),
            Map.entry("model", "keyword"),
            Map.entry("request_model", "keyword"),
            Map.entry("response_model", "keyword"),
            Map.entry("request_id", "keyword"),
            Map.entry("upstream_failure", "keyword"),
            Map.entry("keep_reason", "keyword"),
            Map.entry("status_code", "long"),
            Map.entry("input_tokens", "long"),
            Map.entry("output_tokens", "long"),
            Map.entry("reasoning_tokens", "long"),
            Map.entry("duration_ms", "long"),
            Map.entry("estimated_cost", "double"),
            Map.entry("body", "text"),
            Map.entry("attributes", "object"));
  }

  @Test
  void streamTagsAreThoseTheJobHasAlwaysWritten() {
    Map<String, TagType> tags = new LinkedHashMap<>();
    for (AccessLogField f : AccessLogField.values()) {
      if (f.tagType() != null) {
        tags.put(f.storeName(), f.tagType());
      }
    }
    assertThat(tags)
        .containsOnly(
            Map.entry("service", TagType.STRING),
            Map.entry("instance", TagType.STRING),
            Map.entry("provider", TagType.STRING),
            Map.entry("model", TagType.STRING),
            Map.entry("request_id", TagType.STRING),
            Map.entry("status_code", TagType.INTEGER),
            Map.entry("duration_ms", TagType.INTEGER),
            Map.entry("input_tokens", TagType.INTEGER),
            Map.entry("output_tokens", TagType.INTEGER),
            Map.entry("cost_picos", TagType.INTEGER),
            Map.entry("body", TagType.STRING),
            Map.entry("attributes", TagType.STRING));
  }

  @Test
  void everyFieldIsInAtLeastOneStoreAndTypesGroupInOrder() {
    assertThat(AccessLogField.values())
        .allMatch(f -> f.openSearchType() != null || f.tagType() != null);
    assertThat(AccessLogField.ofOpenSearchType(OpenSearchType.DOUBLE))
        .containsExactly(AccessLogField.ESTIMATED_COST);
    assertThat(Arrays.stream(AccessLogField.values()).map(AccessLogField::storeName).distinct())
        .hasSize(AccessLogField.values().length);
  }
}
