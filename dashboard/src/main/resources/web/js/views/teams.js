// The service's "Teams" tab (named after the attribute, e.g. team.id): one row per value of the
// attribute with its range summary and its share of the cost, a last row with all values together
// (the service's totals: requests without the attribute count under `none`), then the cost and
// the requests per minute of the busiest values. Values come from telemetry and are shown as text.

import {h} from '../dom.js';
import * as attribution from '../attribution.js';
import * as fmt from '../format.js';
import {summary} from '../metrics.js';

const MAX_LINES = 10;

const COLUMNS = [
  ['requests', 'Requests', (s) => fmt.count(s.requests)],
  ['errors', 'Errors', (s) => fmt.count(s.errors)],
  ['error-rate', 'Error rate', (s) => fmt.percent(s.errorRate)],
  ['input-tokens', 'Input tokens', (s) => fmt.count(s.inputTokens)],
  ['output-tokens', 'Output tokens', (s) => fmt.count(s.outputTokens)],
  ['cost', 'Est. cost', (s) => fmt.money(s.cost)],
  ['cost-share', 'Share of cost', (s, row) => fmt.percent(row.cost_share)],
  ['cache-savings', 'Cache savings', (s) => fmt.money(s.savings)],
  ['latency-avg', 'Latency avg', (s) => fmt.ms(s.latencyAvg)],
  ['ttft-avg', 'TTFT avg', (s) => fmt.ms(s.ttftAvg)],
];

const CHARTS = [
  {id: 'cost', title: 'Estimated cost per minute', unit: 'USD/min', format: fmt.money,
    field: 'estimated_cost'},
  {id: 'cpm', title: 'Requests (CPM)', unit: 'calls/min', format: fmt.rate, field: 'requests'},
];

/** Loads and builds the tab for the state's service and attribute. */
export async function teamsTab(ctx) {
  const {state, win} = ctx;
  const minutes = (win.toMs - win.fromMs) / 60000;
  const {attributes, secret} = await attribution.attributes(win);
  if (!attributes.length) {
    return {node: h('div', {class: 'panel message-panel', id: 'no-data'},
      h('p', {}, 'No attribution in this range.'),
      h('p', {class: 'muted'}, 'Start the job with attribution.attributes (e.g. team.id) and '
        + 'have the gateway copy a request header into that attribute.'))};
  }
  const attribute = attribution.chosen(state, attributes);
  const [found, lines] = await Promise.all([
    attribution.breakdown(state.service, attribute, win),
    attribution.series(state.service, attribute, CHARTS.map((c) => c.field), win, MAX_LINES),
  ]);
  const head = h('div', {class: 'tab-tools'},
    attribution.attributeSelector(ctx, attributes, attribute),
    secret.includes(attribute) ? h('span', {class: 'muted'}, `${attribute} is secret: its values `
      + 'are keyed hashes, never the raw values.') : null);
  if (!found.values.length) {
    return {node: h('div', {class: 'tab-body'}, head, h('div', {class: 'panel message-panel',
      id: 'no-data'}, h('p', {}, `No ${attribute} cells for this service in the range.`)))};
  }
  const row = (r, name, cls) => {
    const s = summary(r.summary, minutes);
    return h('tr', {class: cls, dataset: {value: cls ? '' : r.value}},
      h('td', {class: 'name', dataset: {col: 'value'}}, name),
      COLUMNS.map(([id, , f]) => h('td', {class: 'num', dataset: {col: id}}, f(s, r))));
  };
  const table = h('table', {class: 'table', id: 'teams-table'},
    h('thead', {}, h('tr', {}, h('th', {}, attribute),
      COLUMNS.map(([, title]) => h('th', {class: 'num'}, title)))),
    h('tbody', {}, found.values.map((r) => row(r, attribution.valueName(attribute, r)))),
    h('tfoot', {}, row({summary: found.total, cost_share: found.values.length ? 1 : null},
      'All values', 'total-row')));
  const grid = attribution.valueCharts(CHARTS, lines, attribute, win);
  return {node: h('div', {class: 'tab-body'}, head,
    h('div', {class: 'panel table-panel'}, table),
    h('p', {class: 'hint'}, found.values.length > MAX_LINES
      ? `Charts show the ${MAX_LINES} busiest of ${found.values.length} values.`
      : `Every request of the service is under one value of ${attribute}: the last row is the `
        + 'service\'s total.'),
    grid.node), mount: grid.mount};
}
