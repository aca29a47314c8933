// The page's controller: reads the state from the URL, keeps the header's controls in step with it,
// renders the view it names, refreshes it on the chosen period, and tells the user when the store
// is down (retrying until it is back) or when the API needs a token.

import {h, replace} from './dom.js';
import * as api from './api.js';
import * as charts from './charts.js';
import * as fmt from './format.js';
import {APP_PAGES, REFRESH, href, isoMinute, parse, parseTime, window_} from './state.js';
import {servicesView} from './views/services.js';
import {serviceView} from './views/service.js';
import {appView, appsView, modelView, providerView} from './views/apps.js';
import {spendView} from './views/spend.js';

/** The views of the pages beyond the services list and a service (views/apps.js, spend.js). */
const PAGE_VIEWS = {'apps': appsView, 'app': appView, 'llm-provider': providerView,
  'llm-model': modelView, 'spend': spendView};

const RETRY_MS = 5000;

const main = document.getElementById('main');
const banner = document.getElementById('banner');
const crumbs = document.getElementById('crumbs');
const rangeSelect = document.getElementById('range');
const refreshSelect = document.getElementById('refresh');
const customBox = document.getElementById('custom-range');
const customFrom = document.getElementById('custom-from');
const customTo = document.getElementById('custom-to');

let generation = 0;
let timer = null;

/** Goes to the state `next` (a new history entry unless `replaceEntry`) and renders it. */
export function go(next, replaceEntry = false) {
  const url = href(next);
  if (replaceEntry) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  render();
}

// Links inside the page are real links (open in a new tab works), followed without a reload.
document.addEventListener('click', (e) => {
  const a = e.target.closest('a[href^="?"]');
  if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  window.history.pushState(null, '', a.getAttribute('href'));
  render();
});
window.addEventListener('popstate', () => render());

rangeSelect.addEventListener('change', () => {
  const state = parse();
  if (rangeSelect.value === 'custom') {
    // start from the window shown now; applied with the Apply button
    const win = window_(state);
    customFrom.value = fmt.inputValue(win.fromMs);
    customTo.value = fmt.inputValue(win.toMs);
    customBox.hidden = false;
    return;
  }
  go({...state, range: rangeSelect.value, from: undefined, to: undefined});
});
document.getElementById('custom-apply').addEventListener('click', () => {
  // the inputs are read as UTC, like every time on the page
  const from = parseTime(customFrom.value + 'Z');
  const to = parseTime(customTo.value + 'Z');
  if (from === null || to === null || to <= from) {
    showBanner('error', 'The custom range needs a start before its end.');
    return;
  }
  go({...parse(), range: 'custom', from: isoMinute(from), to: isoMinute(to)});
});
refreshSelect.addEventListener('change', () => go({...parse(), refresh: refreshSelect.value}, true));
document.getElementById('reload').addEventListener('click', () => render());

function syncControls(state) {
  rangeSelect.value = state.range;
  refreshSelect.value = state.refresh;
  customBox.hidden = state.range !== 'custom';
  if (state.range === 'custom') {
    customFrom.value = fmt.inputValue(parseTime(state.from));
    customTo.value = fmt.inputValue(parseTime(state.to));
  }
  const parts = [h('a', {href: href({...state, page: 'services', service: undefined,
    instance: undefined, tab: undefined})}, 'Services')];
  if (state.service) {
    parts.push(h('span', {class: 'sep'}, '/'));
    parts.push(h('a', {href: href({...state, page: 'service', tab: 'overview',
      instance: undefined}), class: 'crumb-service'}, state.service));
  }
  if (state.page === 'instance') {
    parts.push(h('span', {class: 'sep'}, '/'));
    parts.push(h('span', {class: 'crumb-instance'}, state.instance));
  }
  if (APP_PAGES.includes(state.page)) appCrumbs(state, parts);
  const navApps = document.getElementById('nav-apps');
  navApps?.classList.toggle('active', APP_PAGES.includes(state.page));
  navApps?.setAttribute('href', href({range: state.range, from: state.from, to: state.to,
    refresh: state.refresh, page: 'apps'}));
  if (state.page === 'spend') {
    parts.push(h('span', {class: 'sep'}, '/'), h('span', {class: 'crumb-service'}, 'Spend'));
  }
  replace(crumbs, parts);
  // the top nav's Spend page keeps the range, refresh and attribute
  const spend = document.getElementById('nav-spend');
  spend.setAttribute('href', href({page: 'spend', range: state.range, from: state.from,
    to: state.to, refresh: state.refresh, attribute: state.attribute}));
  spend.classList.toggle('active', state.page === 'spend');
  document.title = state.service ? `${state.service} · AI Gateway Insight` : 'AI Gateway Insight';
}

// The crumbs of a GenAI apps page: the list, then the application, or the provider and its model.
function appCrumbs(state, parts) {
  const keep = {range: state.range, from: state.from, to: state.to, refresh: state.refresh};
  // the list page has the top bar's entry; the others lead back to it
  parts.splice(0, parts.length);
  if (state.page === 'apps') return;
  parts.push(h('a', {href: href({...keep, page: 'apps'})}, 'GenAI apps'));
  const crumb = (text, target) => {
    parts.push(h('span', {class: 'sep'}, '/'));
    parts.push(target ? h('a', {href: href({...keep, ...target}), class: 'crumb-service'}, text)
      : h('span', {class: 'crumb-instance'}, text));
  };
  if (state.page === 'app') crumb(state.app);
  if (state.page === 'llm-provider') crumb(state.llm_provider);
  if (state.page === 'llm-model') {
    crumb(state.llm_provider, {page: 'llm-provider', llm_provider: state.llm_provider});
    crumb(state.llm_model);
  }
}

