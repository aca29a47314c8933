// What the page shows, defined once: the Overview widgets (SkyWalking's nine plus error rate,
// cost, cache and unpriced tokens), and the values derived from a range's sums and counts. A range
// value is always computed from sums (requests, errors, tokens, cost, and the request-weighted
// latency sum), never by averaging per-minute averages; token types are shown apart, never summed.

import * as fmt from './format.js';

const PICOS = 1e12;

/** Cost in currency units of a cell or totals (exact picos when there, else the float). */
export function cost(v) {
  if (v.cost_picos !== undefined && v.cost_picos !== null) return v.cost_picos / PICOS;
  return v.estimated_cost ?? 0;
}

export function savings(v) {
  if (v.cache_savings_picos !== undefined && v.cache_savings_picos !== null) {
    return v.cache_savings_picos / PICOS;
  }
  return v.cache_savings ?? 0;
}

const ratio = (a, b) => (b > 0 ? a / b : null);

/**
 * Range summary of totals {field: sum} over `minutes` minutes. Averages come from the API's
 * request-weighted values when it sends them (`*_avg_ms`), else from duration sums.
 */
export function summary(totals, minutes) {
  const t = totals || {};
  const requests = t.requests ?? 0;
  return {
    requests,
    errors: t.errors ?? 0,
    cpm: minutes > 0 ? requests / minutes : null,
    errorRate: t.error_rate ?? ratio(t.errors ?? 0, requests),
    latencyAvg: t.latency_avg_ms ?? ratio(t.latency_sum_ms, requests),
    ttftAvg: t.ttft_avg_ms ?? ratio(t.ttft_sum_ms, t.ttft_count),
    tpotAvg: t.tpot_avg_ms ?? ratio(t.tpot_sum_ms, t.tpot_count),
    inputTokens: t.input_tokens ?? 0,
    outputTokens: t.output_tokens ?? 0,
    inputPerMin: minutes > 0 ? (t.input_tokens ?? 0) / minutes : null,
    outputPerMin: minutes > 0 ? (t.output_tokens ?? 0) / minutes : null,
    cachedShare: t.cache_read_share ?? ratio(t.cached_input_tokens ?? 0, t.input_tokens ?? 0),
    cost: cost(t),
    costPerHour: minutes > 0 ? (cost(t) / minutes) * 60 : null,
    savings: savings(t),
    unpriced: t.unpriced_tokens ?? 0,
  };
}

const ERROR_RATE = (p) => ratio(p.errors ?? 0, p.requests ?? 0);
const CACHE_SHARE = (p) => ratio(p.cached_input_tokens ?? 0, p.input_tokens ?? 0);

/**
 * The Overview widgets: a title, the lines of the chart (a cell field or a function of a cell),
 * how values read, and whether a minute without a cell counts as 0 (additive values) or a gap.
 */
export const OVERVIEW = [
  {id: 'cpm', title: 'Requests (CPM)', unit: 'calls/min', format: fmt.rate, zero: true, area: true,
    lines: [['requests', 'requests']]},
  {id: 'error-rate', title: 'Error rate', unit: '%', format: fmt.percent, extra: true,
    lines: [['error rate', ERROR_RATE]], axis: (v) => `${Math.round(v * 100)}%`},
  {id: 'latency-avg', title: 'Latency average', unit: 'ms', format: fmt.ms,
    lines: [['avg', 'latency_avg_ms']]},
  {id: 'latency-percentiles', title: 'Latency percentiles', unit: 'ms', format: fmt.ms,
    lines: ['p50', 'p75', 'p90', 'p95', 'p99'].map((p) => [p, `latency_${p}_ms`])},
  {id: 'input-tokens', title: 'Input token rate', unit: 'tokens/min', format: fmt.rate, zero: true,
    area: true, lines: [['input', 'input_tokens']]},
  {id: 'output-tokens', title: 'Output token rate', unit: 'tokens/min', format: fmt.rate,
    zero: true, area: true, lines: [['output', 'output_tokens']]},
  {id: 'ttft-avg', title: 'Time to first token, average', unit: 'ms', format: fmt.ms,
    lines: [['avg', 'ttft_avg_ms']], when: 'ttft_count'},
  {id: 'ttft-percentiles', title: 'Time to first token, percentiles', unit: 'ms', format: fmt.ms,
    lines: ['p50', 'p75', 'p90', 'p95', 'p99'].map((p) => [p, `ttft_${p}_ms`]), when: 'ttft_count'},
  {id: 'tpot-avg', title: 'Time per output token, average', unit: 'ms', format: fmt.ms,
    lines: [['avg', 'tpot_avg_ms']], when: 'tpot_count'},
  {id: 'tpot-percentiles', title: 'Time per output token, percentiles', unit: 'ms', format: fmt.ms,
    lines: ['p50', 'p75', 'p90', 'p95', 'p99'].map((p) => [p, `tpot_${p}_ms`]), when: 'tpot_count'},
  {id: 'cost', title: 'Estimated cost per minute', unit: 'USD/min', format: fmt.money, zero: true,
    extra: true, area: true, lines: [['cost', cost]]},
  {id: 'cache-share', title: 'Cache-read share of input', unit: '%', format: fmt.percent,
    extra: true, lines: [['cached / input', CACHE_SHARE]]},
  {id: 'cache-savings', title: 'Cache savings', unit: 'USD/min', format: fmt.money, zero: true,
    extra: true, area: true, lines: [['saved', savings]]},
  {id: 'unpriced', title: 'Unpriced tokens', unit: 'tokens/min', format: fmt.rate, zero: true,
    extra: true, lines: [['unpriced', 'unpriced_tokens']]},
];

