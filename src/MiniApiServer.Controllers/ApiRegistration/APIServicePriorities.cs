using k8s.Models;

namespace MiniApiServer.Controllers.ApiRegistration;

/// <summary>
/// The APIServices kube-apiserver registers for what it serves: cmd/kube-apiserver/app/aggregator.go's
/// apiVersionPriorities merged over pkg/controlplane/apiserver/aggregator.go's DefaultGenericAPIServicePriorities
/// (makeAPIService), and crdregistration_controller.go's for a CRD's served versions.
/// </summary>
public static class APIServicePriorities
{
    public const string AutoManagedLabel = "kube-aggregator.kubernetes.io/automanaged";
    public const string OnStart = "onstart";
    public const string Continuously = "true";

    // Only the group versions this server can serve; a group version without an entry gets no APIService upstream.
    private static readonly Dictionary<(string Group, string Version), (int Group, int Version)> Table = new()
    {
        [("", "v1")] = (18000, 1),
        [("apps", "v1")] = (17800, 15),
        [("events.k8s.io", "v1")] = (17750, 15),
        [("authentication.k8s.io", "v1")] = (17700, 15),
        [("authorization.k8s.io", "v1")] = (17600, 15),
        [("autoscaling", "v1")] = (17500, 15),
        [("autoscaling", "v2")] = (17500, 30),
        [("batch", "v1")] = (17400, 15),
        [("certificates.k8s.io", "v1")] = (17300, 15),
        [("networking.k8s.io", "v1")] = (17200, 15),
        [("policy", "v1")] = (17100, 15),
        [("rbac.authorization.k8s.io", "v1")] = (17000, 15),
        [("storage.k8s.io", "v1")] = (16800, 15),
        [("apiextensions.k8s.io", "v1")] = (16700, 15),
        [("admissionregistration.k8s.io", "v1")] = (16700, 15),
        [("scheduling.k8s.io", "v1")] = (16600, 15),
        [("coordination.k8s.io", "v1")] = (16500, 15),
        [("node.k8s.io", "v1")] = (16300, 15),
        [("discovery.k8s.io", "v1")] = (16200, 15),
        [("flowcontrol.apiserver.k8s.io", "v1")] = (16100, 21),
        // Not kube-apiserver's: metrics-server registers this one from its manifest (components.yaml) at these
        // priorities. This server answers metrics.k8s.io itself, so its APIService is a local one.
        [("metrics.k8s.io", "v1beta1")] = (100, 100),
    };

    public static string NameOf(string group, string version) => version + "." + group;

    /// <summary>
    /// Where discovery lists a group: its APIServices' highest GroupPriorityMinimum. apiregistration.k8s.io has no
    /// APIService and is listed first (handler_discovery.go's APIRegistrationGroupPriority, 20001); a group the table
    /// does not know is a CRD's (1000).
    /// </summary>
    public static int GroupPriority(string group) =>
        group == "apiregistration.k8s.io" ? 20001
        : Table.Where(e => e.Key.Group == group).Select(e => e.Value.Group).DefaultIfEmpty(1000).Max();

    /// <summary>makeAPIService: null for a group version the table does not know.</summary>
    public static V1APIService? ForServed(string group, string version) =>
        Table.TryGetValue((group, version), out var priority) ? Make(group, version, priority.Group, priority.Version, OnStart) : null;

    /// <summary>crdregistration_controller.go: CRDs should have relatively low priority.</summary>
    public static V1APIService ForCustomResource(string group, string version) => Make(group, version, 1000, 100, Continuously);

    private static V1APIService Make(string group, string version, int groupPriority, int versionPriority, string managed) => new()
    {
        ApiVersion = "apiregistration.k8s.io/v1",
        Kind = "APIService",
        Metadata = new V1ObjectMeta { Name = NameOf(group, version), Labels = new Dictionary<string, string> { [AutoManagedLabel] = managed } },
        Spec = new V1APIServiceSpec { Group = group, Version = version, GroupPriorityMinimum = groupPriority, VersionPriority = versionPriority },
    };
}
