import { get, ApiError } from './api.js';
import { toYaml } from './yaml.js';
import { el } from './format.js';
import { eventItem, newestFirst } from './events-view.js';
import * as actions from './actions.js';
import { CellState, podState } from './model.js';

const PATHS = {
  Node: s => `/api/v1/nodes/${encodeURIComponent(s.name)}`,
  Pod: s => `/api/v1/namespaces/${encodeURIComponent(s.namespace)}/pods/${encodeURIComponent(s.name)}`,
  DaemonSet: s => `/apis/apps/v1/namespaces/${encodeURIComponent(s.namespace)}/daemonsets/${encodeURIComponent(s.name)}`,
};

// The object clicked on: its YAML as the API returns it now, its events, and for a node its pods and actions.
export class DetailsView {
  constructor(model, select, report) {
    this.model = model;
    this.select = select;
    this.report = report;
    this.panel = document.getElementById('details');
    this.title = document.getElementById('details-title');
    this.actions = document.getElementById('details-actions');
    this.pods = document.getElementById('details-pods');
    this.events = document.getElementById('details-events');
    this.yaml = document.getElementById('details-yaml');
    this.selected = null;
    this.object = null;
    this.stale = false;
    this.fetching = false;
    document.getElementById('details-close').addEventListener('click', () => this.show(null));
  }

  show(selection) {
    this.selected = selection;
    this.object = null;
    this.panel.hidden = !selection;
    if (!selection) return;
    this.panel.dataset.kind = selection.kind;
    this.panel.dataset.name = selection.name;
    this.title.textContent = `${selection.kind} ${selection.namespace ? selection.namespace + '/' : ''}${selection.name}`;
    this.yaml.textContent = '';
    this.actions.replaceChildren();
    this.refresh();
  }

  // Called when a watch event touched the selected object; the YAML follows it without a reload.
  invalidate() {
    this.stale = true;
  }

  async refresh() {
    const selection = this.selected;
    if (!selection || this.fetching) return;
    this.fetching = true;
    this.stale = false;
    try {
      const path = PATHS[selection.kind];
      this.object = path ? await get(path(selection)) : null;
      if (selection !== this.selected) return;
      this.yaml.textContent = this.object ? toYaml(this.object) : `(${selection.kind} objects are not shown here)`;
    } catch (e) {
      if (selection !== this.selected) return;
      this.object = null;
      this.yaml.textContent = e instanceof ApiError && e.code === 404 ? '(deleted)' : `(${e.message})`;
    } finally {
      this.fetching = false;
    }
    this.renderLists();
    this.renderActions();
  }

  renderLists() {
    const s = this.selected;
    if (!s) return;
    const events = newestFirst([...this.model.events.items.values()]
      .filter(e => e.kind === s.kind && e.name === s.name && (e.namespace || '') === (s.namespace || '')));
    this.events.replaceChildren(...events.slice(0, 50).map(e => eventItem(e)));
    if (s.kind !== 'Node') {
      this.pods.replaceChildren();
      return;
    }
    const dsByUid = new Map([...this.model.daemonSets.items.values()].map(d => [d.uid, d]));
    const pods = [...this.model.pods.items.values()].filter(p => p.nodeName === s.name).sort((a, b) => (a.key < b.key ? -1 : 1));
    this.pods.replaceChildren(...pods.map(p => {
      const ds = dsByUid.get(p.owner);
      const state = CellState.names[podState(p, ds ? this.model.currentHash(ds) : '')];
      return el('li', { dataset: { pod: p.key, state }, text: `${p.key} · ${state}`, onclick: () => this.select({ kind: 'Pod', namespace: p.namespace, name: p.name }) });
    }));
  }

  renderActions() {
    const s = this.selected;
    const node = s && s.kind === 'Node' && this.object;
    if (!node) {
      this.actions.replaceChildren();
      return;
    }
    const name = node.metadata.name;
    const unschedulable = !!(node.spec && node.spec.unschedulable);
    const taints = (node.spec && node.spec.taints) || [];
    const taintInput = el('input', { 'aria-label': 'Taint', value: 'example.com/maintenance=true:NoSchedule' });
    const run = async (what, action) => {
      try {
        await action();
        this.report(`${what}: done`);
      } catch (e) {
        this.report(`${what}: ${e.message}`, true);
      }
      this.refresh();
    };
    const remove = el('button', { type: 'button', class: 'delete', text: 'Delete node' });
    remove.addEventListener('click', () => {
      // Two clicks, because a blocking confirm() dialog would stall every watch on the page.
      if (remove.dataset.armed) run(`delete node ${name}`, () => actions.deleteNode(name));
      else { remove.dataset.armed = 'true'; remove.textContent = `Really delete ${name}?`; }
    });
    this.actions.replaceChildren(
      el('button', { type: 'button', class: 'cordon', text: unschedulable ? 'Uncordon' : 'Cordon',
        onclick: () => run(`${unschedulable ? 'uncordon' : 'cordon'} ${name}`, () => actions.cordon(name, !unschedulable)) }),
      taintInput,
      el('button', { type: 'button', class: 'taint', text: 'Taint', onclick: () => {
        const taint = actions.parseTaint(taintInput.value);
        if (!taint) { this.report('taint must look like key[=value]:NoSchedule|PreferNoSchedule|NoExecute', true); return; }
        const kept = taints.filter(t => !(t.key === taint.key && t.effect === taint.effect));
        run(`taint ${name}`, () => actions.setTaints(name, [...kept, taint], node.metadata.resourceVersion));
      } }),
      ...taints.map(t => el('button', { type: 'button', class: 'untaint', text: `Untaint ${t.key}:${t.effect}`,
        onclick: () => run(`untaint ${name}`, () => actions.setTaints(name, taints.filter(x => x !== t), node.metadata.resourceVersion)) })),
      remove);
  }
}
