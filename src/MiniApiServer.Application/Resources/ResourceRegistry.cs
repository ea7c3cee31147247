using k8s.Models;

namespace MiniApiServer.Application.Resources;

/// <summary>Every kind this server serves. Order is discovery order.</summary>
public sealed class ResourceRegistry
{
    private static readonly string[] All = ["all"];
    private static readonly string[] None = [];

    private readonly Dictionary<(string Group, string Version, string Plural), ResourceType> _byPath = [];
    private readonly Dictionary<string, ResourceType> _byStorageKey = [];

    public ResourceRegistry()
    {
        Types =
        [
            new("", "v1", "namespaces", "namespace", "Namespace", false, typeof(V1Namespace), ["ns"], None, ["status", "finalize"]),
            new("", "v1", "nodes", "node", "Node", false, typeof(V1Node), ["no"], None, ["status"]),
            new("", "v1", "pods", "pod", "Pod", true, typeof(V1Pod), ["po"], All, ["status", "binding"], GracefulDeletion: true),
            new("", "v1", "events", "event", "Event", true, typeof(Corev1Event), ["ev"], None, None),
            new("", "v1", "configmaps", "configmap", "ConfigMap", true, typeof(V1ConfigMap), ["cm"], None, None),
            new("", "v1", "secrets", "secret", "Secret", true, typeof(V1Secret), None, None, None),
            new("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, typeof(V1ServiceAccount), ["sa"], None, None),
            new("apps", "v1", "daemonsets", "daemonset", "DaemonSet", true, typeof(V1DaemonSet), ["ds"], All, ["status"], UsesGeneration: true),
            new("apps", "v1", "controllerrevisions", "controllerrevision", "ControllerRevision", true, typeof(V1ControllerRevision), None, None, None),
            new("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, typeof(V1Lease), None, None, None),
            new("events.k8s.io", "v1", "events", "event", "Event", true, typeof(Eventsv1Event), ["ev"], None, None),
            new("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", false, typeof(V1ClusterRole), None, None, None),
            new("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false, typeof(V1ClusterRoleBinding), None, None, None),
            new("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true, typeof(V1Role), None, None, None),
            new("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", true, typeof(V1RoleBinding), None, None, None),
        ];
        foreach (var t in Types)
        {
            _byPath[(t.Group, t.Version, t.Plural)] = t;
            _byStorageKey[t.StorageKey] = t;
        }
    }

    public IReadOnlyList<ResourceType> Types { get; }

    public ResourceType Namespaces => _byStorageKey["namespaces"];
    public ResourceType Nodes => _byStorageKey["nodes"];
    public ResourceType Pods => _byStorageKey["pods"];
    public ResourceType Events => _byStorageKey["events"];
    public ResourceType DaemonSets => _byStorageKey["daemonsets.apps"];
    public ResourceType ControllerRevisions => _byStorageKey["controllerrevisions.apps"];
    public ResourceType Leases => _byStorageKey["leases.coordination.k8s.io"];

    public ResourceType? Find(string group, string version, string plural) =>
        _byPath.TryGetValue((group, version, plural), out var t) ? t : null;

    public ResourceType? ByStorageKey(string key) => _byStorageKey.TryGetValue(key, out var t) ? t : null;

    /// <summary>Each kind has its own model class (core and events.k8s.io Events included), so the class names the resource.</summary>
    public ResourceType? ByModelType(Type modelType) => Types.FirstOrDefault(t => t.ModelType == modelType);
}
