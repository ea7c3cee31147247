// Whether a DaemonSet wants a pod on a node: its node selector, required node affinity and taint tolerations,
// plus the tolerations the DaemonSet controller adds to every daemon pod
// (pkg/controller/daemon/util/daemonset_util.go AddOrUpdateDaemonPodTolerations).
const AUTOMATIC_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

function tolerates(toleration, taint) {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.operator === 'Exists') return !toleration.key || toleration.key === taint.key;
  return toleration.key === taint.key && (toleration.value || '') === (taint.value || '');
}

function matchesExpression(expression, value) {
  const values = expression.values || [];
  switch (expression.operator) {
    case 'In': return value !== undefined && values.includes(value);
    case 'NotIn': return value === undefined || !values.includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    case 'Gt': return value !== undefined && Number(value) > Number(values[0]);
    case 'Lt': return value !== undefined && Number(value) < Number(values[0]);
    default: return false;
  }
}

function matchesTerm(term, node) {
  return (term.matchExpressions || []).every(e => matchesExpression(e, node.labels[e.key]))
    && (term.matchFields || []).every(e => matchesExpression(e, e.key === 'metadata.name' ? node.name : undefined));
}

// Called for every node without a daemon pod on every frame that changed pods, so it allocates nothing.
export function eligible(ds, node) {
  for (const k in ds.nodeSelector) {
    if (node.labels[k] !== ds.nodeSelector[k]) return false;
  }
  const required = ds.affinity && ds.affinity.nodeAffinity && ds.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  if (required && required.nodeSelectorTerms && required.nodeSelectorTerms.length
      && !required.nodeSelectorTerms.some(t => matchesTerm(t, node))) return false;
  if (node.taints.length === 0) return true;
  const tolerations = ds.allTolerations || (ds.allTolerations = ds.tolerations.concat(AUTOMATIC_TOLERATIONS));
  for (const taint of node.taints) {
    if ((taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') && !tolerations.some(t => tolerates(t, taint))) return false;
  }
  return true;
}
