package dev.aigw.insight.dashboard.read;

import java.util.List;
import java.util.Map;

/**
 * One page of kept access logs: the total that matched and the records of this page, each as its
 * stored fields (names from the access-log vocabulary, values as stored).
 */
public record LogPage(long total, int page, int size, List<Map<String, Object>> records) {

  public LogPage {
    records = List.copyOf(records);
  }
}
