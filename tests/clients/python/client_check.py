"""Drives a MiniApiServer with Debian's python3-kubernetes, as a user's script would.

Usage: /usr/bin/python3 client_check.py http://127.0.0.1:PORT NAMESPACE
Creates from YAML, watches from a resourceVersion, patches, pages with limit/continue and deletes in the
foreground; exits non-zero with the reason on the first thing that is not as upstream would answer.
"""
import sys
import threading
import time

import yaml
from kubernetes import client, utils, watch

server, ns = sys.argv[1], sys.argv[2]
cfg = client.Configuration()
cfg.host = server
api = client.ApiClient(cfg)
core = client.CoreV1Api(api)
apps = client.AppsV1Api(api)

core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=ns)))

# Create from YAML: a DaemonSet and five ConfigMaps in one multi-document manifest.
manifest = """
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: monitoring-daemon
  labels: {app: nginx}
spec:
  selector:
    matchLabels: {app: monitoring-agent}
  template:
    metadata:
      labels: {app: monitoring-agent}
    spec:
      containers:
      - name: monitoring-agent
        image: monitoring-agent
""" + "".join(f"""---
apiVersion: v1
kind: ConfigMap
metadata:
  name: page-{i}
data: {{n: "{i}"}}
""" for i in range(5))
created = utils.create_from_yaml(api, yaml_objects=list(yaml.safe_load_all(manifest)), namespace=ns)
assert len(created) == 6, f"create_from_yaml created {len(created)} objects"
print("created from YAML: 1 DaemonSet, 5 ConfigMaps")

# Watch from a resourceVersion: everything after the list, in order.
listed = core.list_namespaced_config_map(ns)
seen = []


def watch_from_list():
    w = watch.Watch()
    # Only "watched": the root CA publisher may write kube-root-ca.crt into the new namespace after the list.
    for event in w.stream(core.list_namespaced_config_map, ns, resource_version=listed.metadata.resource_version,
                          field_selector="metadata.name=watched", timeout_seconds=30):
        seen.append((event["type"], event["object"].metadata.name))
        if event["type"] == "DELETED":
            w.stop()


watcher = threading.Thread(target=watch_from_list)
watcher.start()
core.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="watched")))

# Patch: a strategic merge patch (the client's default for a dict body) on the ConfigMap.
patched = core.patch_namespaced_config_map("watched", ns, {"metadata": {"labels": {"patched": "yes"}}, "data": {"k": "v"}})
assert patched.metadata.labels == {"patched": "yes"} and patched.data == {"k": "v"}, patched
core.delete_namespaced_config_map("watched", ns)
watcher.join(40)
assert seen == [("ADDED", "watched"), ("MODIFIED", "watched"), ("DELETED", "watched")], seen
print("watch from resourceVersion:", " ".join(t for t, _ in seen))
print("patched: labels", patched.metadata.labels)

# Pagination: limit 2 over five ConfigMaps, following continue tokens.
names, token, pages = [], None, 0
while True:
    page = core.list_namespaced_config_map(ns, limit=2, _continue=token)
    pages += 1
    names += [cm.metadata.name for cm in page.items]
    token = page.metadata._continue
    if not token:
        break
# The namespace also holds kube-root-ca.crt once the root CA publisher has written it, as on a real cluster.
names = [n for n in names if n != "kube-root-ca.crt"]
assert names == [f"page-{i}" for i in range(5)] and pages == 3, (names, pages)
print("paged:", pages, "pages of limit 2:", " ".join(names))

# Foreground delete: the DaemonSet's pods (its dependents) are deleted before the DaemonSet itself disappears.
def poll(what, condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"not within {seconds} s: {what}")


def daemon_pods():
    return core.list_namespaced_pod(ns, label_selector="app=monitoring-agent").items


nodes = len(core.list_node().items)
poll(f"{nodes} DaemonSet pods", lambda: len(daemon_pods()) == nodes)
apps.delete_namespaced_daemon_set("monitoring-daemon", ns, propagation_policy="Foreground")


def daemon_set_gone():
    try:
        apps.read_namespaced_daemon_set("monitoring-daemon", ns)
        return False
    except client.exceptions.ApiException as e:
        if e.status != 404:
            raise
        return True


poll("the DaemonSet deleted", daemon_set_gone)
assert daemon_pods() == [], [p.metadata.name for p in daemon_pods()]
print(f"foreground delete: {nodes} pods, then the DaemonSet, gone")

# An autoscaling/v1 HPA (the version this client knows) on a Deployment, read back typed: the server stores v2.
apps.create_namespaced_deployment(ns, client.V1Deployment(
    metadata=client.V1ObjectMeta(name="web"),
    spec=client.V1DeploymentSpec(
        replicas=1,
        selector=client.V1LabelSelector(match_labels={"app": "web"}),
        template=client.V1PodTemplateSpec(
            metadata=client.V1ObjectMeta(labels={"app": "web"}),
            spec=client.V1PodSpec(containers=[client.V1Container(name="web", image="nginx")])))))
autoscaling = client.AutoscalingV1Api(api)
autoscaling.create_namespaced_horizontal_pod_autoscaler(ns, client.V1HorizontalPodAutoscaler(
    metadata=client.V1ObjectMeta(name="web"),
    spec=client.V1HorizontalPodAutoscalerSpec(
        scale_target_ref=client.V1CrossVersionObjectReference(api_version="apps/v1", kind="Deployment", name="web"),
        max_replicas=3, target_cpu_utilization_percentage=50)))
