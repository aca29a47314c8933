package dev.aigw.insight.bench.dashboard;

import java.util.List;

/**
 * The fields the web page asks for (dashboard/src/main/resources/web/js/metrics.js and api.js), so
 * that the benchmark's API calls are the page's.
 */
final class PageFields {

  private PageFields() {}

  static final List<String> SERVICES =
      List.of("requests", "errors", "latency_avg_ms", "latency_p99_ms");

  static final List<String> OVERVIEW =
      List.of(
          "requests",
          "errors",
          "latency_avg_ms",
          "latency_p50_ms",
          "latency_p75_ms",
          "latency_p90_ms",
          "latency_p95_ms",
          "latency_p99_ms",
          "ttft_count",
          "ttft_avg_ms",
          "ttft_p50_ms",
          "ttft_p75_ms",
          "ttft_p90_ms",
          "ttft_p95_ms",
          "ttft_p99_ms",
          "tpot_count",
          "tpot_avg_ms",
          "tpot_p50_ms",
          "tpot_p75_ms",
          "tpot_p90_ms",
          "tpot_p95_ms",
          "tpot_p99_ms",
          "input_tokens",
          "output_tokens",
          "cached_input_tokens",
          "cost_picos",
          "cache_savings_picos",
          "unpriced_tokens");

  static final List<String> BREAKDOWN =
      List.of(
          "requests",
          "errors",
          "latency_avg_ms",
          "latency_p95_ms",
          "ttft_count",
          "ttft_avg_ms",
          "tpot_count",
          "tpot_avg_ms",
          "input_tokens",
          "output_tokens",
          "cost_picos");
}
