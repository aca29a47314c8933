// A service (or one instance of it): the range summary, then the tab the URL names. Overview draws
// the widgets of metrics.js, Providers and Models a table and one line per group, Instances a table
// whose rows open the instance page, Logs the kept access logs. A click in any chart opens the logs
// of that minute (for the chart's provider or model where it has one line per group).

import {h} from '../dom.js';
import * as api from '../api.js';
import * as charts from '../charts.js';
import * as fmt from '../format.js';
import {BREAKDOWN, BREAKDOWN_FIELDS, MODEL_TIMINGS, OVERVIEW, OVERVIEW_FIELDS, PLACEHOLDER_NAMES,
  summary} from '../metrics.js';
import {LOG_KEYS, TABS} from '../state.js';
import {logsTab} from './logs.js';
import {teamsTab} from './teams.js';
import * as attribution from '../attribution.js';

const TAB_TITLES = {overview: 'Overview', providers: 'Providers', models: 'Models',
  instances: 'Instances', logs: 'Logs', teams: 'Teams'};
const MAX_LINES = 10;

/** Loads and builds the service or instance page the state names. */
export async function serviceView(ctx) {
  const {state, win} = ctx;
  const minutes = (win.toMs - win.fromMs) / 60000;
  const instancePage = state.page === 'instance';
  const tab = instancePage ? 'overview' : state.tab;
  const [totals, content, attributed] = await Promise.all([
    rangeTotals(state, win),
    TABS_VIEW[tab](ctx),
    attribution.attributes(win),
  ]);
  const s = summary(totals.totals, minutes);
  const clearLogs = Object.fromEntries(LOG_KEYS.map((k) => [k, undefined]));
  const tabs = instancePage ? null : h('nav', {class: 'tabs', role: 'tablist'},
    // the Teams tab is named after the attribute (team.id), and only there when there is one
    TABS.filter((t) => t !== 'teams' || attributed.attributes.length || tab === 'teams')
      .map((t) => h('a', {href: ctx.href({...state, ...clearLogs, tab: t}),
        class: `tab ${t === tab ? 'active' : ''}`, role: 'tab',
        'aria-selected': t === tab ? 'true' : 'false', dataset: {tab: t}},
      t === 'teams' && attributed.attributes.length
        ? attribution.chosen(state, attributed.attributes) : TAB_TITLES[t])));
  const node = h('div', {class: 'page'},
    h('div', {class: 'page-head'},
      h('h1', {}, instancePage ? h('span', {}, h('span', {class: 'muted kind'}, 'Instance '),
        h('span', {id: 'instance-name'}, state.instance))
        : h('span', {id: 'service-name'}, state.service)),
      instancePage ? h('span', {class: 'muted'}, 'of ', h('a', {href: ctx.href({...state,
        page: 'service', tab: 'overview', instance: undefined})}, state.service)) : null),
    summaryCards(s, totals.resolution),
    tabs,
    content.node);
  return {node, mount: content.mount};
}

const TABS_VIEW = {
  overview: overviewTab,
  providers: (ctx) => breakdownTab(ctx, 'provider'),
  models: (ctx) => breakdownTab(ctx, 'model'),
  instances: instancesTab,
  logs: logsTab,
  teams: teamsTab,
};

// The range summary of the service, or of the instance on the instance page.
function rangeTotals(state, win) {
  return api.summaryRead({service: state.service,
    instance: state.page === 'instance' ? state.instance : undefined}, win);
}

function summaryCards(s, resolution) {
  const card = (id, label, value, sub, tone) => h('div', {class: `card ${tone || ''}`,
    dataset: {card: id}}, h('div', {class: 'card-label'}, label),
  h('div', {class: 'card-value'}, value), sub ? h('div', {class: 'card-sub'}, sub) : null);
  return h('div', {class: 'cards'},
    card('requests', 'Requests', fmt.count(s.requests), `${fmt.rate(s.cpm)} / min`),
    card('error-rate', 'Error rate', fmt.percent(s.errorRate), `${fmt.count(s.errors)} ${s.errors === 1 ? 'error' : 'errors'}`,
      s.errorRate > 0.05 ? 'bad' : ''),
    card('latency-avg', 'Latency avg', fmt.ms(s.latencyAvg)),
    card('input-tokens', 'Input tokens', fmt.count(s.inputTokens),
      `${fmt.rate(s.inputPerMin)} / min · ${fmt.percent(s.cachedShare)} cache reads`),
    card('output-tokens', 'Output tokens', fmt.count(s.outputTokens),
      `${fmt.rate(s.outputPerMin)} / min`),
    card('cost', 'Estimated cost', fmt.money(s.cost), `${fmt.money(s.costPerHour)} / hour`),
    card('cache-savings', 'Cache savings', fmt.money(s.savings)),
    card('unpriced', 'Unpriced tokens', fmt.count(s.unpriced),
      s.unpriced > 0 ? 'models missing from the price table' : 'every model priced',
      s.unpriced > 0 ? 'warn' : ''),
    // a long range: which cells answered (a fixed text per resolution)
    fmt.resolutionNote(resolution) ? h('p', {class: 'resolution-note', id: 'resolution-note',
      dataset: {resolution}}, fmt.resolutionNote(resolution)) : null);
}


