// ECharts, as the page uses it: per-minute line charts whose points open the logs of their minute,
// and sparklines. Series names from telemetry reach ECharts as plain strings, which it draws as
// text on a canvas (never as HTML); the tooltip formatter below builds DOM nodes itself for the
// same reason.

import {h} from './dom.js';
import * as fmt from './format.js';

const MINUTE = 60000;

/**
 * The step of a chart on a long range ('hour steps', 'day steps'), shown beside its unit; null
 * for minute steps.
 */
export function stepLabel(step) {
  return step > MINUTE ? h('span', {class: 'step', dataset: {step: String(step)}}, fmt.step(step))
    : null;
}
const PALETTE = ['#2f6fed', '#17a398', '#f29e4c', '#e0567a', '#7b61ff', '#4fb3d9', '#9aa33a',
  '#b86bd1', '#d9822b', '#5c7080'];

const ECHARTS_URL = '/webjars/echarts/dist/echarts.min.js';
let echartsLoading = null;

/**
 * Resolves when ECharts is loaded, loading it on the first call. Views that draw charts wait for
 * it before they mount; the services list (sparklines on plain canvases) does not, so that its
 * first paint does not wait for a megabyte of script to be parsed.
 */
export function ready() {
  if (window.echarts) return Promise.resolve();
  if (!echartsLoading) {
    echartsLoading = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = ECHARTS_URL;
      script.onload = () => resolve();
      script.onerror = () => {
        echartsLoading = null;
        script.remove();
        reject(new Error(`the chart library ${ECHARTS_URL} could not be loaded`));
      };
      document.head.append(script);
    });
  }
  return echartsLoading;
}

/** Every chart of the page, so that a resize or a new view can dispose of them. */
const live = new Set();

window.addEventListener('resize', () => live.forEach((c) => c.resize()));

/** Disposes every chart (before a view is replaced). */
export function disposeAll() {
  live.forEach((c) => c.dispose());
  live.clear();
}

/**
 * A per-minute line chart over the window: `lines` = [{name, points: [[t, value]]}] with missing
 * minutes as gaps. `onMinute(t, lineName)` is called when the user clicks in the plot: the minute
 * under the pointer and the line nearest to it.
 */
export function lineChart(container, {lines, win, format = fmt.rate, onMinute, area}) {
  const axisFormat = format === fmt.percent ? fmt.percentAxis
    : format === fmt.money ? fmt.moneyAxis : fmt.compact;
  const chart = echarts.init(container, null, {renderer: 'canvas'});
  live.add(chart);
  const multi = lines.length > 1;
  chart.setOption({
    useUTC: true,
    animation: false,
    color: PALETTE,
    grid: {left: 8, right: 12, top: multi ? 30 : 12, bottom: 4, containLabel: true},
    legend: multi ? {type: 'scroll', top: 0, left: 0, right: 0, itemHeight: 8, itemWidth: 12,
      icon: 'roundRect',
      textStyle: {fontSize: 11, color: '#4a5568'}} : undefined,
    tooltip: {
      trigger: 'axis',
      confine: true,
      axisPointer: {type: 'line', lineStyle: {color: '#a0aec0'}},
      formatter: (params) => tooltip(params, format),
    },
    xAxis: {
      type: 'time',
      min: win.fromMs,
      max: win.toMs - MINUTE,
      axisLine: {lineStyle: {color: '#cbd5e0'}},
      axisLabel: {color: '#718096', fontSize: 10, hideOverlap: true},
      splitLine: {show: false},
    },
    yAxis: {
      type: 'value',
      min: 0,
      axisLabel: {color: '#718096', fontSize: 10, formatter: axisFormat},
      splitLine: {lineStyle: {color: '#edf2f7'}},
    },
    series: lines.map((line) => ({
      name: line.name,
      type: 'line',
      data: line.points,
      showSymbol: line.points.length < 40,
      symbolSize: 4,
      connectNulls: false,
      lineStyle: {width: 1.6},
      areaStyle: area && !multi ? {opacity: 0.08} : undefined,
      emphasis: {focus: multi ? 'series' : 'none'},
    })),
  });
  if (onMinute) {
    container.classList.add('clickable');
    chart.getZr().on('click', (e) => {
      const pixel = [e.offsetX, e.offsetY];
      if (!chart.containPixel('grid', pixel)) return;
      const [t] = chart.convertFromPixel({gridIndex: 0}, pixel);
      // the start of the step the pointer is nearest to (a minute, or several on a long range)
      const step = lines.length && lines[0].step ? lines[0].step : MINUTE;
      const origin = lines.length && lines[0].points.length ? lines[0].points[0][0] : win.fromMs;
      const minute = origin + Math.round((t - origin) / step) * step;
      onMinute(minute, nearestLine(chart, lines, minute, e.offsetY), step);
    });
  }
  return chart;
}

