// An application's "by attribute" section (e.g. by team.id) on its GenAI apps page: one row per
// value of the attribute with its calls, error share, tokens, cost and share of the cost, a last
// row with all values together (the application's totals: calls without the attribute count under
// `none`), then the cost and the calls per minute of the busiest values. From the application
// attribution cells (/api/apps/attribution/...); values come from telemetry and are shown as text.

import {h} from '../dom.js';
import * as attribution from '../attribution.js';
import * as fmt from '../format.js';

const MAX_LINES = 10;

const COLUMNS = [
  ['calls', 'Calls', (s) => fmt.count(s.calls)],
  ['errors', 'Errors', (s) => fmt.count(s.errors)],
  ['error-share', 'Error share', (s) => fmt.percent(s.calls ? s.errors / s.calls : null)],
  ['input-tokens', 'Input tokens', (s) => fmt.count(s.input_tokens)],
  ['output-tokens', 'Output tokens', (s) => fmt.count(s.output_tokens)],
  ['cost', 'Est. cost', (s) => fmt.money(s.estimated_cost)],
  ['cost-share', 'Share of cost', (s, row) => fmt.percent(row.cost_share)],
  ['latency-avg', 'Latency avg', (s) => fmt.ms(s.latency_avg_ms)],
];

const CHARTS = [
  {id: 'app-cost', title: 'Estimated cost per minute', unit: 'USD/min', format: fmt.money,
    field: 'estimated_cost'},
  {id: 'app-calls', title: 'Calls', unit: 'calls/min', format: fmt.rate, field: 'calls'},
];

/**
 * Loads and builds the section for the state's application and attribute: {node, mount}; a short
 * note when no attribute is configured or seen.
 */
export async function appAttributionSection(ctx) {
  const {state, win} = ctx;
  const {attributes, secret} = await attribution.attributes(win, attribution.APPS);
  if (!attributes.length) {
    return {node: h('section', {class: 'panel message-panel', id: 'app-attribution-none'},
      h('p', {}, 'No attribution of this application\'s calls in this range.'),
      h('p', {class: 'muted'}, 'Start the job with attribution.attributes (e.g. team.id): the '
        + 'spans\' attributes of that name split the application\'s calls by value.'))};
  }
  const attribute = attribution.chosen(state, attributes);
  const [found, lines] = await Promise.all([
    attribution.appSpend(state.app, attribute, win),
    attribution.appSeries(state.app, attribute, CHARTS.map((c) => c.field), win, MAX_LINES),
  ]);
  const head = h('div', {class: 'page-head'},
    h('h2', {class: 'panel-title'}, 'By ', h('span', {id: 'app-attribution-attribute'}, attribute)),
    attribution.attributeSelector(ctx, attributes, attribute),
    secret.includes(attribute) ? h('span', {class: 'muted'}, `${attribute} is secret: its values `
      + 'are keyed hashes, never the raw values.') : null);
  if (!found.values.length) {
    return {node: h('section', {id: 'app-attribution'}, head, h('div', {class: 'panel '
      + 'message-panel', id: 'app-attribution-empty'}, h('p', {}, `No ${attribute} cells for this `
      + 'application in the range.')))};
  }
  const topModels = (models) => h('ul', {class: 'top-list'}, models.map((m) => h('li', {},
    h('span', {class: 'name-text'}, `${m.provider} / ${m.model}`), ' ',
    h('span', {class: 'muted'}, fmt.money(m.estimated_cost)))));
  const row = (r, name, models, cls) => h('tr', {class: cls, dataset: {value: cls ? '' : r.value}},
    h('td', {class: 'name', dataset: {col: 'value'}}, name),
    COLUMNS.map(([id, , f]) => h('td', {class: 'num', dataset: {col: id}}, f(r.summary, r))),
    h('td', {dataset: {col: 'models'}}, models));
  const table = h('table', {class: 'table', id: 'app-attribution-table'},
    h('thead', {}, h('tr', {}, h('th', {}, attribute),
      COLUMNS.map(([, title]) => h('th', {class: 'num'}, title)),
      h('th', {}, 'Top models'))),
    h('tbody', {}, found.values.map((r) => row(r, attribution.valueName(attribute, r),
      topModels(r.models || [])))),
    h('tfoot', {}, row({summary: found.total, cost_share: 1}, 'All values', null, 'total-row')));
  const grid = attribution.valueCharts(CHARTS, lines, attribute, win);
  return {node: h('section', {id: 'app-attribution'}, head,
    h('div', {class: 'panel table-panel'}, table),
    found.values.length > MAX_LINES ? h('p', {class: 'hint'},
      `Charts show the ${MAX_LINES} busiest of ${found.values.length} values.`) : null,
    grid.node), mount: grid.mount};
}
