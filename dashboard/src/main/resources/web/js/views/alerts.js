// The Alerts page: the alerts firing now (whose latest event is `firing`), then the history of the
// range, one row per alert with its start and end, paged (`ap` in the URL). Each alert links to its
// service at the alert's minute; an alert across services (a team's budget over all services, whose
// entity names no service) links to the Spend page of its attribute around that minute. Every rule
// id, entity, message and reason is telemetry-derived or user-written text: set as text only
// (dom.js).

import {h} from '../dom.js';
import * as api from '../api.js';
import * as fmt from '../format.js';
import {isoMinute} from '../state.js';

const PAGE_SIZE = 50;
const MINUTE = 60000;
const SIG = new Intl.NumberFormat('en-US', {maximumSignificantDigits: 4});

/** A value or threshold as evaluated: 0.6667, 3,000, 14.4. */
export function number(v) {
  return v === null || v === undefined || Number.isNaN(v) ? '–' : SIG.format(v);
}

/** Loads the firing alerts and the range's history and builds the page. */
export async function alertsView(ctx) {
  const {state, win} = ctx;
  const page = Math.max(0, Number(state.ap) || 0);
  const [firing, history] = await Promise.all([
    api.alerts({state: 'firing'}),
    api.alerts({state: 'all', page, size: PAGE_SIZE}, win),
  ]);
  const node = h('div', {class: 'page'},
    h('div', {class: 'page-head'},
      h('h1', {}, 'Alerts'),
      h('span', {class: 'muted'}, `${firing.alerts.length} firing now · `
        + `${fmt.count(history.total)} in ${fmt.minute(win.fromMs)} – ${fmt.minute(win.toMs)} UTC`)),
    h('h2', {class: 'section-title'}, 'Firing now'),
    h('div', {class: 'panel table-panel', id: 'firing-alerts'},
      firing.alerts.length ? alertTable(ctx, firing.alerts, 'firing-table')
        : h('p', {class: 'empty-logs', id: 'no-firing'}, 'No alert is firing.')),
    h('h2', {class: 'section-title'}, 'History'),
    h('div', {class: 'panel table-panel', id: 'alerts-history'},
      history.alerts.length ? alertTable(ctx, history.alerts, 'history-table')
        : h('p', {class: 'empty-logs', id: 'no-alerts'}, 'No alert started or ended in this '
          + 'range. Alerts come from the job\'s rule file (alerts.rules-file, docs/alerts.md).')),
    pager(ctx, history, page),
    history.truncated ? h('p', {class: 'hint'}, 'More alert events than one answer reads: '
      + 'narrow the range to see them all.') : null);
  return {node};
}

function alertTable(ctx, alerts, id) {
  const head = ['Rule', 'Kind', 'Entity', 'Severity / status', 'Start (UTC)', 'End (UTC)',
    'Value / threshold', 'Message / reason', ''];
  return h('table', {class: 'table alerts', id},
    h('thead', {}, h('tr', {}, head.map((t) => h('th', {}, t)))),
    h('tbody', {}, alerts.map((a) => h('tr', {class: 'alert-row', dataset: {alertId: a.alert_id,
      status: a.status}},
    h('td', {dataset: {col: 'rule'}, class: 'name'}, h('span', {class: 'name-text'}, a.rule_id)),
    h('td', {dataset: {col: 'kind'}}, a.kind),
    h('td', {dataset: {col: 'entity'}, class: 'clip', title: a.entity}, a.entity),
    h('td', {dataset: {col: 'severity'}},
      h('span', {class: 'badge neutral'}, a.severity),
      h('span', {class: `status ${a.status === 'firing' ? 'bad' : 'ok'}`}, a.status)),
    h('td', {dataset: {col: 'start'}}, fmt.minute(a.start_ms)),
    h('td', {dataset: {col: 'end'}}, a.end_ms ? fmt.minute(a.end_ms)
      : a.status === 'firing' ? 'firing' : '–'),
    h('td', {class: 'num', dataset: {col: 'value'}},
      `${number(a.value)} / ${number(a.threshold)}`),
    h('td', {dataset: {col: 'message'}, class: 'message'},
      h('div', {}, a.message ?? '–'),
      a.reason ? h('div', {class: 'muted reason'}, a.reason) : null),
    h('td', {dataset: {col: 'link'}}, link(ctx, a))))));
}

/** The alert's link: its service, else (across services) the Spend page of its attribute. */
function link(ctx, a) {
  const at = fmt.minute(a.minute_ms).slice(11);
  if (a.service) {
    return h('a', {href: serviceAt(ctx, a), class: 'service-at',
      title: 'The service around the alert\'s minute'}, a.service, ' @ ', at);
  }
  const pair = attributePair(a.entity || '');
  return pair ? h('a', {href: spendAt(ctx, a, pair.attribute), class: 'spend-at',
    title: `Spend by ${pair.attribute} around the alert's minute`},
  `${pair.attribute} ${pair.value}`, ' @ ', at) : null;
}

/** Tags of an entity that are cell dimensions, not attributes. */
const DIMENSION_TAGS = ['service', 'instance', 'provider', 'model'];
const ATTRIBUTE_NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * The attribute of an entity across services (`team.id=payments`, or
 * `provider=openai,model=gpt-4o,team.id=payments`): the first `name=value` pair whose name is not a
 * cell dimension (the attribute comes after them). Attribute names are configured (no `,` or `=`);
 * the value is telemetry text and may hold either, so it runs to the end of the entity.
 */
export function attributePair(entity) {
  for (let start = 0; start !== -1 && start < entity.length;
    start = entity.indexOf(',', start + 1)) {
    const text = start === 0 ? entity : entity.slice(start + 1);
    const eq = text.indexOf('=');
    const name = eq > 0 ? text.slice(0, eq) : '';
    if (ATTRIBUTE_NAME.test(name) && !DIMENSION_TAGS.includes(name)) {
      return {attribute: name, value: text.slice(eq + 1)};
    }
  }
  return null;
}

/** The Spend page of an attribute around the alert's minute: half an hour either side. */
function spendAt(ctx, a, attribute) {
  return ctx.href({page: 'spend', attribute, range: 'custom',
    from: isoMinute(a.minute_ms - 30 * MINUTE), to: isoMinute(a.minute_ms + 30 * MINUTE),
    refresh: ctx.state.refresh});
}

/** The service page around the alert's minute: half an hour either side. */
function serviceAt(ctx, a) {
  return ctx.href({page: 'service', service: a.service, tab: 'overview', range: 'custom',
    from: isoMinute(a.minute_ms - 30 * MINUTE), to: isoMinute(a.minute_ms + 30 * MINUTE),
    refresh: ctx.state.refresh});
}

function pager(ctx, result, page) {
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const link = (p, text, enabled) => enabled
    ? h('a', {class: 'btn', href: ctx.href({...ctx.state, ap: p ? String(p) : undefined})}, text)
    : h('span', {class: 'btn disabled'}, text);
  return h('div', {class: 'pager'},
    h('span', {class: 'muted', id: 'alerts-count'}, `${fmt.count(result.total)} alerts`),
    link(page - 1, '← Newer', page > 0),
    h('span', {class: 'muted'}, `page ${page + 1} of ${pages}`),
    link(page + 1, 'Older →', page + 1 < pages));
}
