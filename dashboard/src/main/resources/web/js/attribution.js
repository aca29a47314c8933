// The attribution endpoints as the Teams tab, the Spend page and an application's "by attribute"
// section use them: the gateway's (/api/attribution/...) and the span applications'
// (/api/apps/attribution/...); and what all show about a value: the placeholders the job writes
// (`none`, `other`), the attribute chosen from the URL, the per-value charts.

import {h} from './dom.js';
import {BadQueryError, get, toPoints} from './api.js';
import * as charts from './charts.js';

const range = (win) => ({from: win.fromMs, to: win.toMs});

/** The gateway attribution endpoints' base path. */
export const GATEWAY = '/api/attribution';

/** The application (span) attribution endpoints' base path. */
export const APPS = '/api/apps/attribution';

/**
 * The attribute names (configured for the job, or seen in the window) and the secret ones of one
 * family (`base`: GATEWAY or APPS): {attributes: [name], secret: [name]}. A dashboard without the
 * endpoint (404) has none.
 */
export async function attributes(win, base = GATEWAY) {
  try {
    const body = await get(`${base}/attributes`, range(win));
    return {attributes: body.attributes || [], secret: body.secret || []};
  } catch (e) {
    if (e instanceof BadQueryError) return {attributes: [], secret: []};
    throw e;
  }
}

/** A service's values of an attribute, most cost first: {values: [{value, placeholder,
 * cost_share, summary}], total: summary}. */
export async function breakdown(service, attribute, win) {
  return ranked(`${GATEWAY}/breakdown`, {service, attribute}, win);
}

/** The values across services, most cost first, each with its top services and models. */
export async function spend(attribute, win) {
  return ranked(`${GATEWAY}/spend`, {attribute}, win);
}

/** Per-value series of one service (or of all): [{value, points: [{t, field: value}], step}]. */
export async function series(service, attribute, fields, win, limit = 10) {
  return perValue(`${GATEWAY}/series`, {service, attribute}, fields, win, limit);
}

/** An application's values of an attribute, most cost first, each with its top models. */
export async function appSpend(application, attribute, win) {
  return ranked(`${APPS}/spend`, {application, attribute}, win);
}

// The values of a selection as breakdown and spend endpoints answer them: {values, total}.
async function ranked(path, selection, win) {
  const body = await get(path, {...range(win), ...selection, limit: 1000});
  return {values: body.values || [], total: body.total || {}};
}

/** Per-value series of an application (or of all), as series(). */
export async function appSeries(application, attribute, fields, win, limit = 10) {
  return perValue(`${APPS}/series`, {application, attribute}, fields, win, limit);
}

// The per-value series of a selection as both series endpoints answer them.
async function perValue(path, selection, fields, win, limit) {
  const body = await get(path, {...range(win), ...selection, limit, fields: fields.join(',')});
  return (body.series || []).map((s) => ({
    value: s.value,
    points: toPoints(body.minutes, s.values || {}),
    step: body.step_ms || 60000,
  }));
}

/** The attribute a view shows: the URL's when it is one of `names`, else the first. */
export function chosen(state, names) {
  return names.includes(state.attribute) ? state.attribute : names[0];
}

/** The value's name as text, with a badge for the job's placeholders. */
export function valueName(attribute, row) {
  const badge = row.placeholder === 'none'
    ? h('span', {class: 'badge neutral', title: `requests that carried no ${attribute}`},
      `no ${attribute}`)
    : row.placeholder === 'other'
      ? h('span', {class: 'badge neutral', title: 'values beyond the per-attribute cap, folded '
        + 'together'}, 'folded')
      : null;
  return [h('span', {class: 'name-text'}, row.value), badge];
}

/** A selector of the attribute when there are several (changing it keeps the rest of the URL). */
export function attributeSelector(ctx, names, current) {
  if (names.length < 2) return null;
  return h('label', {class: 'filter attribute-filter'}, h('span', {}, 'Attribute'),
    h('select', {id: 'attribute', onchange: (e) => ctx.go({...ctx.state, attribute: e.target.value})},
      names.map((n) => h('option', {value: n, selected: n === current}, n))));
}

/**
 * One chart per spec ({id, title, unit, format, field}) with a line per value of `lines` (as
 * series() answers them): {node, mount}. Each widget is `data-widget="<id>-by-value"`.
 */
export function valueCharts(specs, lines, attribute, win) {
  const mounts = [];
  const node = h('div', {class: 'widgets'}, specs.map((c) => {
    const box = h('div', {class: 'chart'});
    const chartLines = lines.map((l) => ({name: l.value, step: l.step,
      points: charts.perMinute(l.points, win, (p) => p[c.field], 0, l.step)}));
    mounts.push(() => charts.lineChart(box, {lines: chartLines, win, format: c.format}));
    return h('section', {class: 'widget', dataset: {widget: `${c.id}-by-value`}},
      h('header', {class: 'widget-head'}, h('h3', {}, `${c.title} by ${attribute}`,
        h('span', {class: 'unit'}, c.unit),
        charts.stepLabel(lines.length ? lines[0].step : 60000))),
      box);
  }));
  return {node, mount: () => mounts.forEach((m) => m())};
}