hpa = autoscaling.read_namespaced_horizontal_pod_autoscaler("web", ns)
assert hpa.spec.min_replicas == 1, f"minReplicas not defaulted: {hpa.spec}"
# The controller's first sync (15 s) records the target's replica count; the pod has no cpu request (or is too
# freshly Ready to count), so no replica count can be computed and the desired count stays 0.
poll("the HPA's first sync", lambda: autoscaling.read_namespaced_horizontal_pod_autoscaler_status("web", ns).status.current_replicas == 1)
synced = autoscaling.read_namespaced_horizontal_pod_autoscaler("web", ns)
conditions = synced.metadata.annotations["autoscaling.alpha.kubernetes.io/conditions"]
assert '"reason":"FailedGetResourceMetric","message":"the HPA was unable to compute the replica count: ' in conditions, conditions
print(f"autoscaling/v1: min {synced.spec.min_replicas}, max {synced.spec.max_replicas}, target {synced.spec.target_cpu_utilization_percentage}%, "
      f"current {synced.status.current_replicas}, desired {synced.status.desired_replicas}")

# Storage: the default class provisions a claim for the pod that uses it; the volume reads back typed.
storage = client.StorageV1Api(api)
classes = storage.list_storage_class().items
default = [c.metadata.name for c in classes if (c.metadata.annotations or {}).get("storageclass.kubernetes.io/is-default-class") == "true"]
assert default == ["standard"], default
core.create_namespaced_persistent_volume_claim(ns, client.V1PersistentVolumeClaim(
    metadata=client.V1ObjectMeta(name="data"),
    spec=client.V1PersistentVolumeClaimSpec(access_modes=["ReadWriteOnce"], resources=client.V1ResourceRequirements(requests={"storage": "1Gi"}))))
core.create_namespaced_pod(ns, client.V1Pod(
    metadata=client.V1ObjectMeta(name="user"),
    spec=client.V1PodSpec(
        containers=[client.V1Container(name="app", image="nginx", volume_mounts=[client.V1VolumeMount(name="data", mount_path="/data")])],
        volumes=[client.V1Volume(name="data", persistent_volume_claim=client.V1PersistentVolumeClaimVolumeSource(claim_name="data"))])))
poll("the claim bound", lambda: core.read_namespaced_persistent_volume_claim("data", ns).status.phase == "Bound")
claim = core.read_namespaced_persistent_volume_claim("data", ns)
volume = core.read_persistent_volume(claim.spec.volume_name)
pod = core.read_namespaced_pod("user", ns)
pinned = volume.spec.node_affinity.required.node_selector_terms[0].match_expressions[0].values
assert volume.metadata.name == "pvc-" + claim.metadata.uid and pinned == [pod.spec.node_name], (volume.metadata.name, pinned, pod.spec.node_name)
print(f"storage: class {claim.spec.storage_class_name}, claim {claim.status.phase} {claim.status.capacity['storage']}, "
      f"volume {volume.status.phase} {volume.spec.persistent_volume_reclaim_policy} on the pod's node")

# CustomResourceDefinitions: the typed apiextensions client creates one, the dynamic client finds its resource
# through discovery, and CustomObjectsApi lists it; the schema's default is applied.
from kubernetes import dynamic

extensions = client.ApiextensionsV1Api(api)
extensions.create_custom_resource_definition(yaml.safe_load("""
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: backups.python.example.com}
spec:
  group: python.example.com
  scope: Namespaced
  names: {plural: backups, singular: backup, kind: Backup}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              schedule: {type: string}
              keep: {type: integer, default: 7}
"""))
poll("the CRD established", lambda: any(c.type == "Established" and c.status == "True"
                                        for c in extensions.read_custom_resource_definition("backups.python.example.com").status.conditions or []))
backups = poll("the resource discovered", lambda: dynamic.DynamicClient(api).resources.get(api_version="python.example.com/v1", kind="Backup"))
made = backups.create(namespace=ns, body={"apiVersion": "python.example.com/v1", "kind": "Backup", "metadata": {"name": "nightly"}, "spec": {"schedule": "0 3 * * *"}})
listed = client.CustomObjectsApi(api).list_namespaced_custom_object("python.example.com", "v1", ns, "backups")["items"]
print(f"custom resource: {made.kind} {made.metadata.name}, keep defaulted to {made.spec.keep}, listed {[b['metadata']['name'] for b in listed]}")

# Delegated authentication and authorization, typed: a token for an audience, its TokenReview for that audience, and
# what the reviewed user may do (authentication is off here, so the authorizer allows everything).
core.create_namespaced_service_account(ns, client.V1ServiceAccount(metadata=client.V1ObjectMeta(name="robot")))
token = core.create_namespaced_service_account_token("robot", ns, client.AuthenticationV1TokenRequest(
    spec=client.V1TokenRequestSpec(audiences=["vault"]))).status.token
review = client.AuthenticationV1Api(api).create_token_review(client.V1TokenReview(spec=client.V1TokenReviewSpec(token=token, audiences=["vault"])))
refused = client.AuthenticationV1Api(api).create_token_review(client.V1TokenReview(spec=client.V1TokenReviewSpec(token=token)))
access = client.AuthorizationV1Api(api).create_namespaced_local_subject_access_review(ns, client.V1LocalSubjectAccessReview(
    spec=client.V1SubjectAccessReviewSpec(user=review.status.user.username, resource_attributes=client.V1ResourceAttributes(namespace=ns, verb="get", resource="pods"))))
print(f"token review: {review.status.authenticated} {review.status.user.username} {review.status.audiences}, "
      f"not for the API: {refused.status.authenticated}; local access review allowed: {access.status.allowed}")
print("ok")
