import { eligible } from './eligibility.js';

// The page's cache of the cluster, as slim.js slims it.
export const KEEP_EVENTS = 500;

const naturalCompare = new Intl.Collator(undefined, { numeric: true }).compare;

class Collection {
  constructor(keyOf) {
    this.keyOf = keyOf;
    this.items = new Map();
    this.synced = false;
  }

  // Items arrive slimmed by the worker, so a replace costs one Map build, made in steps (begin, a chunk per step, end):
  // the current items stay in use until the last step swaps the new ones in, so a list of 25,000 pods costs several
  // short frames rather than one long one.
  beginReplace() { this.staged = new Map(); }

  addToReplace(slimItems) {
    for (const s of slimItems) this.staged.set(this.keyOf(s), s);
  }

  endReplace() {
    this.items = this.staged;
    this.staged = null;
    this.synced = true;
  }

  // Returns the slim object before and after, for the indexes kept beside the collection.
  apply(type, next) {
    const key = this.keyOf(next);
    const previous = this.items.get(key);
    if (type === 'DELETED') this.items.delete(key);
    else this.items.set(key, next);
    return { previous, next: type === 'DELETED' ? null : next };
  }
}

const cellKey = (owner, nodeName) => owner + '\n' + nodeName;

// Coverage is kept up to date cell by cell: a pod event recomputes the one cell it touches, and only a change of
// the node set, a DaemonSet's spec or its current revision redraws a whole row. Recounting 25,000 pods on every
// frame of a rollout would not fit a frame.
export class FleetModel {
  constructor() {
    this.nodes = new Collection(n => n.name);
    this.pods = new Collection(p => p.key);
    this.daemonSets = new Collection(d => d.key);
    this.revisions = new Collection(r => r.key);
    this.events = new Collection(e => e.uid);
    this.nodeOrder = [];
    this.nodeIndex = new Map();
    this.orderDirty = true;
    this.podsAt = new Map();
    this.cover = new Map();
    this.coverDirty = true;
    // DaemonSet keys whose row is rebuilt alone: a rollout's new revision or generation changes one row's states, and
    // rebuilding all rows then (25,000 cells, every grid drawn whole) was the longest frame of a rollout.
    this.dirtyRows = new Set();
    this.dirtyCells = new Set();
    // Nodes whose cell in the fleet grid may have changed since the last frame; the grid repaints only those.
    this.changedNodes = new Set();
  }

  beginReplace(source) {
    this[source].beginReplace();
    if (source === 'pods') this.stagedPodsAt = new Map();
  }

  addToReplace(source, slimItems) {
    this[source].addToReplace(slimItems);
    // The whole coverage is rebuilt after a replace, so no cell is marked on the way.
    if (source === 'pods') for (const pod of slimItems) this.indexPod(pod, true, false, this.stagedPodsAt);
  }

  endReplace(source) {
    this[source].endReplace();
    if (source === 'nodes') this.orderDirty = true;
    if (source === 'pods') {
      this.podsAt = this.stagedPodsAt;
      this.stagedPodsAt = null;
    }
    this.coverDirty = true;
  }

  apply(source, type, item) {
    const { previous, next } = this[source].apply(type, item);
    if (source === 'pods') {
      if (previous) this.indexPod(previous, false);
      if (next) this.indexPod(next, true);
    } else if (source === 'nodes') {
      if (!previous || !next) this.orderDirty = this.coverDirty = true;
      else {
        this.changedNodes.add(next.name);
        for (const entry of this.cover.values()) this.dirtyCells.add(cellKey(entry.ds.uid, next.name));
      }
    } else if (source === 'daemonSets') {
      if (!previous || !next) this.coverDirty = true;
      else if (previous.generation !== next.generation) this.dirtyRows.add(next.key);
    } else if (source === 'revisions') {
      const revision = next || previous;
      if (!previous || !next) {
        const ds = [...this.daemonSets.items.values()].find(d => d.uid === revision.owner);
        // A revision of a DaemonSet the page has not seen yet: that DaemonSet's own arrival rebuilds everything.
        if (ds) this.dirtyRows.add(ds.key);
      }
    }
  }

  indexPod(pod, add, mark = true, podsAt = this.podsAt) {
    if (!pod.owner || !pod.nodeName) return;
    const key = cellKey(pod.owner, pod.nodeName);
    // An array, not a Map: a cell holds one pod, two during a rollout, and 25,000 Maps made a relist's frame long.
    const pods = podsAt.get(key);
    const at = pods ? pods.findIndex(p => p.key === pod.key) : -1;
    if (add) {
      if (!pods) podsAt.set(key, [pod]);
      else if (at >= 0) pods[at] = pod;
      else pods.push(pod);
    } else if (at >= 0) {
      pods.splice(at, 1);
      if (pods.length === 0) podsAt.delete(key);
    }
    if (mark) this.dirtyCells.add(key);
  }

  // Called once per frame when nodes were added or removed, never per event.
  ensureOrder() {
    if (!this.orderDirty) return false;
    this.nodeOrder = [...this.nodes.items.keys()].sort(naturalCompare);
    this.nodeIndex = new Map(this.nodeOrder.map((n, i) => [n, i]));
    this.orderDirty = false;
    this.coverDirty = true;
    return true;
  }

