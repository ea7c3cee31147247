using MiniApiServer.Application.Kinds;

namespace MiniApiServer.Application.Resources;

/// <summary>Every kind this server serves. Order is discovery order.</summary>
public sealed class ResourceRegistry
{
    private readonly Dictionary<(string Group, string Version, string Plural), ResourceType> _byPath = [];
    private readonly Dictionary<string, ResourceType> _byStorageKey = [];
    private readonly Dictionary<string, KindDefinition> _kinds = [];

    public ResourceRegistry()
    {
        Kinds = KindCatalog.All;
        Types = [.. Kinds.Select(k => k.Type)];
        StoredTypes = [.. Kinds.Where(k => k.Conversion is null).Select(k => k.Type)];
        foreach (var kind in Kinds)
        {
            var t = kind.Type;
            _byPath[(t.Group, t.Version, t.Plural)] = t;
            _byStorageKey[t.StorageKey] = t;
            _kinds[t.StorageKey] = kind;
        }
    }

    public IReadOnlyList<KindDefinition> Kinds { get; }

    public IReadOnlyList<ResourceType> Types { get; }

    /// <summary>The types with a store of their own: every served type but those converted from another's.</summary>
    public IReadOnlyList<ResourceType> StoredTypes { get; }

    public ResourceType Namespaces => _byStorageKey["namespaces"];
    public ResourceType Nodes => _byStorageKey["nodes"];
    public ResourceType Pods => _byStorageKey["pods"];
    public ResourceType Events => _byStorageKey["events"];
    public ResourceType DaemonSets => _byStorageKey["daemonsets.apps"];
    public ResourceType ReplicaSets => _byStorageKey["replicasets.apps"];
    public ResourceType Deployments => _byStorageKey["deployments.apps"];
    public ResourceType ControllerRevisions => _byStorageKey["controllerrevisions.apps"];
    public ResourceType Leases => _byStorageKey["leases.coordination.k8s.io"];
    public ResourceType ServiceAccounts => _byStorageKey["serviceaccounts"];
    public ResourceType ClusterRoles => _byStorageKey["clusterroles.rbac.authorization.k8s.io"];
    public ResourceType ClusterRoleBindings => _byStorageKey["clusterrolebindings.rbac.authorization.k8s.io"];
    public ResourceType Roles => _byStorageKey["roles.rbac.authorization.k8s.io"];
    public ResourceType RoleBindings => _byStorageKey["rolebindings.rbac.authorization.k8s.io"];
    public ResourceType PodDisruptionBudgets => _byStorageKey["poddisruptionbudgets.policy"];
    public ResourceType HorizontalPodAutoscalers => _byStorageKey["horizontalpodautoscalers.autoscaling"];
    public ResourceType Jobs => _byStorageKey["jobs.batch"];
    public ResourceType CronJobs => _byStorageKey["cronjobs.batch"];
    public ResourceType StatefulSets => _byStorageKey["statefulsets.apps"];
    public ResourceType PersistentVolumeClaims => _byStorageKey["persistentvolumeclaims"];
    public ResourceType PersistentVolumes => _byStorageKey["persistentvolumes"];
    public ResourceType StorageClasses => _byStorageKey["storageclasses.storage.k8s.io"];
    public ResourceType Services => _byStorageKey["services"];
    public ResourceType EndpointSlices => _byStorageKey["endpointslices.discovery.k8s.io"];
    public ResourceType Endpoints => _byStorageKey["endpoints"];
    public ResourceType IngressClasses => _byStorageKey["ingressclasses.networking.k8s.io"];
    public ResourceType Ingresses => _byStorageKey["ingresses.networking.k8s.io"];

    public KindDefinition KindOf(ResourceType type) => _kinds[type.StorageKey];

    public ResourceType? Find(string group, string version, string plural) =>
        _byPath.TryGetValue((group, version, plural), out var t) ? t : null;

    public ResourceType? ByStorageKey(string key) => _byStorageKey.TryGetValue(key, out var t) ? t : null;

    /// <summary>Each kind has its own model class (core and events.k8s.io Events included), so the class names the resource.</summary>
    public ResourceType? ByModelType(Type modelType) => Types.FirstOrDefault(t => t.ModelType == modelType);
}
