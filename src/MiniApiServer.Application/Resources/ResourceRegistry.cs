using MiniApiServer.Application.Kinds;

namespace MiniApiServer.Application.Resources;

/// <summary>Every kind this server serves. Order is discovery order.</summary>
public sealed class ResourceRegistry
{
    private readonly Dictionary<string, ResourceType> _builtIn = [];
    private readonly HashSet<string> _builtInResources = [];
    private readonly Lock _customLock = new();
    private Snapshot _snapshot;
    private Func<bool, bool>? _refresh;
    private readonly Dictionary<string, CancellationTokenSource> _serving = new(StringComparer.Ordinal);

    public ResourceRegistry()
    {
        foreach (var kind in KindCatalog.All)
        {
            _builtIn[kind.Type.StorageKey] = kind.Type;
            _builtInResources.Add(kind.Type.GroupResource);
        }
        _snapshot = new Snapshot(KindCatalog.All, new Dictionary<string, IReadOnlyList<KindDefinition>>());
    }

    /// <summary>Built-in kinds first, then the custom resources of established CRDs, ordered by CRD name.</summary>
    public IReadOnlyList<KindDefinition> Kinds => _snapshot.Kinds;

    public IReadOnlyList<ResourceType> Types => _snapshot.Types;

    /// <summary>The types with a store of their own: every served type but those converted from another's.</summary>
    public IReadOnlyList<ResourceType> StoredTypes => _snapshot.StoredTypes;

    /// <summary>
    /// Serves <paramref name="kinds"/> for the CRD <paramref name="owner"/> (none: stops serving them), as the
    /// apiextensions-apiserver's crdHandler swaps its storage map. Requests already past the lookup finish on the old one.
    /// </summary>
    public void SetCustom(string owner, IReadOnlyList<KindDefinition> kinds)
    {
        CancellationTokenSource? serving;
        lock (_customLock)
        {
            var custom = new Dictionary<string, IReadOnlyList<KindDefinition>>(_snapshot.Custom);
            if (kinds.Count == 0)
            {
                custom.Remove(owner);
            }
            else
            {
                custom[owner] = kinds;
            }
            // A CRD may not take over a built-in resource in any version (crd_finalizer.go's OverlappingBuiltInResource):
            // its other versions would be served from the built-in store.
            var all = KindCatalog.All.Concat(custom.OrderBy(c => c.Key, StringComparer.Ordinal)
                .SelectMany(c => c.Value).Where(k => !_builtInResources.Contains(k.Type.GroupResource)));
            _snapshot = new Snapshot([.. all], custom);
            _serving.Remove(owner, out serving);
        }
        // crdHandler tears down a CRD's storage when what it serves changes, which ends that storage's watches. Outside
        // the lock: cancellation runs the watches' callbacks on this thread.
        // Not disposed: a watch may be linking its token right now, and a source without a timer holds nothing to free.
        serving?.Cancel();
    }

    /// <summary>
    /// Cancelled when the CRD serving <paramref name="type"/> stops serving it as it does now (deleted, or a new
    /// spec or names); none for a built-in kind. The CRD of a custom resource is named by its group-resource.
    /// </summary>
    public CancellationToken ServingToken(ResourceType type)
    {
        if (!type.IsCustom)
        {
            return CancellationToken.None;
        }
        // Under the swap's lock: a token is handed out only while its kind is served, and replaced with the kinds.
        lock (_customLock)
        {
            if (!_snapshot.KindsByKey.ContainsKey(type.StorageKey))
            {
                return new CancellationToken(canceled: true);
            }
            if (!_serving.TryGetValue(type.GroupResource, out var serving))
            {
                serving = new CancellationTokenSource();
                _serving[type.GroupResource] = serving;
            }
            return serving.Token;
        }
    }

    /// <summary>
    /// Set by every replica's CRD registrar: brings the custom resources up to the CRDs in this replica's cache (true
    /// when that changed them). A lookup that misses asks it first, as crdHandler reads its informer on every request,
    /// so a client that saw a CRD Established is served even before the registrar's own watch has delivered it.
    /// </summary>
    /// <param name="refresh">Given true, it first catches the cache up with the database (another replica's commits).</param>
    public void SetRefresh(Func<bool, bool> refresh) => _refresh = refresh;

    /// <summary>
    /// Catches the custom resources up with the cache now (discovery and OpenAPI answers call this first). It does not
    /// wait for the database: those answers are served from this replica's state, as upstream's discovery is.
    /// </summary>
    public void Refresh() => _refresh?.Invoke(false);

    /// <summary>The CRD names whose resources are served now.</summary>
    public IReadOnlyCollection<string> CustomOwners => _snapshot.Custom.Keys;