// The line whose value at `minute` is drawn nearest to the pointer's height.
function nearestLine(chart, lines, minute, y) {
  let best = null;
  let bestDistance = Infinity;
  lines.forEach((line, i) => {
    const point = line.points.find((p) => p[0] === minute);
    if (!point || point[1] === null) return;
    const [, py] = chart.convertToPixel({seriesIndex: i}, point);
    const distance = Math.abs(py - y);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = line.name;
    }
  });
  return best;
}

function tooltip(params, format) {
  if (!params.length) return '';
  const box = h('div', {class: 'tip'}, h('div', {class: 'tip-time'}, fmt.minute(params[0].value[0])));
  for (const p of params) {
    box.appendChild(h('div', {class: 'tip-row'},
      h('span', {class: 'tip-dot', style: `background:${p.color}`}),
      h('span', {class: 'tip-name'}, p.seriesName),
      h('span', {class: 'tip-value'}, p.value[1] === null ? '–' : format(p.value[1]))));
  }
  return box;
}

/**
 * A small line without axes for table rows, drawn on a plain canvas: a page of hundreds of rows
 * would spend seconds creating one ECharts instance per sparkline (the dashboard benchmark measured
 * it), while a polyline costs microseconds. Gaps (null) break the line; a lone value is a dot.
 */
export function sparkline(container, values, color = PALETTE[0]) {
  // the size of .spark in style.css: reading the layout per row would force a reflow each
  const width = 90;
  const height = 26;
  const ratio = window.devicePixelRatio || 1;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  container.replaceChildren(canvas);
  const g = canvas.getContext('2d');
  g.scale(ratio, ratio);
  const max = values.reduce((m, v) => (v !== null && v > m ? v : m), 0);
  const x = (i) => 1 + (values.length > 1 ? (i * (width - 2)) / (values.length - 1)
    : (width - 2) / 2);
  const y = (v) => height - 2 - (max > 0 ? (v / max) * (height - 4) : 0);
  g.strokeStyle = color;
  g.fillStyle = color;
  g.lineWidth = 1.2;
  let run = [];
  const flush = () => {
    if (run.length === 1) {
      g.beginPath();
      g.arc(run[0][0], run[0][1], 1.5, 0, 2 * Math.PI);
      g.fill();
    } else if (run.length > 1) {
      g.beginPath();
      run.forEach(([px, py], i) => (i ? g.lineTo(px, py) : g.moveTo(px, py)));
      g.stroke();
      g.globalAlpha = 0.12;
      g.lineTo(run[run.length - 1][0], height - 2);
      g.lineTo(run[0][0], height - 2);
      g.closePath();
      g.fill();
      g.globalAlpha = 1;
    }
    run = [];
  };
  values.forEach((v, i) => (v === null ? flush() : run.push([x(i), y(v)])));
  flush();
  return canvas;
}

/**
 * Points [[t, value]] for every minute of the window, from points {t, field: value} and a function
 * of one point. A minute without a cell between two cells had no traffic: counts are 0 there
 * (`fill`), averages and percentiles a gap (null, the default). Before the first cell and after the
 * last one the chart shows gaps either way: the traffic may not have started, or its cells may not
 * be written yet.
 */
export function perMinute(points, win, valueOf, fill = null, step = MINUTE) {
  const byMinute = new Map(points.map((p) => [p.t, p]));
  const last = points.reduce((m, p) => Math.max(m, p.t), -Infinity);
  const first = points.reduce((m, p) => Math.min(m, p.t), Infinity);
  const out = [];
  // steps of a long range start at its first whole hour or day (the answer's grid), which may be
  // after the window's start: walk the points' grid
  const start = points.length ? first - Math.floor((first - win.fromMs) / step) * step : win.fromMs;
  for (let t = start; t < win.toMs; t += step) {
    const p = byMinute.get(t);
    let v = p ? valueOf(p) : t > first && t < last ? fill : null;
    if (v === undefined || (typeof v === 'number' && !Number.isFinite(v))) v = null;
    out.push([t, v]);
  }
  return out;
}
