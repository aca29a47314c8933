// The "GenAI apps" pages (issue 17): LLM calls of applications that send their own trace spans
// (OTel GenAI or OpenInference conventions), from the job's application cells. A list page with the
// applications and the providers (sortable tables), and one page per application, provider and
// provider's model: summary cards, charts and breakdown tables. Every name comes from telemetry and
// is only ever set as text (dom.js).

import {h} from '../dom.js';
import * as api from '../api.js';
import * as charts from '../charts.js';
import * as fmt from '../format.js';
import {appAttributionSection} from './app-attribution.js';

const MINUTE = 60000;

/** Links to the pages of this section: only their own keys, the range and refresh kept. */
function at(state, page, keys = {}) {
  return {range: state.range, from: state.from, to: state.to, refresh: state.refresh, page,
    ...keys};
}

// A name with its placeholder mark: what the job writes when the telemetry named none, or when
// names beyond the cardinality cap were folded (analysis.md).
function name(text) {
  const mark = text === 'unknown' || String(text).startsWith('unknown_service') ? 'unnamed'
    : text === 'other' ? 'folded' : null;
  return h('span', {class: 'name'}, h('span', {class: 'name-text'}, text),
    mark ? h('span', {class: 'badge neutral', dataset: {mark}, title: mark === 'folded'
      ? 'names beyond the cardinality cap, folded together'
      : 'the spans did not name it'}, mark) : null);
}

// A row whose tokens the price table could not price: its cost is too low by their cost.
function unpriced(summary) {
  return (summary.unpriced_tokens ?? 0) > 0 ? h('span', {class: 'badge warn', dataset:
    {mark: 'unpriced'}, title: 'tokens of models missing from the price table: they have no cost'},
  'unpriced') : null;
}

const COLUMNS = [
  {id: 'calls', title: 'Calls', value: (s) => s.calls, format: fmt.count},
  {id: 'success', title: 'Success rate', value: (s) => s.success_rate, format: fmt.percent},
  {id: 'latency-avg', title: 'Latency avg', value: (s) => s.latency_avg_ms, format: fmt.ms},
  {id: 'latency-p95', title: 'Latency p95', value: (s) => s.highest?.latency_p95_ms,
    format: fmt.ms, hint: 'highest per-minute p95 in the range'},
  {id: 'input', title: 'Input tokens', value: (s) => s.input_tokens, format: fmt.count},
  {id: 'output', title: 'Output tokens', value: (s) => s.output_tokens, format: fmt.count},
  {id: 'cost', title: 'Est. cost', value: (s) => s.estimated_cost, format: fmt.money},
  {id: 'ttft', title: 'TTFT avg', value: (s) => s.ttft_avg_ms, format: fmt.ms},
];

/**
 * A sortable table of rows {key, label, summary, target}: the sort is the URL's `sortKey`/`dirKey`
 * (so it is bookmarked), a row opens `target`.
 */
function table({id, title, rows, state, href, go, sortKey, dirKey, labelTitle}) {
  const columns = [{id: 'name', title: labelTitle, text: true, value: (s, r) => r.key}, ...COLUMNS];
  const sortId = columns.some((c) => c.id === state[sortKey]) ? state[sortKey] : 'calls';
  const column = columns.find((c) => c.id === sortId);
  const dir = state[dirKey] === 'asc' || state[dirKey] === 'desc' ? state[dirKey]
    : column.text ? 'asc' : 'desc';
  const sorted = [...rows].sort((a, b) => {
    const x = column.value(a.summary, a);
    const y = column.value(b.summary, b);
    const order = column.text ? String(x).localeCompare(String(y))
      : (x ?? -Infinity) - (y ?? -Infinity);
    return dir === 'asc' ? order : -order;
  });
  const head = h('tr', {}, columns.map((c) => {
    const active = c.id === sortId;
    const next = active && dir === 'desc' ? 'asc' : active ? 'desc' : c.text ? 'asc' : 'desc';
    return h('th', {class: `${c.text ? '' : 'num'} ${active ? 'sorted ' + dir : ''}`,
      'aria-sort': active ? (dir === 'asc' ? 'ascending' : 'descending') : null,
      title: c.hint || null},
    h('a', {href: href({...state, [sortKey]: c.id, [dirKey]: next}), class: 'sort',
      dataset: {sort: c.id}}, c.title,
    h('span', {class: 'arrow'}, active ? (dir === 'asc' ? '▲' : '▼') : '')));
  }));
  const body = sorted.map((r) => h('tr', {class: r.target ? 'row-link' : '', dataset: {key: r.key},
    onclick: (e) => {
      if (r.target && !e.target.closest('a')) go(r.target);
    }},
  columns.map((c) => c.text
    ? h('td', {class: 'service-name', dataset: {col: c.id}},
      r.target ? h('a', {href: href(r.target)}, r.label) : r.label, unpriced(r.summary))
    : h('td', {class: 'num', dataset: {col: c.id}}, c.format(c.value(r.summary, r))))));
  return h('section', {class: 'panel table-panel'},
    h('h2', {class: 'panel-title'}, title),
    h('table', {class: 'table', id}, h('thead', {}, head), h('tbody', {}, body)));
}