  // Events are capped: the oldest go once the cache holds twice what the page keeps.
  trimEvents() {
    if (this.events.items.size <= 2 * KEEP_EVENTS) return;
    const newest = [...this.events.items.values()].sort((a, b) => (a.time < b.time ? 1 : -1)).slice(0, KEEP_EVENTS);
    this.events.items = new Map(newest.map(e => [e.uid, e]));
  }

  currentHash(ds) {
    let best = null;
    for (const r of this.revisions.items.values()) {
      if (r.owner === ds.uid && (!best || r.revision > best.revision)) best = r;
    }
    return best ? best.hash : '';
  }

  // Per DaemonSet key: one CellState per node in nodeOrder, the pod shown in each cell, and the counts beside it.
  // An entry that survives from the last call lists in `changed` the cells whose state changed since then, so a view
  // repaints those alone; a rebuilt entry is a new object, which a view draws whole.
  coverage() {
    for (const entry of this.cover.values()) entry.changed.length = 0;
    if (this.coverDirty) {
      this.rebuildCoverage();
    } else if (this.dirtyCells.size || this.dirtyRows.size) {
      const rebuilt = new Set();
      for (const key of this.dirtyRows) {
        const ds = this.daemonSets.items.get(key);
        if (ds) rebuilt.add(this.rebuildRow(ds).ds.uid);
      }
      const byUid = new Map();
      for (const entry of this.cover.values()) byUid.set(entry.ds.uid, entry);
      for (const key of this.dirtyCells) {
        const split = key.indexOf('\n');
        const uid = key.slice(0, split);
        if (rebuilt.has(uid)) continue;
        const entry = byUid.get(uid);
        const nodeName = key.slice(split + 1);
        const index = this.nodeIndex.get(nodeName);
        if (!entry || index === undefined) continue;
        this.computeCell(entry, index, nodeName);
      }
    }
    this.dirtyCells.clear();
    this.dirtyRows.clear();
    for (const entry of this.cover.values()) entry.ds = this.daemonSets.items.get(entry.ds.key) || entry.ds;
    return this.cover;
  }

  // A whole rebuild walks the pods once rather than looking up every cell.
  rebuildCoverage() {
    this.cover = new Map();
    const byUid = new Map();
    for (const ds of this.daemonSets.items.values()) {
      const entry = { ds, cells: new Uint8Array(this.nodeOrder.length), hash: this.currentHash(ds), pods: new Map(), counts: null, changed: [] };
      this.cover.set(ds.key, entry);
      byUid.set(ds.uid, entry);
    }
    for (const pod of this.pods.items.values()) {
      const entry = pod.owner && byUid.get(pod.owner);
      const index = entry && this.nodeIndex.get(pod.nodeName);
      if (index === undefined || !entry) continue;
      const state = podState(pod, entry.hash);
      if (state > entry.cells[index]) {
        entry.cells[index] = state;
        entry.pods.set(pod.nodeName, pod);
      }
    }
    for (const entry of this.cover.values()) {
      for (let i = 0; i < entry.cells.length; i++) {
        if (entry.cells[i] !== CellState.None) continue;
        const node = this.nodes.items.get(this.nodeOrder[i]);
        if (node && eligible(entry.ds, node)) entry.cells[i] = CellState.Missing;
      }
      recount(entry);
    }
    this.coverDirty = false;
  }

  // One row as a new entry (so a view draws it whole), cell by cell from the pods indexed per node.
  rebuildRow(ds) {
    const entry = { ds, cells: new Uint8Array(this.nodeOrder.length), hash: this.currentHash(ds), pods: new Map(), counts: null, changed: [] };
    recount(entry);
    for (let i = 0; i < this.nodeOrder.length; i++) this.computeCell(entry, i, this.nodeOrder[i]);
    entry.changed.length = 0;
    this.cover.set(ds.key, entry);
    return entry;
  }

  // Several pods on one node happen during a rollout; the one that will stay is shown.
  computeCell(entry, index, nodeName) {
    let best = CellState.None;
    let shown = null;
    const pods = this.podsAt.get(cellKey(entry.ds.uid, nodeName));
    if (pods) {
      for (const pod of pods) {
        const state = podState(pod, entry.hash);
        if (state > best) { best = state; shown = pod; }
      }
    }
    if (!shown) {
      const node = this.nodes.items.get(nodeName);
      if (node && eligible(entry.ds, node)) best = CellState.Missing;
    }
    const was = entry.cells[index];
    if (best !== was) {
      entry.cells[index] = best;
      entry.counts[was]--;
      entry.counts[best]++;
      entry.changed.push(index);
    }
    if (shown) entry.pods.set(nodeName, shown);
    else entry.pods.delete(nodeName);
  }
}

function recount(entry) {
  const counts = new Array(CellState.names.length).fill(0);
  for (let i = 0; i < entry.cells.length; i++) counts[entry.cells[i]]++;
  entry.counts = counts;
}

// Ordered so that a larger value is the pod that wins a node's cell.
export const CellState = {
  None: 0, Missing: 1, Terminating: 2, Outdated: 3, Pending: 4, Running: 5, Ready: 6,
  names: ['not eligible', 'eligible, no pod', 'terminating', 'outdated revision', 'Pending', 'Running', 'Ready'],
};

export function podState(pod, currentHash) {
  if (pod.terminating) return CellState.Terminating;
  if (currentHash && pod.hash && pod.hash !== currentHash) return CellState.Outdated;
  if (pod.ready) return CellState.Ready;
  if (pod.phase === 'Running') return CellState.Running;
  return CellState.Pending;
}