    public ResourceType Namespaces => _builtIn["namespaces"];
    public ResourceType Nodes => _builtIn["nodes"];
    public ResourceType Pods => _builtIn["pods"];
    public ResourceType Events => _builtIn["events"];
    public ResourceType DaemonSets => _builtIn["daemonsets.apps"];
    public ResourceType ReplicaSets => _builtIn["replicasets.apps"];
    public ResourceType ReplicationControllers => _builtIn["replicationcontrollers"];
    public ResourceType Deployments => _builtIn["deployments.apps"];
    public ResourceType ControllerRevisions => _builtIn["controllerrevisions.apps"];
    public ResourceType Leases => _builtIn["leases.coordination.k8s.io"];
    public ResourceType ServiceAccounts => _builtIn["serviceaccounts"];
    public ResourceType Secrets => _builtIn["secrets"];
    public ResourceType ClusterRoles => _builtIn["clusterroles.rbac.authorization.k8s.io"];
    public ResourceType ClusterRoleBindings => _builtIn["clusterrolebindings.rbac.authorization.k8s.io"];
    public ResourceType Roles => _builtIn["roles.rbac.authorization.k8s.io"];
    public ResourceType RoleBindings => _builtIn["rolebindings.rbac.authorization.k8s.io"];
    public ResourceType PodDisruptionBudgets => _builtIn["poddisruptionbudgets.policy"];
    public ResourceType HorizontalPodAutoscalers => _builtIn["horizontalpodautoscalers.autoscaling"];
    public ResourceType Jobs => _builtIn["jobs.batch"];
    public ResourceType CronJobs => _builtIn["cronjobs.batch"];
    public ResourceType StatefulSets => _builtIn["statefulsets.apps"];
    public ResourceType PersistentVolumeClaims => _builtIn["persistentvolumeclaims"];
    public ResourceType PersistentVolumes => _builtIn["persistentvolumes"];
    public ResourceType StorageClasses => _builtIn["storageclasses.storage.k8s.io"];
    public ResourceType RuntimeClasses => _builtIn["runtimeclasses.node.k8s.io"];
    public ResourceType CertificateSigningRequests => _builtIn["certificatesigningrequests.certificates.k8s.io"];
    public ResourceType Services => _builtIn["services"];
    public ResourceType EndpointSlices => _builtIn["endpointslices.discovery.k8s.io"];
    public ResourceType Endpoints => _builtIn["endpoints"];
    public ResourceType IngressClasses => _builtIn["ingressclasses.networking.k8s.io"];
    public ResourceType Ingresses => _builtIn["ingresses.networking.k8s.io"];
    public ResourceType CustomResourceDefinitions => _builtIn["customresourcedefinitions.apiextensions.k8s.io"];
    public ResourceType APIServices => _builtIn["apiservices.apiregistration.k8s.io"];
    public ResourceType FlowSchemas => _builtIn["flowschemas.flowcontrol.apiserver.k8s.io"];
    public ResourceType PriorityLevelConfigurations => _builtIn["prioritylevelconfigurations.flowcontrol.apiserver.k8s.io"];
    public ResourceType ValidatingAdmissionPolicies => _builtIn["validatingadmissionpolicies.admissionregistration.k8s.io"];

    /// <summary>
    /// The kind serving <paramref name="type"/>. A custom resource's CRD can be deleted while a request that resolved it
    /// runs: that request then ends as a 404, as one arriving a moment later would.
    /// </summary>
    public KindDefinition KindOf(ResourceType type) =>
        _snapshot.KindsByKey.TryGetValue(type.StorageKey, out var kind) ? kind : throw Errors.ApiErrors.PathNotFound();

    public ResourceType? Find(string group, string version, string plural)
    {
        if (_snapshot.ByPath.TryGetValue((group, version, plural), out var type) || _refresh is not { } refresh)
        {
            return type;
        }
        // Looked up again whatever the refresh did: the registrar's own watch may have registered it meanwhile.
        refresh(true);
        return _snapshot.ByPath.GetValueOrDefault((group, version, plural));
    }

    public ResourceType? ByStorageKey(string key) => _snapshot.ByStorageKey.TryGetValue(key, out var t) ? t : null;

    private sealed class Snapshot
    {
        public Snapshot(IReadOnlyList<KindDefinition> kinds, Dictionary<string, IReadOnlyList<KindDefinition>> custom)
        {
            Kinds = kinds;
            Custom = custom;
            Types = [.. kinds.Where(k => k is not CustomResourceKind { Served: false }).Select(k => k.Type)];
            // A custom resource's storage version converts too (objects stored under an earlier storage version carry
            // that apiVersion), from and to its own store.
            StoredTypes = [.. kinds.Where(k => k.Conversion is null || k.Conversion.StorageResource == k.Type.StorageKey).Select(k => k.Type)];
            foreach (var kind in kinds)
            {
                var t = kind.Type;
                if (kind is not CustomResourceKind { Served: false })
                {
                    ByPath[(t.Group, t.Version, t.Plural)] = t;
                }
                ByStorageKey[t.StorageKey] = t;
                KindsByKey[t.StorageKey] = kind;
            }
        }

        public IReadOnlyList<KindDefinition> Kinds { get; }
        public Dictionary<string, IReadOnlyList<KindDefinition>> Custom { get; }
        public IReadOnlyList<ResourceType> Types { get; }
        public IReadOnlyList<ResourceType> StoredTypes { get; }
        public Dictionary<(string Group, string Version, string Plural), ResourceType> ByPath { get; } = [];
        public Dictionary<string, ResourceType> ByStorageKey { get; } = [];
        public Dictionary<string, KindDefinition> KindsByKey { get; } = [];
    }

    /// <summary>Each kind has its own model class (core and events.k8s.io Events included), so the class names the resource.</summary>
    public ResourceType? ByModelType(Type modelType) => Types.FirstOrDefault(t => t.ModelType == modelType);
}