/** The empty state: no application cells in the range, and how to send spans. */
function emptyApps(win) {
  const code = (text) => h('pre', {class: 'code'}, text);
  return h('div', {class: 'page'},
    h('div', {class: 'panel empty-state', id: 'apps-empty-state'},
      h('div', {class: 'empty-icon', 'aria-hidden': 'true'}, '◌'),
      h('h2', {}, 'No LLM calls from applications in this range yet'),
      h('p', {}, `Nothing was stored between ${fmt.minute(win.fromMs)} and `
        + `${fmt.minute(win.toMs)} UTC. Send your applications' OpenTelemetry traces to the job's `
        + 'OTLP receiver: gRPC on port 4317, or HTTP on port 4318 (/v1/traces). Spans with OTel '
        + 'GenAI attributes (gen_ai.*) or OpenInference LLM spans count as calls; the application '
        + 'is the resource\'s service.name.'),
      code('OTEL_SERVICE_NAME=my-app\n'
        + 'OTEL_TRACES_EXPORTER=otlp\n'
        + 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://<job-host>:4318/v1/traces\n'
        + 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/protobuf'),
      h('p', {}, 'Envoy AI Gateway writes OpenInference spans when its tracing is on; point its '
        + 'OTLP exporter at the same receiver. A minute shows up here about a minute after it ends.'),
      h('p', {class: 'muted'}, 'Data older than this range? Pick a longer range above.')));
}

/** The list page: applications and providers. */
export async function appsView({state, win, href, go}) {
  const [apps, providers] = await Promise.all([
    api.appsList('applications', win), api.appsList('providers', win)]);
  if (!apps.length && !providers.length) return {node: emptyApps(win), empty: true};
  const appRows = apps.map((a) => ({key: a.application, label: name(a.application),
    summary: a.summary, target: at(state, 'app', {app: a.application})}));
  const providerRows = providers.map((p) => ({key: p.provider, label: name(p.provider),
    summary: p.summary, target: at(state, 'llm-provider', {llm_provider: p.provider})}));
  const node = h('div', {class: 'page'},
    h('div', {class: 'page-head'},
      h('h1', {}, 'GenAI apps'),
      h('span', {class: 'muted'}, `${apps.length} ${apps.length === 1 ? 'application' : 'applications'}`
        + ` · ${providers.length} ${providers.length === 1 ? 'provider' : 'providers'}`
        + ` · ${fmt.minute(win.fromMs)} – ${fmt.minute(win.toMs)} UTC`)),
    table({id: 'apps-table', title: 'Applications', rows: appRows, state, href, go,
      sortKey: 'asort', dirKey: 'adir', labelTitle: 'Application'}),
    table({id: 'providers-table', title: 'Providers', rows: providerRows, state, href, go,
      sortKey: 'psort', dirKey: 'pdir', labelTitle: 'Provider'}));
  return {node};
}

/** An application's page. */
export async function appView(ctx) {
  const {state, win} = ctx;
  const q = {application: state.app};
  const [models, providers, byAttribute] = await Promise.all([
    api.appsBreakdown('model', q, win), api.appsBreakdown('provider', q, win),
    appAttributionSection(ctx)]);
  return detail(ctx, {q, kind: 'Application', title: state.app, extra: byAttribute, breakdowns: [
    breakdownTable(ctx, 'app-models', 'Models', models, 'Model',
      (g) => `${g.provider} / ${g.model}`,
      (g) => h('span', {}, name(g.provider), ' / ', name(g.model)),
      (g) => at(state, 'llm-model', {llm_provider: g.provider, llm_model: g.model})),
    breakdownTable(ctx, 'app-providers', 'Providers', providers, 'Provider',
      (g) => g.provider, (g) => name(g.provider),
      (g) => at(state, 'llm-provider', {llm_provider: g.provider})),
  ]});
}

/** A provider's page. */
export async function providerView(ctx) {
  const {state, win} = ctx;
  const q = {provider: state.llm_provider};
  const [models, apps] = await Promise.all([
    api.appsBreakdown('model', q, win), api.appsBreakdown('application', q, win)]);
  return detail(ctx, {q, kind: 'Provider', title: state.llm_provider, breakdowns: [
    breakdownTable(ctx, 'provider-models', 'Models', models, 'Model', (g) => g.model,
      (g) => name(g.model),
      (g) => at(state, 'llm-model', {llm_provider: g.provider, llm_model: g.model})),
    breakdownTable(ctx, 'provider-apps', 'Applications', apps, 'Application',
      (g) => g.application, (g) => name(g.application),
      (g) => at(state, 'app', {app: g.application})),
  ]});
}

/** A provider's model's page. */
export async function modelView(ctx) {
  const {state, win} = ctx;
  const q = {provider: state.llm_provider, model: state.llm_model};
  const apps = await api.appsBreakdown('application', q, win);
  return detail(ctx, {q, kind: 'Model', title: state.llm_model,
    parent: h('span', {class: 'muted'}, 'of ', h('a', {href: ctx.href(at(state, 'llm-provider',
      {llm_provider: state.llm_provider})), id: 'model-provider'}, state.llm_provider)),
    breakdowns: [
      breakdownTable(ctx, 'model-apps', 'Applications', apps, 'Application',
        (g) => g.application, (g) => name(g.application),
        (g) => at(state, 'app', {app: g.application})),
    ]});
}

function breakdownTable(ctx, id, title, groups, labelTitle, key, label, target) {
  const rows = groups.map((g) => ({key: key(g), label: label(g), summary: g.summary,
    target: target(g)}));
  return table({id, title, rows, state: ctx.state, href: ctx.href, go: ctx.go,
    sortKey: 'bsort', dirKey: 'bdir', labelTitle});
}

// The summary cards and charts of one selection, then its breakdown tables.
// `extra` ({node, mount}, optional): a section after the breakdowns (an application's values).
async function detail(ctx, {q, kind, title, parent, breakdowns, extra}) {
  const {win} = ctx;
  const minutes = (win.toMs - win.fromMs) / MINUTE;
  const [s, series] = await Promise.all([api.appsSummary(q, win), api.appsSeries(q, win)]);
  const head = h('div', {class: 'page-head'},
    h('h1', {}, h('span', {class: 'muted kind'}, `${kind} `),
      h('span', {id: 'apps-title'}, name(title))), parent || null);
  if (!s.calls) {
    return {node: h('div', {class: 'page'}, head, h('div', {class: 'panel message-panel',
      id: 'apps-no-calls'}, h('p', {}, `No calls of this ${kind.toLowerCase()} in the range.`)))};
  }
  const mounts = [];
  const node = h('div', {class: 'page'}, head, cards(s, minutes),
    h('div', {class: 'widgets'}, WIDGETS.map((w) => widget(w, series, win, mounts))),
    breakdowns, extra ? extra.node : null);
  if (extra && extra.mount) mounts.push(extra.mount);
  return {node, mount: () => mounts.forEach((m) => m())};
}

function cards(s, minutes) {
  const card = (id, label, value, sub) => h('div', {class: 'card', dataset: {card: id}},
    h('div', {class: 'card-label'}, label), h('div', {class: 'card-value'}, value),
    sub ? h('div', {class: 'card-sub'}, sub) : null);
  return h('div', {class: 'cards', id: 'apps-cards'},
    card('calls', 'Calls', fmt.count(s.calls), `${fmt.rate(s.calls_per_minute)} / min`),
    card('success-rate', 'Success rate', fmt.percent(s.success_rate),
      `${fmt.count(s.errors)} ${s.errors === 1 ? 'error' : 'errors'}`),
    card('latency-avg', 'Latency avg', fmt.ms(s.latency_avg_ms),
      `p95 ≤ ${fmt.ms(s.highest?.latency_p95_ms)} (worst minute)`),
    card('input-tokens', 'Input tokens', fmt.count(s.input_tokens),
      `${fmt.count(s.cache_read_tokens)} cache read · ${fmt.count(s.cache_creation_tokens)} cache write`),
    card('output-tokens', 'Output tokens', fmt.count(s.output_tokens),
      `${fmt.count(s.reasoning_tokens)} reasoning`),
    card('cost', 'Estimated cost', fmt.money(s.estimated_cost),
      `${fmt.money(s.estimated_cost_avg)} / call · ${fmt.count(s.unpriced_tokens)} unpriced tokens`),
    card('ttft-avg', 'TTFT avg', fmt.ms(s.ttft_avg_ms),
      `${fmt.count(s.ttft_count)} ${s.ttft_count === 1 ? 'call' : 'calls'} reported it`),
    card('streaming', 'Streaming share', fmt.percent(s.streaming_share),
      `${fmt.count(s.streaming_calls)} streamed`));
}

const WIDGETS = [
  {id: 'calls', title: 'Calls', unit: 'calls/min', format: fmt.rate, zero: true,
    lines: [['calls', 'calls'], ['errors', 'errors']]},
  {id: 'success-rate', title: 'Success rate', unit: '%', format: fmt.percent,
    lines: [['success', 'success_rate']]},
  {id: 'latency', title: 'Latency', unit: 'ms', format: fmt.ms,
    lines: [['avg', 'latency_avg_ms'], ['p50', 'latency_p50_ms'], ['p75', 'latency_p75_ms'],
      ['p90', 'latency_p90_ms'], ['p95', 'latency_p95_ms'], ['p99', 'latency_p99_ms']]},
  {id: 'tokens', title: 'Tokens', unit: 'tokens/min', format: fmt.rate, zero: true,
    lines: [['input', 'input_tokens'], ['output', 'output_tokens'],
      ['cache read', 'cache_read_tokens'], ['cache write', 'cache_creation_tokens'],
      ['reasoning', 'reasoning_tokens']]},
  {id: 'cost', title: 'Estimated cost', unit: '$/min', format: fmt.money, zero: true,
    lines: [['cost', 'estimated_cost']]},
  {id: 'ttft', title: 'Time to first token', unit: 'ms', format: fmt.ms,
    lines: [['avg', 'ttft_avg_ms'], ['p50', 'ttft_p50_ms'], ['p90', 'ttft_p90_ms'],
      ['p99', 'ttft_p99_ms']]},
  {id: 'streaming', title: 'Streaming share', unit: '%', format: fmt.percent,
    lines: [['streaming', 'streaming_share']]},
];

// One chart: a line per field, on the steps of the answer. Counts read 0 between two steps with
// calls and have no line before the first or after the last (not started, or not written yet).
function widget(w, series, win, mounts) {
  const calls = series.values.calls || [];
  const first = calls.findIndex((v) => v > 0);
  const last = calls.length - 1 - [...calls].reverse().findIndex((v) => v > 0);
  const lines = w.lines.map(([label, field]) => ({name: label, step: series.step,
    points: series.minutes.map((t, i) => {
      const v = (series.values[field] || [])[i];
      return [t, first < 0 || i < first || i > last || v === undefined ? null : v];
    })}));
  const lastPoint = [...lines[0].points].reverse().find((p) => p[1] !== null);
  const box = h('div', {class: 'chart'});
  mounts.push(() => charts.lineChart(box, {lines, win, format: w.format}));
  return h('section', {class: 'widget', dataset: {widget: w.id}},
    h('header', {class: 'widget-head'},
      h('h3', {}, w.title, h('span', {class: 'unit'}, w.unit), charts.stepLabel(series.step)),
      h('span', {class: 'widget-last', dataset: {minute: lastPoint ? String(lastPoint[0]) : ''}},
        lastPoint ? w.format(lastPoint[1]) : '–')),
    box);
}
