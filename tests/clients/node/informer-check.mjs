// Drives a MiniApiServer with @kubernetes/client-node 1.x, as a user's script would: an informer on ConfigMaps
// must see an add, an update and a delete made through the same client.
// Usage: node informer-check.mjs http://127.0.0.1:PORT NAMESPACE
import * as k8s from '@kubernetes/client-node';

const [server, namespace] = process.argv.slice(2);
const kc = new k8s.KubeConfig();
// The client refuses a plain http:// server unless the cluster says insecure-skip-tls-verify (the README's kubeconfig).
kc.loadFromOptions({
  clusters: [{ name: 'mini', server, skipTLSVerify: true }],
  users: [{ name: 'mini' }],
  contexts: [{ name: 'mini', cluster: 'mini', user: 'mini', namespace }],
  currentContext: 'mini',
});
const core = kc.makeApiClient(k8s.CoreV1Api);

const fail = (why) => { console.error(`FAIL: ${why}`); process.exit(1); };
setTimeout(() => fail(`timed out; events so far: ${JSON.stringify(events)}`), 60_000).unref();

await core.createNamespace({ body: { metadata: { name: namespace } } });
const events = [];
const informer = k8s.makeInformer(kc, `/api/v1/namespaces/${namespace}/configmaps`,
  () => core.listNamespacedConfigMap({ namespace }));
const waiters = [];
const record = (type) => (obj) => {
  // The root CA publisher's ConfigMap lands in every new namespace, as on a real cluster; the check is about 'seen'.
  if (obj.metadata.name === 'kube-root-ca.crt') return;
  events.push(`${type} ${obj.metadata.name} ${JSON.stringify(obj.data ?? {})}`);
  waiters.splice(0).forEach((w) => w());
};
const until = async (want) => { while (!events.includes(want)) { await new Promise((r) => waiters.push(r)); } };
informer.on(k8s.ADD, record('add'));
informer.on(k8s.UPDATE, record('update'));
informer.on(k8s.DELETE, record('delete'));
// Stopping aborts the informer's watch request, which it reports as an error.
let stopping = false;
informer.on(k8s.ERROR, (err) => { if (!stopping) fail(`informer error: ${err?.message ?? err}`); });
await informer.start();

await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'seen' }, data: { v: '1' } } });
await until('add seen {"v":"1"}');
await core.replaceNamespacedConfigMap({ name: 'seen', namespace, body: { metadata: { name: 'seen' }, data: { v: '2' } } });
await until('update seen {"v":"2"}');
await core.deleteNamespacedConfigMap({ name: 'seen', namespace });
await until('delete seen {"v":"2"}');
stopping = true;
await informer.stop();
console.log(events.join('\n'));
console.log('ok');
process.exit(0);
