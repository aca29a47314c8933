// The Pipeline page: the job's own health, read by the dashboard from Flink's REST API (see
// /api/pipeline): ingest totals and rates, requests and points refused or dropped and why, what the
// sinks wrote, the lags (watermark, receiver queue, acknowledgement, store), the last checkpoint and
// the job graph. Without a Flink REST address, or when it does not answer, a panel says so. The
// page refreshes itself every 10 s while the range's auto-refresh is off, so that rates appear.

import {h} from '../dom.js';
import * as api from '../api.js';
import * as fmt from '../format.js';

const SELF_REFRESH_MS = 10000;

const TITLES = {
  not_configured: 'No Flink REST address configured',
  unreachable: 'Flink\'s REST API does not answer',
  no_job: 'Flink runs no job',
};

const DROPS = [
  ['itemsRejected', 'Points / log records refused one by one'],
  ['genaiPointsMalformed', 'Malformed histogram points'],
  ['genaiPointsRejectedFuture', 'Points from the future (sender clock)'],
  ['genaiPointsRejectedTooOld', 'Points too old'],
  ['genaiLatePointsDropped', 'Late points dropped'],
  ['genaiModelsFolded', 'Points whose model was folded into other'],
  ['genaiProvidersFolded', 'Points whose provider was folded into other'],
  ['genaiDeltaDuplicatesDropped', 'Duplicate DELTA points (replays)'],
  ['genaiCumulativeStaleDropped', 'Stale CUMULATIVE points'],
];

const SINKS = [
  ['genaiCellsEmitted', 'Minute cells emitted'],
  ['documentsIndexed', 'OpenSearch documents indexed'],
  ['bulkRequests', 'OpenSearch _bulk requests'],
  ['bulkRequestsRetried', 'OpenSearch _bulk requests retried'],
  ['documentsRetried', 'OpenSearch documents retried'],
  ['documentsRefused', 'OpenSearch documents refused'],
  ['banyandbRowsWritten', 'BanyanDB rows written'],
  ['banyandbWriteRetries', 'BanyanDB write retries'],
  ['banyandbFailedRows', 'BanyanDB rows failed'],
];

/** Loads /api/pipeline and builds the page. */
export async function pipelineView(ctx) {
  const p = await api.pipeline();
  const refreshMs = ctx.state.refresh === 'off' ? SELF_REFRESH_MS : undefined;
  if (p.status !== 'ok') {
    return {refreshMs, node: h('div', {class: 'page'}, head(null),
      h('div', {class: 'panel message-panel', id: 'pipeline-message',
        dataset: {status: p.status}},
      h('h2', {}, TITLES[String(p.status).replace('-', '_')] || 'Pipeline unavailable'),
      // not configured: the paragraph below says what to do; else the reason
      p.status === 'not-configured' ? null : h('p', {class: 'error-text'}, p.message || ''),
      h('p', {}, 'The Pipeline page reads the job\'s metrics and checkpoints from Flink\'s REST '
        + 'API (the JobManager, port 8081 by default): give its address to the dashboard with ',
      h('code', {}, '--dashboard.flink-rest http://<jobmanager>:8081'), '.')))};
  }
  const m = p.metrics || {};
  const value = (name) => m[name]?.value;
  const rate = (name) => m[name]?.rate;
  const perSecond = (name) => (rate(name) === null || rate(name) === undefined ? 'rate after the '
    + 'next refresh' : `${fmt.rate(rate(name))} / s`);
  const cp = p.checkpoints || {};
  const card = (id, label, text, sub, tone) => h('div', {class: `card ${tone || ''}`,
    dataset: {metric: id}}, h('div', {class: 'card-label'}, label),
  h('div', {class: 'card-value'}, text), sub ? h('div', {class: 'card-sub'}, sub) : null);
  const lag = value('genaiWatermarkLagMs');
  const fill = value('queueFillRatio');
  const cards = h('div', {class: 'cards', id: 'pipeline-cards'},
    card('pointsReceived', 'Points received', fmt.count(value('pointsReceived')),
      perSecond('pointsReceived')),
    card('logRecordsReceived', 'Log records received', fmt.count(value('logRecordsReceived')),
      perSecond('logRecordsReceived')),
    card('requestsReceived', 'OTLP requests', fmt.count(value('requestsReceived')),
      perSecond('requestsReceived')),
    card('requestsRejected', 'Requests refused', fmt.count(value('requestsRejected') ?? 0),
      perSecond('requestsRejected'), value('requestsRejected') > 0 ? 'warn' : ''),
    card('genaiWatermarkLagMs', 'Watermark lag', lag === undefined ? '–' : seconds(lag),
      'job clock − event time', lag > 300000 ? 'bad' : ''),
    card('queueFillRatio', 'Receiver queue', fill === undefined ? '–' : fmt.percent(fill),
      'full at 100 %: requests throttled', fill > 0.8 ? 'bad' : ''),
    card('receiveToAckMs_p99', 'Receive → ack p99', fmt.ms(value('receiveToAckMs_p99'))),
    card('lastBulkLatencyMs', 'Last OpenSearch bulk', fmt.ms(value('lastBulkLatencyMs')),
      value('banyandbPendingRows') !== undefined
        ? `${fmt.count(value('banyandbPendingRows'))} BanyanDB rows pending` : 'sink latency'),
    card('checkpoint', 'Last checkpoint', cp.last_completed_ms ? fmt.time(cp.last_completed_ms)
      : 'none yet', cp.last_completed_ms ? `${seconds(Math.max(0, p.time_ms - cp.last_completed_ms))} ago · `
        + `${bytes(cp.last_state_size_bytes)} · ${fmt.ms(cp.last_duration_ms)}` : null),
    card('checkpoints', 'Checkpoints', `${fmt.count(cp.completed)} ok`,
      `${fmt.count(cp.failed)} failed · ${fmt.count(cp.in_progress)} in progress`,
      cp.failed > 0 ? 'warn' : ''));
  const reasons = Object.entries(p.rejected_by_reason || {}).map(([reason, v]) =>
    [`requestsRejected:${reason}`, `Requests refused: ${reason}`, v, null]);
  const drops = [...reasons, ...DROPS.filter(([name]) => name in m)
    .map(([name, label]) => [name, label, value(name), rate(name)])];
  const sinks = SINKS.filter(([name]) => name in m)
    .map(([name, label]) => [name, label, value(name), rate(name)]);
  const node = h('div', {class: 'page'}, head(p),
    cards,
    h('div', {class: 'pipeline-tables'},
      metricTable('Refused and dropped', 'drops-table', drops),
      metricTable('Sinks', 'sinks-table', sinks)),
    h('h2', {class: 'section-title'}, 'Job graph'),
    h('div', {class: 'panel table-panel'}, vertexTable(p.vertices || [])));
  return {node, refreshMs};
}

