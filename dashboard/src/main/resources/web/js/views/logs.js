// The Logs tab: the kept access logs of the service, newest first, with the filters the API takes
// (minute, instance, provider, model, status class, keep reason, free text) and paging; all of them
// in the URL. A row opens its details (the log line, request id, attributes), every value as text.

import {h} from '../dom.js';
import * as api from '../api.js';
import * as fmt from '../format.js';

const PAGE_SIZE = 50;
const MINUTE = 60000;
const REASONS = ['KEEP_ERROR_STATUS', 'KEEP_UPSTREAM_FAILURE', 'KEEP_MISSING_STATUS',
  'KEEP_MISSING_TOKENS', 'KEEP_TOKEN_THRESHOLD', 'KEEP_SLOW', 'KEEP_FRACTION'];
const REASON_TEXT = {
  KEEP_ERROR_STATUS: 'error status', KEEP_UPSTREAM_FAILURE: 'upstream failure',
  KEEP_MISSING_STATUS: 'no status', KEEP_MISSING_TOKENS: 'no token counts',
  KEEP_TOKEN_THRESHOLD: 'expensive', KEEP_SLOW: 'slow', KEEP_FRACTION: 'sampled',
};

/** Loads one page of logs and builds the tab. */
export async function logsTab(ctx) {
  const {state, win} = ctx;
  const minute = state.minute ? Number(state.minute) : null;
  // a chart point of a long range stands for a step of several minutes (`span`)
  const span = Math.max(1, Math.min(10080, Math.floor(Number(state.span)) || 1));
  const logWin = minute !== null && Number.isFinite(minute)
    ? {fromMs: minute, toMs: minute + span * MINUTE} : win;
  const page = Math.max(0, Number(state.p) || 0);
  const result = await api.logs({
    service: state.service, instance: state.instance, provider: state.provider,
    model: state.model, status: state.status, reason: state.reason, q: state.q,
    page, size: PAGE_SIZE}, logWin);
  return {node: h('div', {class: 'tab-body'},
    filters(ctx, minute, span),
    h('div', {class: 'panel table-panel'}, result.records.length ? table(result.records)
      : h('p', {class: 'empty-logs', id: 'no-logs'}, 'No kept access log matches. The job keeps '
        + 'errors, upstream failures and expensive requests; normal requests are counted in the '
        + 'charts but not stored.')),
    pager(ctx, result, page))};
}

function filters(ctx, minute, span) {
  const {state} = ctx;
  const field = (name, label, placeholder) => h('label', {class: 'filter'},
    h('span', {}, label), h('input', {name, value: state[name] || '', placeholder}));
  const select = (name, label, options) => h('label', {class: 'filter'}, h('span', {}, label),
    h('select', {name}, options.map(([value, text]) =>
      h('option', {value, selected: (state[name] || '') === value}, text))));
  const form = h('form', {class: 'filters', id: 'log-filters', onsubmit: (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const next = {...state, p: undefined};
    for (const key of ['instance', 'provider', 'model', 'status', 'reason', 'q']) {
      next[key] = (data.get(key) || '').trim() || undefined;
    }
    ctx.go(next);
  }},
  minute !== null ? h('span', {class: 'chip', id: 'minute-filter'},
    span > 1 ? `${span} minutes from ${fmt.minute(minute)} UTC` : `Minute ${fmt.minute(minute)} UTC`,
    h('a', {href: ctx.href({...state, minute: undefined, span: undefined, p: undefined}),
      class: 'chip-x',
      title: 'Show the whole range', 'aria-label': 'Clear the minute'}, '×')) : null,
  field('instance', 'Instance', 'any'),
  field('provider', 'Provider', 'any'),
  field('model', 'Model', 'any'),
  select('status', 'Status', [['', 'any'], ['2xx', '2xx'], ['4xx', '4xx'], ['5xx', '5xx']]),
  select('reason', 'Kept because', [['', 'any'], ...REASONS.map((r) => [r, REASON_TEXT[r]])]),
  field('q', 'Text', 'search the log line'),
  h('button', {type: 'submit', class: 'btn primary'}, 'Filter'));
  return form;
}

function table(records) {
  const head = ['Time (UTC)', 'Status', 'Instance', 'Provider', 'Model', 'Input tok',
    'Output tok', 'Duration', 'Est. cost', 'Kept because'];
  const numeric = new Set([5, 6, 7, 8]);
  const body = h('tbody');
  for (const r of records) {
    const status = r.status_code;
    const tone = status >= 500 ? 'bad' : status >= 400 ? 'warn' : 'ok';
    const row = h('tr', {class: 'log-row'},
      h('td', {dataset: {col: 'time'}}, r.timestamp ? fmt.time(r.timestamp) : '–'),
      h('td', {dataset: {col: 'status'}},
        h('span', {class: `status ${tone}`}, status ?? '–')),
      h('td', {dataset: {col: 'instance'}}, r.instance ?? '–'),
      h('td', {dataset: {col: 'provider'}, class: 'clip', title: r.provider ?? null},
        r.provider ?? '–'),
      h('td', {dataset: {col: 'model'}}, r.model ?? '–'),
      h('td', {class: 'num', dataset: {col: 'input'}}, fmt.count(r.input_tokens)),
      h('td', {class: 'num', dataset: {col: 'output'}}, fmt.count(r.output_tokens)),
      h('td', {class: 'num', dataset: {col: 'duration'}}, fmt.ms(r.duration_ms)),
      h('td', {class: 'num', dataset: {col: 'cost'}}, fmt.money(r.estimated_cost)),
      h('td', {dataset: {col: 'reason'}},
        h('span', {class: 'badge neutral', title: r.keep_reason ?? null},
          REASON_TEXT[r.keep_reason] ?? r.keep_reason ?? '–')));
    const details = h('tr', {class: 'log-details', hidden: true},
      h('td', {colspan: String(head.length)}, detailsOf(r)));
    row.addEventListener('click', () => {
      details.hidden = !details.hidden;
      row.classList.toggle('open', !details.hidden);
    });
    body.append(row, details);
  }
  return h('table', {class: 'table logs', id: 'logs-table'},
    h('thead', {}, h('tr', {}, head.map((t, i) => h('th', {class: numeric.has(i) ? 'num' : ''},
      t)))), body);
}

function detailsOf(r) {
  const pairs = [];
  const skip = new Set(['body', 'attributes']);
  for (const [k, v] of Object.entries(r)) {
    if (!skip.has(k) && v !== null && typeof v !== 'object') pairs.push([k, v]);
  }
  for (const [k, v] of Object.entries(r.attributes || {})) pairs.push([k, v]);
  return h('div', {class: 'details'},
    r.body ? h('pre', {class: 'code'}, String(r.body)) : null,
    h('dl', {}, pairs.map(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))])));
}

function pager(ctx, result, page) {
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const first = result.total ? page * PAGE_SIZE + 1 : 0;
  const last = Math.min(result.total, (page + 1) * PAGE_SIZE);
  const link = (p, text, enabled) => enabled
    ? h('a', {class: 'btn', href: ctx.href({...ctx.state, p: p ? String(p) : undefined})}, text)
    : h('span', {class: 'btn disabled'}, text);
  return h('div', {class: 'pager'},
    h('span', {class: 'muted', id: 'logs-count'},
      `${fmt.count(first)}–${fmt.count(last)} of ${fmt.count(result.total)} kept logs`),
    link(page - 1, '← Newer', page > 0),
    h('span', {class: 'muted'}, `page ${page + 1} of ${pages}`),
    link(page + 1, 'Older →', page + 1 < pages));
}
