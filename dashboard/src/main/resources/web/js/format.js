// Number and time formatting, one place, so the same value reads the same on every page.

const nf = (digits) =>
  new Intl.NumberFormat('en-US', {maximumFractionDigits: digits, minimumFractionDigits: 0});
const INT = nf(0);
const ONE = nf(1);
const TWO = nf(2);

const missing = (v) => v === null || v === undefined || Number.isNaN(v);

/** A count: 1,234. */
export function count(v) {
  return missing(v) ? '–' : INT.format(Math.round(v));
}

/** A rate with one decimal under 100, whole above: 12.5, 1,234. */
export function rate(v) {
  if (missing(v)) return '–';
  return Math.abs(v) >= 100 ? INT.format(v) : ONE.format(v);
}

/** Milliseconds: 85 ms, 1,234 ms, 12.3 ms. */
export function ms(v) {
  if (missing(v)) return '–';
  return (Math.abs(v) >= 100 ? INT.format(v) : ONE.format(v)) + ' ms';
}

/** A ratio 0..1 as a percentage: 12.5 %. */
export function percent(v) {
  if (missing(v)) return '–';
  const p = v * 100;
  return (p !== 0 && Math.abs(p) < 0.1 ? TWO.format(p) : ONE.format(p)) + ' %';
}

/** An amount in US dollars (the price table's currency), precise for small amounts. */
export function money(v) {
  if (missing(v)) return '–';
  const a = Math.abs(v);
  const digits = a === 0 ? 2 : a < 0.01 ? 6 : a < 1 ? 4 : 2;
  return '$' + new Intl.NumberFormat('en-US', {
    minimumFractionDigits: Math.min(digits, 2),
    maximumFractionDigits: digits,
  }).format(v);
}

/** Compact numbers for axes: 1.2K, 3.4M, 0.05. */
export function compact(v) {
  if (missing(v)) return '';
  const a = Math.abs(v);
  const digits = a === 0 || a >= 10 ? 1 : a >= 1 ? 2 : 4;
  return new Intl.NumberFormat('en-US', {notation: 'compact', maximumSignificantDigits: 3,
    maximumFractionDigits: digits}).format(v);
}

/** An axis label for a ratio: 12%. */
export function percentAxis(v) {
  return missing(v) ? '' : `${+(v * 100).toFixed(1)}%`;
}

/** An axis label for money: $0.05. */
export function moneyAxis(v) {
  return missing(v) ? '' : '$' + compact(v);
}

const pad = (n) => String(n).padStart(2, '0');

/** A minute in UTC: 2026-12-06 11:05. */
export function minute(epochMs) {
  const d = new Date(epochMs);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} `
    + `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** A time with seconds in UTC: 2026-12-06 11:05:42. */
export function time(epochMs) {
  const d = new Date(epochMs);
  return minute(epochMs) + ':' + pad(d.getUTCSeconds());
}

/** The value for a datetime-local input, in UTC. */
export function inputValue(epochMs) {
  return minute(epochMs).replace(' ', 'T');
}

/** A chart's step on a long range: 'per 3 h step', 'per day step', 'per 2 d step'. */
export function step(stepMs) {
  const minutes = Math.round(stepMs / 60000);
  if (minutes % 1440 === 0) return minutes === 1440 ? 'day steps' : `${minutes / 1440} d steps`;
  if (minutes % 60 === 0) return minutes === 60 ? 'hour steps' : `${minutes / 60} h steps`;
  return `${minutes} min steps`;
}

/**
 * The note under the summary cards naming the cells a long range was read from (the API's
 * `resolution`), or null for minute cells. Only these fixed texts are shown, never the API's word.
 */
export function resolutionNote(resolution) {
  if (resolution === 'day') {
    return 'Day resolution: whole days from day cells, the partial first and last days from hour '
      + 'and minute cells (totals exact).';
  }
  if (resolution === 'hour') {
    return 'Hour resolution: whole hours from hour cells, the rest from minute cells (totals '
      + 'exact).';
  }
  return null;
}