function head(p) {
  return h('div', {class: 'page-head'}, h('h1', {}, 'Pipeline'),
    p ? h('span', {class: 'muted', id: 'pipeline-job'}, `${p.job.name} · ${p.job.state} · `
      + `running ${seconds(p.job.duration_ms)} · read ${fmt.time(p.time_ms)} UTC from `
      + `${p.flink_rest}`) : null);
}

function metricTable(title, id, rows) {
  return h('div', {class: 'panel table-panel'},
    h('table', {class: 'table', id},
      h('thead', {}, h('tr', {}, h('th', {}, title), h('th', {class: 'num'}, 'Total'),
        h('th', {class: 'num'}, 'Per second'))),
      h('tbody', {}, rows.length ? rows.map(([name, label, v, r]) =>
        h('tr', {dataset: {metric: name}}, h('td', {}, label),
          h('td', {class: 'num', dataset: {col: 'total'}}, fmt.count(v)),
          h('td', {class: 'num', dataset: {col: 'rate'}},
            r === null || r === undefined ? '–' : fmt.rate(r))))
        : h('tr', {}, h('td', {colspan: '3', class: 'muted'}, 'Not exported by this job')))));
}

function vertexTable(vertices) {
  return h('table', {class: 'table', id: 'vertices-table'},
    h('thead', {}, h('tr', {}, h('th', {}, 'Operators'), h('th', {class: 'num'}, 'Parallelism'),
      h('th', {}, 'Status'), h('th', {class: 'num'}, 'Records in'),
      h('th', {class: 'num'}, 'Records out'))),
    h('tbody', {}, vertices.map((v) => h('tr', {},
      h('td', {class: 'clip', title: v.name}, v.name),
      h('td', {class: 'num'}, fmt.count(v.parallelism)),
      h('td', {}, h('span', {class: `status ${v.status === 'RUNNING' ? 'ok' : 'warn'}`},
        v.status)),
      h('td', {class: 'num'}, fmt.count(v.records_in)),
      h('td', {class: 'num'}, fmt.count(v.records_out))))));
}

function seconds(ms) {
  if (ms === null || ms === undefined) return '–';
  const s = ms / 1000;
  if (s < 120) return `${fmt.rate(s)} s`;
  if (s < 7200) return `${fmt.rate(s / 60)} min`;
  return `${fmt.rate(s / 3600)} h`;
}

function bytes(b) {
  if (b === null || b === undefined) return '–';
  if (b < 1024) return `${b} B`;
  if (b < 1024 * 1024) return `${fmt.rate(b / 1024)} KiB`;
  return `${fmt.rate(b / 1024 / 1024)} MiB`;
}