// Opens the logs of a minute (of a step of several minutes on a long range), for a provider and
// model when the chart has one line per group.
function logsOf(ctx, minute, key = {}, step = 60000) {
  ctx.go({...ctx.state, page: 'service', tab: 'logs', minute: String(minute),
    span: step > 60000 ? String(step / 60000) : undefined,
    instance: ctx.state.page === 'instance' ? ctx.state.instance : undefined,
    provider: key.provider, model: key.model, p: undefined});
}

async function overviewTab(ctx) {
  const {state, win} = ctx;
  const found = await api.series({service: state.service,
    instance: state.page === 'instance' ? state.instance : undefined,
    fields: OVERVIEW_FIELDS}, win);
  const points = found.length ? found[0].points : [];
  if (!points.length) {
    return {node: noData('No cells for this ' + (state.page === 'instance' ? 'instance' : 'service')
      + ' in the range.')};
  }
  const mounts = [];
  const grid = h('div', {class: 'widgets'}, OVERVIEW.map((w) => {
    const box = h('div', {class: 'chart'});
    const has = !w.when || points.some((p) => (p[w.when] ?? 0) > 0);
    const lines = w.lines.map(([name, f]) => ({name, step: found[0].step,
      points: charts.perMinute(points, win, typeof f === 'function' ? f : (p) => p[f],
        w.zero ? 0 : null, found[0].step)}));
    const last = lastValue(lines[lines.length - 1].points);
    const widget = h('section', {class: `widget ${w.extra ? 'extra' : ''}`, dataset: {widget: w.id}},
      h('header', {class: 'widget-head'},
        h('h3', {}, w.title, h('span', {class: 'unit'}, w.unit), charts.stepLabel(found[0].step)),
        h('span', {class: 'widget-last', title: last ? `at ${fmt.minute(last[0])} UTC` : null,
          dataset: {minute: last ? String(last[0]) : ''}},
        last ? (lines.length > 1 ? `${lines[lines.length - 1].name} ` : '') + w.format(last[1])
          : '–')),
      has ? box : h('div', {class: 'chart no-values'}, 'No streaming requests in this range'));
    if (has) {
      mounts.push(() => charts.lineChart(box, {lines, win, format: w.format,
        area: w.area, onMinute: (minute, name, step) => logsOf(ctx, minute, {}, step)}));
    }
    return widget;
  }));
  return {node: h('div', {class: 'tab-body'}, hint(), grid),
    mount: () => mounts.forEach((m) => m())};
}

function hint() {
  return h('p', {class: 'hint'}, 'Click a point in any chart to see the kept access logs of that '
    + 'minute.');
}

function lastValue(points) {
  for (let i = points.length - 1; i >= 0; i--) {
    if (points[i][1] !== null) return points[i];
  }
  return null;
}

function noData(text) {
  return h('div', {class: 'panel message-panel', id: 'no-data'}, h('p', {}, text),
    h('p', {class: 'muted'}, 'Pick a longer range above, or check that the gateway sends to the '
      + 'job.'));
}

const keyName = (by, key) => (by === 'provider' ? key.provider : `${key.provider} / ${key.model}`);

/** Marks on a provider or model name: placeholder names and models without a price. */
function marks(by, row) {
  const out = [];
  const name = by === 'provider' ? row.key.provider : row.key.model;
  if (PLACEHOLDER_NAMES.has(name)) {
    out.push(h('span', {class: 'badge neutral', title: name === 'other'
      ? 'names beyond the cardinality cap, folded together' : 'the telemetry did not name it'},
    name === 'other' ? 'folded' : 'unnamed'));
  }
  if ((row.totals.unpriced_tokens ?? 0) > 0) {
    out.push(h('span', {class: 'badge warn', title: 'not in the price table: its tokens have no '
      + 'cost'}, 'unpriced'));
  }
  return out;
}