function showBanner(kind, ...content) {
  banner.className = `banner banner-${kind}`;
  replace(banner, content);
  banner.hidden = false;
}

function hideBanner() {
  banner.hidden = true;
  replace(banner);
}

/** Renders the URL's state: fetches the view's data, then swaps it in (no flash of emptiness). */
export async function render() {
  const mine = ++generation;
  clearTimeout(timer);
  const state = parse();
  syncControls(state);
  const win = window_(state);
  document.body.dataset.window = `${win.fromMs}-${win.toMs}`;
  // how many renders ran: lets a test see the auto-refresh ask again
  document.body.dataset.renders = String(Number(document.body.dataset.renders || 0) + 1);
  document.body.dataset.status = 'loading';
  const ctx = {state, win, go, href};
  let period = REFRESH[state.refresh];
  try {
    // every view but the services list (plain canvases) draws ECharts charts when it mounts: the
    // library loads while the view's data is fetched
    const library = state.page === 'services' ? null : chartLibrary();
    const view = PAGE_VIEWS[state.page] ? await PAGE_VIEWS[state.page](ctx)
      : state.page === 'services' ? await servicesView(ctx) : await serviceView(ctx);
    await library;
    if (mine !== generation) return;
    charts.disposeAll();
    replace(main, view.node);
    view.mount?.();
    hideBanner();
    document.body.dataset.status = view.empty ? 'empty' : 'ready';
    // ms from the navigation's start until this view (data fetched, table and charts drawn) is in
    // the page: what the dashboard benchmark reads
    document.body.dataset.renderedMs = String(Math.round(performance.now()));
    // a service is one click away: load the chart library once the list is drawn
    if (!library) setTimeout(() => chartLibrary().catch(() => {}), 0);
    document.getElementById('footer').textContent =
      `Updated ${fmt.time(Date.now())} UTC · range ${fmt.minute(win.fromMs)} – `
      + `${fmt.minute(win.toMs)} UTC`;
  } catch (e) {
    if (mine !== generation) return;
    period = failed(e, state) ?? period;
  }
  if (period > 0) timer = setTimeout(render, period);
}

/** ECharts, loaded once; a load that fails reads as the server being down (retried). */
function chartLibrary() {
  return charts.ready().catch((e) => {
    throw new api.ServerDownError(`The dashboard server does not answer: ${e.message}.`);
  });
}

// Shows what went wrong; returns how soon to try again (null = the usual refresh period).
function failed(e, state) {
  if (e instanceof api.StoreDownError || e instanceof api.ServerDownError) {
    document.body.dataset.status = 'store-down';
    main.classList.add('stale');
    showBanner('down',
      h('strong', {}, e instanceof api.ServerDownError
        ? 'The dashboard server is not answering.'
        : 'The telemetry store cannot be reached.'),
      ' ', h('span', {class: 'banner-detail'}, e.message), ' — ',
      h('span', {class: 'banner-retry'}, `retrying every ${RETRY_MS / 1000} s…`));
    if (!main.firstChild) {
      main.classList.remove('stale');
      replace(main, h('div', {class: 'panel message-panel', id: 'store-down'},
        h('h2', {}, 'Waiting for the telemetry store'),
        h('p', {}, 'The page shows the data as soon as the store answers again.')));
    }
    return RETRY_MS;
  }
  main.classList.remove('stale');
  charts.disposeAll();
  if (e instanceof api.UnauthorizedError) {
    document.body.dataset.status = 'unauthorized';
    hideBanner();
    replace(main, tokenForm(e.message));
    return 0;
  }
  document.body.dataset.status = 'error';
  hideBanner();
  replace(main, h('div', {class: 'panel message-panel error-panel'},
    h('h2', {}, e instanceof api.BadQueryError ? 'The query was refused' : 'Something went wrong'),
    h('p', {class: 'error-text'}, e.message || String(e)),
    h('p', {}, h('a', {href: href({...state, page: 'services', service: undefined})},
      'Back to the services'))));
  console.error(e);
  return null;
}

function tokenForm(message) {
  const input = h('input', {type: 'password', id: 'token', autocomplete: 'off',
    placeholder: 'bearer token'});
  return h('div', {class: 'panel message-panel'},
    h('h2', {}, 'This dashboard needs a token'),
    h('p', {}, 'The query API answered: ', h('code', {}, message)),
    h('p', {}, 'Enter one of the dashboard\'s bearer tokens. It is kept in this browser tab only '
      + '(never in the URL), and sent with each API call.'),
    h('form', {class: 'token-form', onsubmit: (e) => {
      e.preventDefault();
      api.setToken(input.value.trim());
      render();
    }}, input, h('button', {type: 'submit', class: 'btn primary'}, 'Use token')));
}

// The main element loses its stale look once a render succeeds.
const observer = new MutationObserver(() => {
  if (document.body.dataset.status !== 'store-down') main.classList.remove('stale');
});
observer.observe(document.body, {attributes: true, attributeFilter: ['data-status']});

render();
