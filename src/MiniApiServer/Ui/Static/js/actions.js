import { post, del, mergePatch, strategicPatch } from './api.js';

// Each action is the request kubectl would send; the server authorizes it like any other.
const nodePath = name => `/api/v1/nodes/${encodeURIComponent(name)}`;
const dsPath = ds => `/apis/apps/v1/namespaces/${encodeURIComponent(ds.namespace)}/daemonsets/${encodeURIComponent(ds.name)}`;

// A KWOK-style node: the annotation hands it to the simulated kubelet, which reports its status (KwokNode.cs).
function simulatedNode(name) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { 'kwok.x-k8s.io/node': 'fake' },
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' },
    },
  };
}

export async function addNodes(existingNames, count) {
  let next = 1;
  for (const name of existingNames) {
    const m = /^node-(\d+)$/.exec(name);
    if (m) next = Math.max(next, Number(m[1]) + 1);
  }
  const names = Array.from({ length: count }, (_, i) => `node-${next + i}`);
  const pending = [...names];
  // A few creates in flight at once, so adding hundreds neither takes long nor floods the server.
  const worker = async () => { while (pending.length) await post('/api/v1/nodes', simulatedNode(pending.shift())); };
  await Promise.all(Array.from({ length: Math.min(8, count) }, worker));
  return names;
}

// kubectl cordon and uncordon send exactly these patches (k8s.io/kubectl/pkg/drain/cordon.go).
export const cordon = (name, on) => strategicPatch(nodePath(name), { spec: { unschedulable: on ? true : null } });

// The whole list with the resourceVersion it was read at: a concurrent change is a 409, not a lost taint.
export const setTaints = (node, taints, resourceVersion) =>
  mergePatch(nodePath(node), { metadata: { resourceVersion }, spec: { taints } });

export const deleteNode = name => del(nodePath(name));

// kubectl rollout restart (k8s.io/kubectl/pkg/polymorphichelpers/objectrestarter.go).
export const restart = ds => strategicPatch(dsPath(ds), {
  spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() } } } },
});

// kubectl set image: containers merge by name.
export const setImage = (ds, container, image) =>
  strategicPatch(dsPath(ds), { spec: { template: { spec: { containers: [{ name: container, image }] } } } });

export function parseTaint(text) {
  const m = /^([^=:\s]+)(?:=([^:\s]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(text.trim());
  return m ? { key: m[1], value: m[2] || undefined, effect: m[3] } : null;
}