async function breakdownTab(ctx, by) {
  const {state, win} = ctx;
  const minutes = (win.toMs - win.fromMs) / 60000;
  const [rows, lines] = await Promise.all([
    api.breakdown(by, {service: state.service}, win),
    // only the busiest groups are drawn: ask for their lines alone
    api.series({service: state.service, by, fields: BREAKDOWN_FIELDS, limit: MAX_LINES}, win),
  ]);
  if (!rows.length) return {node: noData(`No ${by}s for this service in the range.`)};
  const columns = [
    ...(by === 'model' ? [['provider', 'Provider', null, true]] : []),
    [by, by === 'model' ? 'Model' : 'Provider', null, true],
    ['cpm', 'Requests / min', (s) => fmt.rate(s.cpm)],
    ['input-tpm', 'Input tokens / min', (s) => fmt.rate(s.inputPerMin)],
    ['output-tpm', 'Output tokens / min', (s) => fmt.rate(s.outputPerMin)],
    ['latency-avg', 'Latency avg', (s) => fmt.ms(s.latencyAvg)],
    ...(by === 'model' ? [['ttft-avg', 'TTFT avg', (s) => fmt.ms(s.ttftAvg)],
      ['tpot-avg', 'TPOT avg', (s) => fmt.ms(s.tpotAvg)]] : []),
    ['error-rate', 'Error rate', (s) => fmt.percent(s.errorRate)],
    ['cost', 'Est. cost', (s) => fmt.money(s.cost)],
  ];
  const table = h('table', {class: 'table', id: `${by}s-table`},
    h('thead', {}, h('tr', {}, columns.map(([id, title, , text]) =>
      h('th', {class: text ? '' : 'num'}, title)))),
    h('tbody', {}, rows.map((row) => {
      const s = summary(row.totals, minutes);
      return h('tr', {dataset: {provider: row.key.provider, model: row.key.model ?? ''}},
        columns.map(([id, , f, text]) => text
          ? h('td', {class: 'name', dataset: {col: id}},
            h('span', {class: 'name-text'}, id === 'provider' ? row.key.provider : row.key.model),
            id === by ? marks(by, row) : null)
          : h('td', {class: 'num', dataset: {col: id}}, f(s))));
    })));
  // one line per group, the busiest first; the rest are in the table
  const ranked = rows.slice(0, MAX_LINES).map((r) => keyName(by, r.key));
  const byName = new Map(lines.map((l) => [keyName(by, l.key), l]));
  const shown = ranked.filter((n) => byName.has(n));
  const widgets = [...BREAKDOWN, ...(by === 'model' ? MODEL_TIMINGS : [])];
  const mounts = [];
  const grid = h('div', {class: 'widgets'}, widgets.map((w) => {
    const box = h('div', {class: 'chart'});
    const chartLines = shown.map((name) => ({name, step: byName.get(name).step,
      points: charts.perMinute(byName.get(name).points, win, w.value, w.zero ? 0 : null,
        byName.get(name).step)}));
    mounts.push(() => charts.lineChart(box, {lines: chartLines, win,
      format: w.format, onMinute: (minute, name, step) => logsOf(ctx, minute,
        name ? byName.get(name).key : {}, step)}));
    return h('section', {class: 'widget', dataset: {widget: w.id}},
      h('header', {class: 'widget-head'}, h('h3', {}, `${w.title} by ${by}`,
        h('span', {class: 'unit'}, w.unit),
        charts.stepLabel(lines.length ? lines[0].step : 60000))),
      box);
  }));
  return {node: h('div', {class: 'tab-body'},
    h('div', {class: 'panel table-panel'}, table),
    rows.length > MAX_LINES ? h('p', {class: 'hint'}, `Charts show the ${MAX_LINES} busiest of `
      + `${rows.length} ${by}s.`) : hint(),
    grid), mount: () => mounts.forEach((m) => m())};
}

async function instancesTab(ctx) {
  const {state, win} = ctx;
  const minutes = (win.toMs - win.fromMs) / 60000;
  const rows = await api.breakdown('instance', {service: state.service}, win, 1000);
  if (!rows.length) return {node: noData('No instances for this service in the range.')};
  const cols = [
    ['cpm', 'Requests / min', (s) => fmt.rate(s.cpm)],
    ['latency-avg', 'Latency avg', (s) => fmt.ms(s.latencyAvg)],
    ['input-tpm', 'Input tokens / min', (s) => fmt.rate(s.inputPerMin)],
    ['output-tpm', 'Output tokens / min', (s) => fmt.rate(s.outputPerMin)],
    ['errors', 'Errors', (s) => fmt.count(s.errors)],
    ['error-rate', 'Error rate', (s) => fmt.percent(s.errorRate)],
    ['cost', 'Est. cost', (s) => fmt.money(s.cost)],
  ];
  const table = h('table', {class: 'table', id: 'instances-table'},
    h('thead', {}, h('tr', {}, h('th', {}, 'Instance'), cols.map(([, t]) =>
      h('th', {class: 'num'}, t)))),
    h('tbody', {}, rows.map((row) => {
      const target = {...state, page: 'instance', instance: row.key.instance, tab: undefined};
      const s = summary(row.totals, minutes);
      return h('tr', {class: 'row-link', dataset: {instance: row.key.instance},
        onclick: (e) => {
          if (!e.target.closest('a')) ctx.go(target);
        }},
      h('td', {class: 'name', dataset: {col: 'instance'}},
        h('a', {href: ctx.href(target)}, row.key.instance)),
      cols.map(([id, , f]) => h('td', {class: 'num', dataset: {col: id}}, f(s))));
    })));
  return {node: h('div', {class: 'tab-body'}, h('div', {class: 'panel table-panel'}, table),
    h('p', {class: 'hint'}, 'Click an instance for its Overview.'))};
}
