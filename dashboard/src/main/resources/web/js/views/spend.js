// The Spend page: the values of an attribute (e.g. team.id) across every service, most cost first,
// each with its share of the cost, requests, errors and tokens, and the services and models it
// spent most on (a service opens its Teams tab). Then the cost per minute of the busiest values.

import {h} from '../dom.js';
import * as attribution from '../attribution.js';
import * as charts from '../charts.js';
import * as fmt from '../format.js';
import {summary} from '../metrics.js';

const MAX_LINES = 10;

/** Loads and builds the page for the state's attribute. */
export async function spendView(ctx) {
  const {state, win} = ctx;
  const minutes = (win.toMs - win.fromMs) / 60000;
  const {attributes, secret} = await attribution.attributes(win);
  if (!attributes.length) {
    return {node: h('div', {class: 'page'}, h('div', {class: 'page-head'}, h('h1', {}, 'Spend')),
      h('div', {class: 'panel message-panel', id: 'no-data'},
        h('p', {}, 'No attribution in this range.'),
        h('p', {class: 'muted'}, 'Start the job with attribution.attributes (e.g. team.id) and '
          + 'have the gateway copy a request header into that attribute '
          + '(--requestHeaderAttributes x-team-id:team.id).')))};
  }
  const attribute = attribution.chosen(state, attributes);
  const [found, lines] = await Promise.all([
    attribution.spend(attribute, win),
    attribution.series(undefined, attribute, ['estimated_cost'], win, MAX_LINES),
  ]);
  const serviceLink = (service) => h('a', {href: ctx.href({...state, page: 'service', service,
    tab: 'teams', attribute})}, service);
  const topList = (items, name) => h('ul', {class: 'top-list'}, items.map((i) =>
    h('li', {}, name(i), ' ', h('span', {class: 'muted'}, fmt.money(i.estimated_cost)))));
  const columns = [
    ['cost', 'Est. cost', (s) => fmt.money(s.cost)],
    ['cost-share', 'Share of cost', (s, r) => fmt.percent(r.cost_share)],
    ['requests', 'Requests', (s) => fmt.count(s.requests)],
    ['error-rate', 'Error rate', (s) => fmt.percent(s.errorRate)],
    ['input-tokens', 'Input tokens', (s) => fmt.count(s.inputTokens)],
    ['output-tokens', 'Output tokens', (s) => fmt.count(s.outputTokens)],
  ];
  const table = h('table', {class: 'table', id: 'spend-table'},
    h('thead', {}, h('tr', {}, h('th', {}, attribute),
      columns.map(([, title]) => h('th', {class: 'num'}, title)),
      h('th', {}, 'Top services'), h('th', {}, 'Top models'))),
    h('tbody', {}, found.values.map((r) => {
      const s = summary(r.summary, minutes);
      return h('tr', {dataset: {value: r.value}},
        h('td', {class: 'name', dataset: {col: 'value'}}, attribution.valueName(attribute, r)),
        columns.map(([id, , f]) => h('td', {class: 'num', dataset: {col: id}}, f(s, r))),
        h('td', {dataset: {col: 'services'}}, topList(r.services || [],
          (i) => serviceLink(i.service))),
        h('td', {dataset: {col: 'models'}}, topList(r.models || [],
          (i) => h('span', {class: 'name-text'}, `${i.provider} / ${i.model}`))));
    })),
    h('tfoot', {}, h('tr', {class: 'total-row'}, h('td', {dataset: {col: 'value'}}, 'All values'),
      columns.map(([id, , f]) => h('td', {class: 'num', dataset: {col: id}},
        f(summary(found.total, minutes), {cost_share: found.values.length ? 1 : null}))),
      h('td', {}), h('td', {}))));
  const box = h('div', {class: 'chart'});
  const chartLines = lines.map((l) => ({name: l.value, step: l.step,
    points: charts.perMinute(l.points, win, (p) => p.estimated_cost, 0, l.step)}));
  const node = h('div', {class: 'page', id: 'spend-page'},
    h('div', {class: 'page-head'},
      h('h1', {}, 'Spend by ', h('span', {id: 'spend-attribute'}, attribute)),
      h('span', {class: 'muted'}, `${found.values.length} `
        + `${found.values.length === 1 ? 'value' : 'values'} across all services · `
        + `${fmt.minute(win.fromMs)} – ${fmt.minute(win.toMs)} UTC`)),
    h('div', {class: 'tab-tools'}, attribution.attributeSelector(ctx, attributes, attribute),
      secret.includes(attribute) ? h('span', {class: 'muted'}, `${attribute} is secret: its `
        + 'values are keyed hashes, never the raw values.') : null),
    found.values.length ? h('div', {class: 'panel table-panel'}, table)
      : h('div', {class: 'panel message-panel', id: 'no-data'},
        h('p', {}, `No ${attribute} cells in the range.`)),
    found.values.length ? h('div', {class: 'widgets'},
      h('section', {class: 'widget', dataset: {widget: 'cost-by-value'}},
        h('header', {class: 'widget-head'}, h('h3', {}, `Estimated cost per minute by ${attribute}`,
          h('span', {class: 'unit'}, 'USD/min'),
          charts.stepLabel(lines.length ? lines[0].step : 60000))), box)) : null);
  return {node, mount: found.values.length
    ? () => charts.lineChart(box, {lines: chartLines, win, format: fmt.money}) : undefined};
}
