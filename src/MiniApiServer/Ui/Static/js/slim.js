// Each kind slimmed to what the page draws, inside the informer worker, so the main thread never builds (or keeps)
// the full objects; the details panel fetches a full object again when it shows one.
const key = o => (o.metadata.namespace ? o.metadata.namespace + '/' : '') + o.metadata.name;

function slimNode(n) {
  const ready = (n.status && n.status.conditions || []).find(c => c.type === 'Ready');
  return {
    name: n.metadata.name,
    uid: n.metadata.uid,
    labels: n.metadata.labels || {},
    ready: ready ? ready.status : 'Unknown',
    unschedulable: !!(n.spec && n.spec.unschedulable),
    taints: (n.spec && n.spec.taints) || [],
  };
}

function slimPod(p) {
  const owner = (p.metadata.ownerReferences || []).find(o => o.controller && o.kind === 'DaemonSet');
  const ready = (p.status && p.status.conditions || []).find(c => c.type === 'Ready');
  return {
    key: key(p),
    name: p.metadata.name,
    namespace: p.metadata.namespace,
    nodeName: (p.spec && p.spec.nodeName) || affinityTarget(p.spec) || '',
    phase: (p.status && p.status.phase) || 'Pending',
    ready: !!ready && ready.status === 'True',
    terminating: !!p.metadata.deletionTimestamp,
    owner: owner ? owner.uid : null,
    hash: (p.metadata.labels || {})['controller-revision-hash'] || '',
  };
}

// An unscheduled daemon pod names its node in required node affinity (matchFields metadata.name), as upstream's
// DaemonSet controller writes it (pkg/controller/daemon/util/daemonset_util.go ReplaceDaemonSetPodNodeNameNodeAffinity).
function affinityTarget(spec) {
  const terms = spec && spec.affinity && spec.affinity.nodeAffinity
    && spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
    && spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
  for (const term of terms || []) {
    for (const field of term.matchFields || []) {
      if (field.key === 'metadata.name' && field.operator === 'In' && field.values && field.values.length === 1) return field.values[0];
    }
  }
  return null;
}

function slimDaemonSet(d) {
  const spec = d.spec || {};
  const podSpec = (spec.template && spec.template.spec) || {};
  return {
    key: key(d),
    name: d.metadata.name,
    namespace: d.metadata.namespace,
    uid: d.metadata.uid,
    created: d.metadata.creationTimestamp,
    generation: d.metadata.generation || 0,
    strategy: (spec.updateStrategy && spec.updateStrategy.type) || 'RollingUpdate',
    nodeSelector: podSpec.nodeSelector || {},
    affinity: podSpec.affinity || null,
    tolerations: podSpec.tolerations || [],
    containers: (podSpec.containers || []).map(c => ({ name: c.name, image: c.image })),
    status: d.status || {},
  };
}

function slimRevision(r) {
  const owner = (r.metadata.ownerReferences || []).find(o => o.controller);
  return { key: key(r), owner: owner ? owner.uid : null, revision: r.revision || 0, hash: (r.metadata.labels || {})['controller-revision-hash'] || '' };
}

function slimEvent(e) {
  const io = e.involvedObject || e.regarding || {};
  return {
    uid: e.metadata.uid,
    type: e.type || 'Normal',
    reason: e.reason || '',
    message: e.message || e.note || '',
    kind: io.kind || '',
    name: io.name || '',
    namespace: io.namespace || '',
    count: e.count || 1,
    time: e.lastTimestamp || e.eventTime || e.metadata.creationTimestamp || '',
    source: (e.source && e.source.component) || e.reportingController || '',
  };
}

// Keyed by the page's source names (main.js), which are also the model's collection names.
export const slimmers = {
  nodes: slimNode,
  pods: slimPod,
  daemonSets: slimDaemonSet,
  revisions: slimRevision,
  events: slimEvent,
};
