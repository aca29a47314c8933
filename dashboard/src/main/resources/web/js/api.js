// The query API as the page uses it: one function per endpoint, answers in the shapes the views
// read. Failures are sorted into what the page must say differently: the store is down (503: a
// banner that clears itself when the store is back), a refused query (400: the API's message), or
// a token is needed (401: the token form).

const TOKEN_KEY = 'aigw-dashboard-token';

/** The store behind the API cannot be reached; the page retries until it can. */
export class StoreDownError extends Error {}

/** The API needs a bearer token (none given, or the given one is unknown). */
export class UnauthorizedError extends Error {}

/** The API refused the query (a bad parameter): its message says which. */
export class BadQueryError extends Error {}

/** The dashboard server itself did not answer. */
export class ServerDownError extends Error {}

/**
 * The bearer token, if the user gave one: kept for this browser tab only (sessionStorage), never in
 * the URL, so that sharing a link never shares the token.
 */
export function token() {
  return window.sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  if (value) window.sessionStorage.setItem(TOKEN_KEY, value);
  else window.sessionStorage.removeItem(TOKEN_KEY);
}

/** GET of an API path with query parameters; failures sorted as above (other API modules too). */
export async function get(path, params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') q.set(key, value);
  }
  const headers = {Accept: 'application/json'};
  const t = token();
  if (t) headers.Authorization = 'Bearer ' + t;
  let response;
  try {
    response = await fetch(`${path}?${q}`, {headers, cache: 'no-store'});
  } catch (e) {
    throw new ServerDownError('The dashboard server does not answer.');
  }
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  if (response.ok) return body;
  const message = (body && (body.error || body.message)) || `HTTP ${response.status}`;
  if (response.status === 401) throw new UnauthorizedError(message);
  if (response.status === 503 || response.status === 502 || response.status === 504) {
    throw new StoreDownError(message);
  }
  if (response.status >= 400 && response.status < 500) throw new BadQueryError(message);
  throw new StoreDownError(message);
}

const range = (win) => ({from: win.fromMs, to: win.toMs});

/**
 * Every service with its range summary and a series for sparklines (per minute, or per step of
 * several minutes on a long range: `step`, ms):
 * [{service, totals: {field: value}, points: [{t, field: value}], step}].
 */
export async function services(win) {
  const body = await get('/api/services', {...range(win), limit: 1000,
    fields: 'requests,errors,latency_avg_ms,latency_p99_ms'});
  return (body.services || []).map((s) => ({
    service: s.service,
    totals: s.summary || {},
    points: toPoints(body.minutes, s.series || {}),
    step: body.step_ms || 60000,
  }));
}

/** The range summary of a service, or of one instance of it: {field: value}. */
export async function summary(q, win) {
  return (await summaryRead(q, win)).totals;
}

/**
 * As summary(), with the cells it was read from: {totals: {field: value}, resolution} (minute,
 * hour or day: the coarsest cells that answered part of the range).
 */
export async function summaryRead(q, win) {
  const body = await get('/api/summary', {...range(win), service: q.service,
    instance: q.instance});
  return {totals: body.summary || {}, resolution: body.resolution || 'minute'};
}

/**
 * Series of cell fields for a service (or one instance), whole or split by provider or model, per
 * minute or per step of several minutes on a long range (`step`, ms; counts stay per minute):
 * [{key: {provider, model, instance}, points: [{t, field: value}], step}].
 */
export async function series(q, win) {
  const body = await get('/api/series', {
    ...range(win),
    service: q.service,
    instance: q.instance,
    by: q.by,
    limit: q.limit,
    fields: q.fields.join(','),
  });
  return (body.series || []).map((s) => ({
    key: {provider: s.provider, model: s.model, instance: s.instance},
    points: toPoints(body.minutes, s.values || {}),
    step: body.step_ms || 60000,
    resolution: body.resolution || 'minute',
  }));
}

/**
 * Range summaries per provider, model or instance of a service, most requests first:
 * [{key: {provider, model, instance}, totals: {field: value}}].
 */
export async function breakdown(by, q, win, limit = 100) {
  const body = await get('/api/breakdown', {...range(win), by, service: q.service,
    instance: q.instance, limit});
  return (body.groups || []).map((g) => ({
    key: {provider: g.provider, model: g.model, instance: g.instance},
    totals: g.summary || {},
  }));
}

/** One page of kept access logs: {total, page, size, records: [{field: value}]}. */
export async function logs(filters, win) {
  const body = await get('/api/logs', {...range(win), ...filters});
  return {
    total: body.total || 0,
    page: body.page || 0,
    size: body.size || 50,
    records: body.records || [],
  };
}

/**
 * Points {t, field: value} from the API's columns (one array per field on the minute grid). The API
 * reads a minute without a cell as 0 for counts and null for averages; a minute is a point here only
 * when it had traffic, so that the charts can tell "no traffic" (0 between points) from "not
 * written yet" (a gap after the last point).
 */
export function toPoints(minutes, columns) {
  const fields = Object.keys(columns);
  const points = [];
  (minutes || []).forEach((t, i) => {
    const p = {t};
    let data = false;
    for (const f of fields) {
      const v = columns[f][i];
      p[f] = v;
      if (v !== null && v !== 0) data = true;
    }
    if (data) points.push(p);
  });
  return points;
}

/**
 * Alerts (`/api/alerts`): `{state: 'firing'}` the alerts firing now with a count per service,
 * `{state: 'all', page, size}` with a window the range's alerts, one row per alert:
 * {alerts: [...], services: {name: firing count}, total, truncated}.
 */
export async function alerts(q, win) {
  const body = await get('/api/alerts', {...(win ? range(win) : {}), ...q});
  return {
    alerts: body.alerts || [],
    services: body.services || {},
    total: body.total ?? (body.alerts || []).length,
    truncated: Boolean(body.truncated),
  };
}

/** The job's health from Flink's REST API (`/api/pipeline`), as the API answers it. */
export async function pipeline() {
  return get('/api/pipeline', {});
}

// ---- GenAI apps (application cells from LLM spans, issue 17)

/** Applications (or providers: `kind` = 'providers') with their range summaries, most calls first. */
export async function appsList(kind, win) {
  const body = await get(`/api/apps/${kind}`, {...range(win), limit: 1000});
  return body[kind] || [];
}

/** The range summary of an application, provider or (provider, model): {field: value}. */
export async function appsSummary(q, win) {
  const body = await get('/api/apps/summary', {...range(win), ...q});
  return body.summary || {};
}

/** The series of a selection: {minutes: [t], step, values: {field: [value per step]}}. */
export async function appsSeries(q, win) {
  const body = await get('/api/apps/series', {...range(win), ...q});
  return {minutes: body.minutes || [], step: body.step_ms || 60000, values: body.values || {}};
}

/** The groups of a selection by application, provider or model: [{application, provider, model, summary}]. */
export async function appsBreakdown(by, q, win) {
  const body = await get('/api/apps/breakdown', {...range(win), ...q, by, limit: 1000});
  return body.groups || [];
}
