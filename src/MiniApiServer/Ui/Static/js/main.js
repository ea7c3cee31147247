import { get, setToken, onUnauthorized, ApiError } from './api.js';
import { FleetModel } from './model.js';
import { onGridResize } from './grid.js';
import { loadColours } from './colours.js';
import { FleetView } from './fleet-view.js';
import { DaemonSetsView } from './daemonsets-view.js';
import { EventsView } from './events-view.js';
import { DetailsView } from './details.js';
import * as actions from './actions.js';

// Nodes and DaemonSets are listed first: they are the first paint; the pods (up to one per node per DaemonSet)
// and events fill in after it rather than competing with it for the server.
const FIRST = {
  nodes: '/api/v1/nodes',
  daemonSets: '/apis/apps/v1/daemonsets',
};
const THEN = {
  revisions: '/apis/apps/v1/controllerrevisions',
  pods: '/api/v1/pods',
  events: '/api/v1/events',
};
const SOURCE_COUNT = Object.keys(FIRST).length + Object.keys(THEN).length;
// Work applied per animation frame before the rest of the queue waits for the next one.
const FRAME_BUDGET_MS = 8;
// Items per step of a list's replace; each step is weighed against the frame budget on its own.
const REPLACE_CHUNK = 1000;

const model = new FleetModel();
const colours = loadColours();
const message = document.getElementById('message');
const connection = document.getElementById('connection');

function report(text, isError) {
  message.textContent = text;
  message.dataset.kind = isError ? 'error' : 'info';
}

const select = selection => details.show(selection);
const details = new DetailsView(model, select, report);
const fleet = new FleetView(model, colours, select);
const daemonSets = new DaemonSetsView(model, colours, select, report);
const events = new EventsView(model, select);

// Watch events are queued and applied once per animation frame, within a time budget, so a burst of thousands
// (a rollout over 5,000 nodes) costs a few short frames rather than one long one.
const queue = [];
let head = 0;
let scheduled = false;
const dirty = new Set();
// maxFlushMs counts the frame that painted the fleet first (it builds the whole model); maxUpdateMs the frames after
// it only, which are the ones that follow the cluster while the page is in use.
const stats = { maxFlushMs: 0, maxUpdateMs: 0, paintFrameMs: null, flushes: 0, firstPaintMs: null, slowFrames: [] };
window.fleetStats = stats;

function schedule() {
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(flush);
  }
}

// True for a step of a list's replace, which weighs as much as many events: the frame's budget is checked after it.
function apply([source, type, item]) {
  if (type === 'REPLACE-BEGIN') {
    model.beginReplace(source);
    return true;
  }
  if (type === 'REPLACE-ADD') {
    model.addToReplace(source, item);
    return true;
  }
  if (type === 'REPLACE-END') {
    model.endReplace(source);
    dirty.add(source);
    return true;
  }
  model.apply(source, type, item);
  const s = details.selected;
  if (s && item.name === s.name && source === sourceOf(s.kind)) details.invalidate();
  dirty.add(source);
  return false;
}

const sourceOf = kind => ({ Node: 'nodes', Pod: 'pods', DaemonSet: 'daemonSets' })[kind];

function flush(now) {
  scheduled = false;
  const start = performance.now();
  const painted = stats.firstPaintMs !== null;
  while (head < queue.length && performance.now() - start < FRAME_BUDGET_MS) {
    const end = Math.min(queue.length, head + 64);
    while (head < end) {
      if (apply(queue[head++])) break;
    }
  }
  if (head === queue.length) {
    queue.length = 0;
    head = 0;
  } else {
    schedule();
  }
  const applied = performance.now() - start;
  const parts = render(now);
  const took = performance.now() - start;
  stats.flushes++;
  // The slowest frames after the paint, with where their time went, for the scale test to print.
  if (painted && took > 30) {
    stats.slowFrames.push({ took: Math.round(took), applied: Math.round(applied), ...parts });
    if (stats.slowFrames.length > 20) stats.slowFrames.sort((a, b) => b.took - a.took).length = 10;
  }
  if (stats.firstPaintMs !== null) stats.maxFlushMs = Math.max(stats.maxFlushMs, took);
  if (painted) stats.maxUpdateMs = Math.max(stats.maxUpdateMs, took);
  else if (stats.firstPaintMs !== null) stats.paintFrameMs = took;
}

