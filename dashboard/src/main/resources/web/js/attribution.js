// The attribution endpoints (/api/attribution/...) as the Teams tab and the Spend page use them,
// and what both show about a value: the placeholders the job writes (`none`, `other`) and the
// attribute chosen from the URL.

import {h} from './dom.js';
import {BadQueryError, get, toPoints} from './api.js';

const range = (win) => ({from: win.fromMs, to: win.toMs});

/**
 * The attribute names (configured for the job, or seen in the window) and the secret ones:
 * {attributes: [name], secret: [name]}. A dashboard without the attribution API (404) has none.
 */
export async function attributes(win) {
  try {
    const body = await get('/api/attribution/attributes', range(win));
    return {attributes: body.attributes || [], secret: body.secret || []};
  } catch (e) {
    if (e instanceof BadQueryError) return {attributes: [], secret: []};
    throw e;
  }
}

/** A service's values of an attribute, most cost first: {values: [{value, placeholder,
 * cost_share, summary}], total: summary}. */
export async function breakdown(service, attribute, win) {
  const body = await get('/api/attribution/breakdown', {...range(win), service, attribute,
    limit: 1000});
  return {values: body.values || [], total: body.total || {}};
}

/** The values across services, most cost first, each with its top services and models. */
export async function spend(attribute, win) {
  const body = await get('/api/attribution/spend', {...range(win), attribute, limit: 1000});
  return {values: body.values || [], total: body.total || {}};
}

/** Per-value series of one service (or of all): [{value, points: [{t, field: value}], step}]. */
export async function series(service, attribute, fields, win, limit = 10) {
  const body = await get('/api/attribution/series', {...range(win), service, attribute, limit,
    fields: fields.join(',')});
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