/** The cell fields the Overview widgets read (what the page asks the API for). */
export const OVERVIEW_FIELDS = [
  'requests', 'errors', 'latency_avg_ms', 'latency_p50_ms', 'latency_p75_ms', 'latency_p90_ms',
  'latency_p95_ms', 'latency_p99_ms', 'ttft_count', 'ttft_avg_ms', 'ttft_p50_ms', 'ttft_p75_ms',
  'ttft_p90_ms', 'ttft_p95_ms', 'ttft_p99_ms', 'tpot_count', 'tpot_avg_ms', 'tpot_p50_ms',
  'tpot_p75_ms', 'tpot_p90_ms', 'tpot_p95_ms', 'tpot_p99_ms', 'input_tokens', 'output_tokens',
  'cached_input_tokens', 'cost_picos', 'cache_savings_picos', 'unpriced_tokens',
];

/** The cell fields the Providers and Models charts read. */
export const BREAKDOWN_FIELDS = [
  'requests', 'errors', 'latency_avg_ms', 'latency_p95_ms', 'ttft_count', 'ttft_avg_ms',
  'tpot_count', 'tpot_avg_ms', 'input_tokens', 'output_tokens', 'cost_picos',
];

/** Per-group charts of the Providers and Models tabs: one line per provider or model. */
export const BREAKDOWN = [
  {id: 'cpm', title: 'Requests (CPM)', unit: 'calls/min', format: fmt.rate, zero: true,
    value: (p) => p.requests},
  {id: 'input-tokens', title: 'Input token rate', unit: 'tokens/min', format: fmt.rate, zero: true,
    value: (p) => p.input_tokens},
  {id: 'output-tokens', title: 'Output token rate', unit: 'tokens/min', format: fmt.rate,
    zero: true, value: (p) => p.output_tokens},
  {id: 'latency-avg', title: 'Latency average', unit: 'ms', format: fmt.ms,
    value: (p) => p.latency_avg_ms},
  {id: 'latency-p95', title: 'Latency p95', unit: 'ms', format: fmt.ms,
    value: (p) => p.latency_p95_ms},
  {id: 'error-rate', title: 'Error rate', unit: '%', format: fmt.percent, value: ERROR_RATE},
  {id: 'cost', title: 'Estimated cost per minute', unit: 'USD/min', format: fmt.money, zero: true,
    value: cost},
];

/** Extra per-model charts (streaming timings). */
export const MODEL_TIMINGS = [
  {id: 'ttft-avg', title: 'Time to first token, average', unit: 'ms', format: fmt.ms,
    value: (p) => (p.ttft_count > 0 ? p.ttft_avg_ms : null)},
  {id: 'tpot-avg', title: 'Time per output token, average', unit: 'ms', format: fmt.ms,
    value: (p) => (p.tpot_count > 0 ? p.tpot_avg_ms : null)},
];

/** Names the job writes for what it could not name or had to fold (analysis.md). */
export const PLACEHOLDER_NAMES = new Set(['unknown', 'other', 'unknown_service']);
