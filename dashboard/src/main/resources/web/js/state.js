// The page's whole state lives in the URL's query string, so that any view can be bookmarked or
// shared: which page, service, instance and tab, the time range, the refresh interval and the log
// filters. Nothing is kept anywhere else (the bearer token excepted, see api.js).

/** Relative ranges and their length in minutes. */
export const RANGES = {'15m': 15, '1h': 60, '6h': 360, '24h': 1440, '7d': 10080,
  // read from hour and day cells (docs/dashboard.md, "Minute, hour and day cells")
  '30d': 43200, '90d': 129600, '365d': 525600};

/** Auto-refresh choices and their period in ms (0 = off). */
export const REFRESH = {off: 0, '10s': 10000, '30s': 30000, '1m': 60000};

export const TABS = ['overview', 'providers', 'models', 'instances', 'logs', 'teams'];

/** Keys of the log filters (cleared when leaving the logs). */
export const LOG_KEYS = ['minute', 'span', 'instance', 'provider', 'model', 'status', 'reason', 'q',
  'p'];

/** The GenAI apps pages (views/apps.js) and their keys: application, provider, model, sorts. */
export const APP_PAGES = ['apps', 'app', 'llm-provider', 'llm-model'];
export const APP_KEYS = ['app', 'llm_provider', 'llm_model', 'asort', 'adir', 'psort', 'pdir',
  'bsort', 'bdir'];

const KEYS = ['page', 'service', 'tab', 'range', 'from', 'to', 'refresh', 'sort', 'dir',
  'attribute'];
/** Pages of the top nav that name no service (besides the GenAI apps pages). */
export const TOP_PAGES = ['services', 'spend', 'alerts', 'pipeline'];
/** Keys of the alerts page: its history page. */
const ALERT_KEYS = ['ap'];
const MINUTE = 60000;

/** The state of a URL (default: this page's). Unknown values fall back to defaults. */
export function parse(search = window.location.search) {
  const q = new URLSearchParams(search);
  const s = {};
  for (const key of [...KEYS, ...LOG_KEYS, ...APP_KEYS, ...ALERT_KEYS]) {
    const value = q.get(key);
    if (value !== null && value !== '') s[key] = value;
  }
  if (APP_PAGES.includes(s.page)) return appPage(s);
  if (![...TOP_PAGES, 'service', 'instance'].includes(s.page)) {
    s.page = s.service ? (s.instance && !s.tab ? 'instance' : 'service') : 'services';
  }
  if (!TOP_PAGES.includes(s.page) && !s.service) s.page = 'services';
  if (s.page === 'instance' && !s.instance) s.page = 'service';
  if (s.page === 'service' && !TABS.includes(s.tab)) s.tab = 'overview';
  if (!(s.range in RANGES) && s.range !== 'custom') s.range = '1h';
  if (s.range === 'custom' && !(parseTime(s.from) && parseTime(s.to))) s.range = '1h';
  if (!(s.refresh in REFRESH)) s.refresh = 'off';
  return s;
}

/** The query string (with '?') of a state; defaults are left out to keep links short. */
export function href(state) {
  const q = new URLSearchParams();
  const keys = [...KEYS, 'instance', ...LOG_KEYS.filter((k) => k !== 'instance'), ...APP_KEYS,
    ...ALERT_KEYS];
  for (const key of keys) {
    const value = state[key];
    if (value === undefined || value === null || value === '') continue;
    if (key === 'page' && value === 'services') continue;
    if (key === 'tab' && (value === 'overview' || state.page !== 'service')) continue;
    if (key === 'refresh' && value === 'off') continue;
    if ((key === 'from' || key === 'to') && state.range !== 'custom') continue;
    if (LOG_KEYS.includes(key) && key !== 'instance' && state.tab !== 'logs') continue;
    if (key === 'instance' && state.page === 'services') continue;
    if (ALERT_KEYS.includes(key) && state.page !== 'alerts') continue;
    if (key === 'service' && (state.page === 'alerts' || state.page === 'pipeline')) continue;
    if ((key === 'sort' || key === 'dir') && state.page !== 'services') continue;
    if (APP_KEYS.includes(key) && !APP_PAGES.includes(state.page)) continue;
    // the attribute of the Teams tab and the Spend page
    if (key === 'attribute' && state.page !== 'spend' && state.tab !== 'teams') continue;
    if (key === 'service' && state.page === 'spend') continue;
    q.set(key, value);
  }
  const text = q.toString();
  return text ? '?' + text : '?';
}

// A GenAI apps page needs its names; without them, the list. Range and refresh as elsewhere.
function appPage(s) {
  if (s.page === 'app' && !s.app) s.page = 'apps';
  if (s.page === 'llm-provider' && !s.llm_provider) s.page = 'apps';
  if (s.page === 'llm-model' && !(s.llm_provider && s.llm_model)) s.page = 'apps';
  if (!(s.range in RANGES) && s.range !== 'custom') s.range = '1h';
  if (s.range === 'custom' && !(parseTime(s.from) && parseTime(s.to))) s.range = '1h';
  if (!(s.refresh in REFRESH)) s.refresh = 'off';
  return s;
}

/** A new state: `base` with `changes`, keeping range and refresh. */
export function withChanges(base, changes) {
  return {...base, ...changes};
}

/** Epoch ms of a URL time: epoch ms digits or an ISO time such as 2026-12-06T10:00Z. */
export function parseTime(text) {
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text);
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : t;
}

/** An ISO minute for the URL (readable, unambiguous): 2026-12-06T10:00Z. */
export function isoMinute(epochMs) {
  return new Date(epochMs).toISOString().slice(0, 16) + 'Z';
}

/**
 * The window [fromMs, toMs) a state asks for, in whole minutes: a relative range ends after the
 * current minute (which fills as its cell arrives), a custom one is what the URL says.
 */
export function window_(state, nowMs = Date.now()) {
  if (state.range === 'custom') {
    const from = Math.floor(parseTime(state.from) / MINUTE) * MINUTE;
    const to = Math.ceil(parseTime(state.to) / MINUTE) * MINUTE;
    return {fromMs: from, toMs: Math.max(to, from + MINUTE)};
  }
  const toMs = Math.floor(nowMs / MINUTE) * MINUTE + MINUTE;
  return {fromMs: toMs - RANGES[state.range] * MINUTE, toMs};
}
