import { Grid } from './grid.js';
import { CellState } from './model.js';
import { age, selectorText, el } from './format.js';
import * as actions from './actions.js';

// kubectl rollout status's test (k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go DaemonSetStatusViewer).
function rolloutDone(ds) {
  const s = ds.status;
  const desired = s.desiredNumberScheduled || 0;
  return (s.observedGeneration || 0) >= ds.generation
    && (s.updatedNumberScheduled || 0) >= desired
    && (s.numberAvailable || 0) >= desired;
}

// Coverage grids drawn whole in one frame: each is a canvas the compositor uploads whole, and five at once (after a
// relist) made one task of ~70 ms on the thread; the others follow in the next frames.
const WHOLE_DRAWS_PER_FRAME = 2;

const SUMMARY_ORDER = [CellState.Ready, CellState.Running, CellState.Pending, CellState.Outdated, CellState.Terminating, CellState.Missing];

export class DaemonSetsView {
  constructor(model, colours, select, report) {
    this.model = model;
    this.colours = colours;
    this.select = select;
    this.report = report;
    this.body = document.querySelector('#daemonsets tbody');
    this.coverageHost = document.getElementById('coverage');
    this.rows = new Map();
  }

  row(ds) {
    let row = this.rows.get(ds.key);
    if (row) return row;
    const cells = {};
    const td = (name, cls) => (cells[name] = el('td', { class: cls || '' }));
    const image = el('input', { 'aria-label': `Image for ${ds.name}` });
    image.value = ds.containers.length ? ds.containers[0].image : '';
    const progress = el('progress', { max: '1', value: '0' });
    const rolloutText = el('span');
    const tr = el('tr', { dataset: { ds: ds.key } },
      td('namespace'), td('name'), td('desired', 'num desired'), td('current', 'num current'), td('ready', 'num ready'),
      td('upToDate', 'num up-to-date'), td('available', 'num available'), td('selector'), td('age'),
      td('rollout', 'rollout'), td('actions'));
    cells.rollout.append(progress, ' ', rolloutText);
    const current = () => this.model.daemonSets.items.get(ds.key);
    cells.actions.append(
      el('button', { type: 'button', class: 'restart', text: 'Restart', onclick: () => this.run(`restart ${ds.name}`, () => actions.restart(current())) }),
      ' ', image, ' ',
      el('button', { type: 'button', class: 'set-image', text: 'Set image', onclick: () => {
        const d = current();
        this.run(`set image of ${d.name} to ${image.value}`, () => actions.setImage(d, d.containers[0].name, image.value.trim()));
      } }));
    const coverage = el('div', { class: 'coverage-row', dataset: { ds: ds.key } });
    const summary = el('span', { class: 'coverage-summary' });
    const canvas = el('canvas', { class: 'grid', 'aria-label': `Coverage of ${ds.name}` });
    coverage.append(el('h3', { text: `${ds.namespace}/${ds.name} ` }, summary), canvas);
    this.coverageHost.append(coverage);
    this.body.append(tr);
    row = { tr, cells, image, progress, rolloutText, coverage, summary, entry: null, shownImage: image.value };
    row.grid = new Grid(canvas, {
      maxHeight: 120,
      onPick: i => this.pick(row, i),
      describe: i => this.describe(row, i),
    });
    this.rows.set(ds.key, row);
    return row;
  }

  async run(what, action) {
    try {
      await action();
      this.report(`${what}: done`);
    } catch (e) {
      this.report(`${what}: ${e.message}`, true);
    }
  }

  pick(row, i) {
    const nodeName = this.model.nodeOrder[i];
    const pod = row.entry && row.entry.pods.get(nodeName);
    this.select(pod ? { kind: 'Pod', namespace: pod.namespace, name: pod.name } : { kind: 'Node', name: nodeName });
  }

  describe(row, i) {
    const nodeName = this.model.nodeOrder[i];
    const pod = row.entry && row.entry.pods.get(nodeName);
    const state = row.entry ? CellState.names[row.entry.cells[i]] : '';
    return pod ? `${nodeName} · ${pod.name} · ${state}` : `${nodeName} · ${state}`;
  }

  // Returns true when a grid still waits to be drawn whole, so the page asks for another frame.
  render(coverage) {
    this.wholeDraws = 0;
    let pending = false;
    for (const [key, row] of this.rows) {
      if (!this.model.daemonSets.items.has(key)) {
        row.tr.remove();
        row.coverage.remove();
        this.rows.delete(key);
      }
    }
    const sorted = [...this.model.daemonSets.items.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
    for (const ds of sorted) {
      const row = this.row(ds);
      const s = ds.status;
      const set = (name, value) => { const t = String(value); if (row.cells[name].textContent !== t) row.cells[name].textContent = t; };
      set('namespace', ds.namespace);
      set('name', ds.name);
      set('desired', s.desiredNumberScheduled || 0);
      set('current', s.currentNumberScheduled || 0);
      set('ready', s.numberReady || 0);
      set('upToDate', s.updatedNumberScheduled || 0);
      set('available', s.numberAvailable || 0);
      set('selector', selectorText(ds.nodeSelector));
      set('age', age(ds.created));
      const desired = s.desiredNumberScheduled || 0;
      const updated = s.updatedNumberScheduled || 0;
      const done = rolloutDone(ds);
      // Written only when changed: every write invalidates style and layout, and this runs on every frame.
      const state = done ? 'done' : 'progress';
      if (row.cells.rollout.dataset.state !== state) row.cells.rollout.dataset.state = state;
      if (row.progress.max !== Math.max(1, desired)) row.progress.max = Math.max(1, desired);
      if (row.progress.value !== updated) row.progress.value = updated;
      const text = done
        ? `${updated}/${desired} up to date`
        : `rolling out (${ds.strategy}): ${updated}/${desired} up to date, ${s.numberAvailable || 0} available`;
      if (row.rolloutText.textContent !== text) row.rolloutText.textContent = text;
      const image = ds.containers.length ? ds.containers[0].image : '';
      // The field follows the DaemonSet unless someone is typing in it.
      if (image !== row.shownImage && document.activeElement !== row.image) row.image.value = image;
      row.shownImage = image;
      if (!this.renderCoverage(row, coverage.get(ds.key))) pending = true;
    }
    return pending;
  }

  // An entry drawn before is repainted where its cells changed; a new (rebuilt) entry is drawn whole, unless this
  // frame has drawn its share of whole grids (then false: the grid waits for the next frame, drawn from its cells then).
  renderCoverage(row, entry) {
    if (row.entry !== entry) row.wholePending = true;
    row.entry = entry;
    if (!entry) return true;
    const whole = row.wholePending || row.grid.stale;
    if (!whole && entry.changed.length === 0) return true;
    if (whole && this.wholeDraws >= WHOLE_DRAWS_PER_FRAME) return false;
    if (whole) this.wholeDraws++;
    row.wholePending = false;
    const cells = entry.cells;
    const colours = this.colours.cells;
    row.grid.draw(cells.length, i => colours[cells[i]], null, whole ? null : entry.changed);
    const parts = SUMMARY_ORDER.map(state => `${entry.counts[state]} ${CellState.names[state]}`);
    row.summary.textContent = parts.join(' · ');
    Object.assign(row.coverage.dataset, {
      ready: entry.counts[CellState.Ready], running: entry.counts[CellState.Running], pending: entry.counts[CellState.Pending],
      outdated: entry.counts[CellState.Outdated], terminating: entry.counts[CellState.Terminating], missing: entry.counts[CellState.Missing],
    });
  }
}