// Returns how long the fleet grid, the coverage (model, then drawing) and the rest took, and what was dirty.
function render(now) {
  const t0 = performance.now();
  const parts = { dirty: [...dirty].join(','), whole: model.coverDirty };
  if (dirty.has('nodes')) {
    fleet.render(model.ensureOrder() ? null : model.changedNodes);
    model.changedNodes.clear();
  }
  const t1 = performance.now();
  let t2 = t1;
  let gridsWaiting = false;
  if (['nodes', 'pods', 'daemonSets', 'revisions'].some(s => dirty.has(s))) {
    const coverage = model.coverage();
    t2 = performance.now();
    gridsWaiting = daemonSets.render(coverage);
  }
  const t3 = performance.now();
  Object.assign(parts, { fleet: Math.round(t1 - t0), coverage: Math.round(t2 - t1), drawCoverage: Math.round(t3 - t2) });
  if (dirty.has('events')) model.trimEvents();
  let waiting = false;
  if (dirty.has('events') || dirty.has('pods')) {
    if (events.maybeRender(now)) {
      if (details.selected) details.renderLists();
    } else {
      waiting = true;
    }
  }
  if (details.stale) details.refresh();
  for (const s of ['nodes', 'pods', 'daemonSets', 'revisions']) dirty.delete(s);
  if (gridsWaiting) {
    dirty.add('daemonSets');
    schedule();
  }
  if (waiting) schedule();
  else dirty.delete('events');
  if (stats.firstPaintMs === null && model.nodes.synced && model.daemonSets.synced) {
    performance.mark('fleet-painted');
    stats.firstPaintMs = performance.now();
    document.documentElement.dataset.painted = 'true';
  }
  parts.rest = Math.round(performance.now() - t3);
  return parts;
}

const states = new Map();
function connectionState(source, state) {
  states.set(source, state);
  const all = [...states.values()];
  const overall = all.includes('unauthorized') ? 'unauthorized'
    : all.includes('reconnecting') ? 'reconnecting'
    : all.length === SOURCE_COUNT && all.every(s => s === 'live') ? 'live' : 'connecting';
  connection.dataset.state = overall;
  connection.textContent = overall === 'live' ? 'live' : overall === 'unauthorized' ? 'token needed' : overall + '…';
}

// The informers run in a worker (informer-worker.js); a list arrives page by page and replaces the cache in one
// step once complete, as a reflector's Replace does.
const informers = new Worker(new URL('./informer-worker.js', import.meta.url), { type: 'module' });
const pages = new Map();
const unlisted = new Set(Object.keys(FIRST));
informers.onmessage = ({ data: m }) => {
  switch (m.kind) {
    case 'list-start': pages.set(m.source, []); break;
    case 'page': pages.get(m.source).push(m.items); break;
    case 'replace': {
      const items = pages.get(m.source).flat();
      pages.delete(m.source);
      queue.push([m.source, 'REPLACE-BEGIN', null]);
      for (let i = 0; i < items.length; i += REPLACE_CHUNK) queue.push([m.source, 'REPLACE-ADD', items.slice(i, i + REPLACE_CHUNK)]);
      queue.push([m.source, 'REPLACE-END', null]);
      schedule();
      if (unlisted.delete(m.source) && unlisted.size === 0) informers.postMessage({ start: THEN });
      break;
    }
    case 'events':
      for (const [type, item] of m.events) queue.push([m.source, type, item]);
      schedule();
      break;
    case 'state':
      connectionState(m.source, m.state);
      if (m.state === 'unauthorized') askForToken();
      break;
  }
};

function startAll() {
  informers.postMessage({ start: FIRST });
}

// The page itself is public; whether a token is needed is the API's answer to the first request.
const login = document.getElementById('login');
const loginError = document.getElementById('login-error');
function askForToken() {
  login.hidden = false;
  document.getElementById('token').focus();
}
onUnauthorized(askForToken);

let started = false;
async function connect() {
  try {
    await get('/api');
    login.hidden = true;
    loginError.textContent = '';
    if (!started) {
      started = true;
      startAll();
    }
  } catch (e) {
    if (e instanceof ApiError && e.code === 401) {
      askForToken();
      loginError.textContent = login.dataset.tried ? 'That token was not accepted.' : '';
    } else {
      report(`cannot reach the API: ${e.message}; retrying`, true);
      setTimeout(connect, 2000);
    }
  }
}

document.getElementById('login-form').addEventListener('submit', e => {
  e.preventDefault();
  const input = document.getElementById('token');
  const token = input.value.trim();
  setToken(token);
  informers.postMessage({ token });
  input.value = '';
  login.dataset.tried = 'true';
  connect();
});

document.getElementById('find-form').addEventListener('submit', e => {
  e.preventDefault();
  const name = document.getElementById('find').value.trim();
  if (model.nodes.items.has(name)) return select({ kind: 'Node', name });
  const pod = [...model.pods.items.values()].find(p => p.name === name || p.key === name);
  if (pod) return select({ kind: 'Pod', namespace: pod.namespace, name: pod.name });
  const ds = [...model.daemonSets.items.values()].find(d => d.name === name || d.key === name);
  if (ds) return select({ kind: 'DaemonSet', namespace: ds.namespace, name: ds.name });
  report(`no node, pod or DaemonSet named ${name}`, true);
});

document.getElementById('add-nodes-form').addEventListener('submit', async e => {
  e.preventDefault();
  const count = Math.max(1, Math.min(1000, Number(document.getElementById('add-nodes-count').value) || 1));
  try {
    const names = await actions.addNodes(model.nodes.items.keys(), count);
    report(`added ${names.length} simulated node(s): ${names[0]}${names.length > 1 ? ' … ' + names[names.length - 1] : ''}`);
  } catch (err) {
    report(`add nodes: ${err.message}`, true);
  }
});

onGridResize(() => { dirty.add('nodes'); dirty.add('daemonSets'); schedule(); });
connect();
