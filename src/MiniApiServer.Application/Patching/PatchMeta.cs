using k8s.Models;

namespace MiniApiServer.Application.Patching;

/// <summary>
/// The <c>patchStrategy</c>/<c>patchMergeKey</c> struct tags of the upstream Go API types
/// (k8s.io/api */types.go, k8s.io/apimachinery meta/v1), keyed by the C# model type and JSON field name.
/// Fields absent here are atomic for lists and merged for maps, as upstream.
/// </summary>
public sealed record PatchMeta(string Strategy, string? MergeKey)
{
    private static readonly Dictionary<(Type Owner, string Field), PatchMeta> Tags = new()
    {
        [(typeof(V1ObjectMeta), "finalizers")] = Merge(),
        [(typeof(V1ObjectMeta), "ownerReferences")] = Merge("uid"),

        [(typeof(V1PodSpec), "volumes")] = MergeRetainKeys("name"),
        [(typeof(V1PodSpec), "initContainers")] = Merge("name"),
        [(typeof(V1PodSpec), "containers")] = Merge("name"),
        [(typeof(V1PodSpec), "ephemeralContainers")] = Merge("name"),
        [(typeof(V1PodSpec), "imagePullSecrets")] = Merge("name"),
        [(typeof(V1PodSpec), "hostAliases")] = Merge("ip"),
        [(typeof(V1PodSpec), "topologySpreadConstraints")] = Merge("topologyKey"),
        [(typeof(V1PodSpec), "resourceClaims")] = MergeRetainKeys("name"),
        [(typeof(V1PodSpec), "schedulingGates")] = Merge("name"),

        [(typeof(V1Container), "ports")] = Merge("containerPort"),
        [(typeof(V1Container), "env")] = Merge("name"),
        [(typeof(V1Container), "volumeMounts")] = Merge("mountPath"),
        [(typeof(V1Container), "volumeDevices")] = Merge("devicePath"),
        [(typeof(V1EphemeralContainer), "ports")] = Merge("containerPort"),
        [(typeof(V1EphemeralContainer), "env")] = Merge("name"),
        [(typeof(V1EphemeralContainer), "volumeMounts")] = Merge("mountPath"),
        [(typeof(V1EphemeralContainer), "volumeDevices")] = Merge("devicePath"),

        [(typeof(V1PodStatus), "conditions")] = Merge("type"),
        [(typeof(V1PodStatus), "podIPs")] = Merge("ip"),
        [(typeof(V1PodStatus), "hostIPs")] = Merge("ip"),
        [(typeof(V1PodStatus), "resourceClaimStatuses")] = MergeRetainKeys("name"),
        [(typeof(V1ContainerStatus), "allocatedResourcesStatus")] = Merge("name"),

        [(typeof(V1NodeSpec), "podCIDRs")] = Merge(),
        [(typeof(V1NodeStatus), "conditions")] = Merge("type"),
        [(typeof(V1NodeStatus), "addresses")] = Merge("type"),

        [(typeof(V1ServiceSpec), "ports")] = Merge("port"),
        [(typeof(V1ServiceStatus), "conditions")] = Merge("type"),
        [(typeof(V1ServiceAccount), "secrets")] = Merge("name"),
        [(typeof(V1NamespaceStatus), "conditions")] = Merge("type"),
        [(typeof(V1PersistentVolumeClaimStatus), "conditions")] = Merge("type"),
        [(typeof(V1ReplicationControllerStatus), "conditions")] = Merge("type"),
        [(typeof(V1ComponentStatus), "conditions")] = Merge("type"),

        [(typeof(V1DeploymentSpec), "strategy")] = new("retainKeys", null),
        [(typeof(V1DeploymentStatus), "conditions")] = Merge("type"),
        [(typeof(V1ReplicaSetStatus), "conditions")] = Merge("type"),
        [(typeof(V1StatefulSetStatus), "conditions")] = Merge("type"),
        [(typeof(V1DaemonSetStatus), "conditions")] = Merge("type"),

        [(typeof(V1JobStatus), "conditions")] = Merge("type"),

        [(typeof(V1MutatingWebhookConfiguration), "webhooks")] = Merge("name"),
        [(typeof(V1ValidatingWebhookConfiguration), "webhooks")] = Merge("name"),
        [(typeof(V1MutatingWebhook), "matchConditions")] = Merge("name"),
        [(typeof(V1ValidatingWebhook), "matchConditions")] = Merge("name"),
        [(typeof(V1ValidatingAdmissionPolicySpec), "matchConditions")] = Merge("name"),
        [(typeof(V1ValidatingAdmissionPolicyStatus), "conditions")] = Merge("type"),
        [(typeof(V1CSINodeSpec), "drivers")] = Merge("name"),
        [(typeof(V1FlowSchemaStatus), "conditions")] = Merge("type"),
        [(typeof(V1PriorityLevelConfigurationStatus), "conditions")] = Merge("type"),
        [(typeof(V1PodDisruptionBudgetStatus), "conditions")] = Merge("type"),
        [(typeof(V2HorizontalPodAutoscalerStatus), "conditions")] = Merge("type"),
    };

    public static IReadOnlyCollection<(Type Owner, string Field)> TaggedFields => Tags.Keys;

    public bool Merges => Strategy.Split(',').Contains("merge", StringComparer.Ordinal);

    public static PatchMeta? For(Type? owner, string field) =>
        owner is not null && Tags.TryGetValue((owner, field), out var meta) ? meta : null;

    private static PatchMeta Merge(string? key = null) => new("merge", key);

    private static PatchMeta MergeRetainKeys(string key) => new("merge,retainKeys", key);
}
