// The services page: one row per service with its range summary and sparklines, sortable by any
// column (the sort is part of the URL), a click on a row opens the service. With no service at all
// in the range, an empty state says where to send the telemetry.

import {h} from '../dom.js';
import * as api from '../api.js';
import * as charts from '../charts.js';
import * as fmt from '../format.js';
import {summary} from '../metrics.js';
import {emptyState} from './empty.js';

const COLUMNS = [
  {id: 'service', title: 'Service', text: true, value: (r) => r.service},
  {id: 'cpm', title: 'Requests / min', value: (r) => r.s.cpm, format: fmt.rate, spark: 'requests'},
  {id: 'error-rate', title: 'Error rate', value: (r) => r.s.errorRate, format: fmt.percent},
  {id: 'latency-avg', title: 'Latency avg', value: (r) => r.s.latencyAvg, format: fmt.ms},
  {id: 'latency-p99', title: 'Latency p99', value: (r) => r.p99, format: fmt.ms,
    spark: 'latency_p99_ms', hint: 'highest per-minute p99 in the range'},
  {id: 'input-tpm', title: 'Input tokens / min', value: (r) => r.s.inputPerMin, format: fmt.rate},
  {id: 'output-tpm', title: 'Output tokens / min', value: (r) => r.s.outputPerMin,
    format: fmt.rate},
  {id: 'cost-per-hour', title: 'Est. cost / hour', value: (r) => r.s.costPerHour,
    format: fmt.money},
];

/** Loads the services of the window and builds the page. */
export async function servicesView({state, win, href, go}) {
  const minutes = (win.toMs - win.fromMs) / 60000;
  const [services, firing] = await Promise.all([api.services(win), firingPerService()]);
  const rows = services.map((x) => ({
    service: x.service,
    points: x.points,
    s: summary(x.totals, minutes),
    p99: x.points.reduce((m, p) => Math.max(m, p.latency_p99_ms ?? 0), 0) || null,
  }));
  if (!rows.length) {
    return {node: emptyState(win), empty: true};
  }
  const sortId = COLUMNS.some((c) => c.id === state.sort) ? state.sort : 'cpm';
  const dir = state.dir === 'asc' ? 'asc' : state.dir === 'desc' ? 'desc'
    : sortId === 'service' ? 'asc' : 'desc';
  const column = COLUMNS.find((c) => c.id === sortId);
  rows.sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    const order = column.text ? String(x).localeCompare(String(y))
      : (x ?? -Infinity) - (y ?? -Infinity);
    return dir === 'asc' ? order : -order;
  });

  const sparks = [];
  const head = h('tr', {}, COLUMNS.map((c) => {
    const active = c.id === sortId;
    const next = active && dir === 'desc' ? 'asc' : active ? 'desc' : c.text ? 'asc' : 'desc';
    return h('th', {class: `${c.text ? '' : 'num'} ${active ? 'sorted ' + dir : ''}`,
      'aria-sort': active ? (dir === 'asc' ? 'ascending' : 'descending') : null,
      title: c.hint || null},
    h('a', {href: href({...state, sort: c.id, dir: next}), class: 'sort', dataset: {sort: c.id}},
      c.title, h('span', {class: 'arrow'}, active ? (dir === 'asc' ? '▲' : '▼') : '')));
  }));
  const body = rows.map((r) => {
    const target = {...state, page: 'service', service: r.service, tab: 'overview',
      sort: undefined, dir: undefined};
    const link = href(target);
    return h('tr', {class: 'row-link', dataset: {service: r.service},
      onclick: (e) => {
        if (!e.target.closest('a')) go(target);
      }},
    COLUMNS.map((c) => {
      if (c.text) {
        return h('td', {class: 'service-name', dataset: {col: c.id}},
          h('a', {href: link}, r.service), alertBadge(href, state, firing[r.service]));
      }
      const cell = h('td', {class: 'num', dataset: {col: c.id}},
        h('span', {class: 'value'}, c.format(c.value(r))));
      if (c.spark) {
        const box = h('div', {class: 'spark'});
        cell.prepend(box);
        const values = charts.perMinute(r.points, win, (p) => p[c.spark],
          c.spark === 'requests' ? 0 : null, r.step).map((p) => p[1]);
        sparks.push([box, values, c.spark === 'requests' ? undefined : '#f29e4c']);
      }
      return cell;
    }));
  });
  const node = h('div', {class: 'page'},
    h('div', {class: 'page-head'},
      h('h1', {}, 'Services'),
      h('span', {class: 'muted'}, `${rows.length} ${rows.length === 1 ? 'service' : 'services'}`
        + ` · ${fmt.minute(win.fromMs)} – ${fmt.minute(win.toMs)} UTC`)),
    h('div', {class: 'panel table-panel'},
      h('table', {class: 'table', id: 'services-table'}, h('thead', {}, head),
        h('tbody', {}, body))));
  return {node, mount: () => sparks.forEach(([box, values, color]) =>
    charts.sparkline(box, values, color))};
}

/** Firing alerts per service; none when the alert store cannot be read (the list still shows). */
async function firingPerService() {
  try {
    return (await api.alerts({state: 'firing'})).services;
  } catch (e) {
    return {};
  }
}

/** The badge of a service with firing alerts: a link to the Alerts page. */
function alertBadge(href, state, count) {
  if (!count) return null;
  return h('a', {class: 'badge alert-badge', href: href({range: state.range, from: state.from,
    to: state.to, refresh: state.refresh, page: 'alerts'}),
  title: `${count} ${count === 1 ? 'alert' : 'alerts'} firing`}, `${count} firing`);
}
