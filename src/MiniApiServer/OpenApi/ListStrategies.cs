using k8s.Models;

namespace MiniApiServer.OpenApi;

/// <summary>
/// Strategic-merge metadata of list fields, as the upstream Go types declare it (k8s.io/api v0.32 +listType, +listMapKey,
/// patchStrategy and patchMergeKey). kubectl computes client-side apply patches from these when the PATCH operation
/// advertises strategic-merge-patch; the patch strategies themselves come from <c>PatchMeta</c>, which the server applies.
/// </summary>
internal static class ListStrategies
{
    private static readonly ListStrategy MergeByName = ListStrategy.Map("name");
    private static readonly ListStrategy MergeByType = ListStrategy.Map("type");
    private static readonly ListStrategy MergeByIp = ListStrategy.Map("ip");

    private static readonly Dictionary<(Type, string), ListStrategy> ByField = new()
    {
        [(typeof(V1ObjectMeta), "finalizers")] = new(null, "merge", "set", []),
        [(typeof(V1ObjectMeta), "ownerReferences")] = ListStrategy.Map("uid"),
        [(typeof(V1ObjectMeta), "managedFields")] = ListStrategy.Atomic,
        [(typeof(V1LabelSelector), "matchExpressions")] = ListStrategy.Atomic,

        [(typeof(V1PodSpec), "volumes")] = ListStrategy.Map("name", "merge,retainKeys"),
        [(typeof(V1PodSpec), "initContainers")] = MergeByName,
        [(typeof(V1PodSpec), "containers")] = MergeByName,
        [(typeof(V1PodSpec), "ephemeralContainers")] = MergeByName,
        [(typeof(V1PodSpec), "imagePullSecrets")] = MergeByName,
        [(typeof(V1PodSpec), "hostAliases")] = MergeByIp,
        [(typeof(V1PodSpec), "tolerations")] = ListStrategy.Atomic,
        [(typeof(V1PodSpec), "readinessGates")] = ListStrategy.Atomic,
        [(typeof(V1PodSpec), "topologySpreadConstraints")] = ListStrategy.Map("topologyKey", "merge", "whenUnsatisfiable"),
        [(typeof(V1PodSpec), "schedulingGates")] = MergeByName,
        [(typeof(V1PodSpec), "resourceClaims")] = ListStrategy.Map("name", "merge,retainKeys"),

        [(typeof(V1Container), "ports")] = ListStrategy.Map("containerPort", "merge", "protocol"),
        [(typeof(V1Container), "env")] = MergeByName,
        [(typeof(V1Container), "envFrom")] = ListStrategy.Atomic,
        [(typeof(V1Container), "volumeMounts")] = ListStrategy.Map("mountPath"),
        [(typeof(V1Container), "volumeDevices")] = ListStrategy.Map("devicePath"),
        [(typeof(V1Container), "resizePolicy")] = ListStrategy.Atomic,
        [(typeof(V1Container), "command")] = ListStrategy.Atomic,
        [(typeof(V1Container), "args")] = ListStrategy.Atomic,
        [(typeof(V1EphemeralContainer), "ports")] = ListStrategy.Map("containerPort", "merge", "protocol"),
        [(typeof(V1EphemeralContainer), "env")] = MergeByName,
        [(typeof(V1EphemeralContainer), "envFrom")] = ListStrategy.Atomic,
        [(typeof(V1EphemeralContainer), "volumeMounts")] = ListStrategy.Map("mountPath"),
        [(typeof(V1EphemeralContainer), "volumeDevices")] = ListStrategy.Map("devicePath"),
        [(typeof(V1EphemeralContainer), "resizePolicy")] = ListStrategy.Atomic,
        [(typeof(V1EphemeralContainer), "command")] = ListStrategy.Atomic,
        [(typeof(V1EphemeralContainer), "args")] = ListStrategy.Atomic,
        [(typeof(V1ResourceRequirements), "claims")] = ListStrategy.Map("name", null),
        [(typeof(V1PodSecurityContext), "supplementalGroups")] = ListStrategy.Atomic,
        [(typeof(V1PodSecurityContext), "sysctls")] = ListStrategy.Atomic,

        [(typeof(V1PodStatus), "conditions")] = MergeByType,
        [(typeof(V1PodStatus), "podIPs")] = MergeByIp,
        [(typeof(V1PodStatus), "hostIPs")] = new("ip", "merge", "atomic", []),
        [(typeof(V1PodStatus), "resourceClaimStatuses")] = ListStrategy.Map("name", "merge,retainKeys"),
        [(typeof(V1PodStatus), "containerStatuses")] = ListStrategy.Atomic,
        [(typeof(V1PodStatus), "initContainerStatuses")] = ListStrategy.Atomic,
        [(typeof(V1PodStatus), "ephemeralContainerStatuses")] = ListStrategy.Atomic,
        [(typeof(V1ContainerStatus), "volumeMounts")] = ListStrategy.Map("mountPath"),
        [(typeof(V1ContainerStatus), "allocatedResourcesStatus")] = ListStrategy.Map("name", null),
        [(typeof(V1ResourceStatus), "resources")] = ListStrategy.Map("resourceID", null),

        [(typeof(V1NodeSpec), "podCIDRs")] = new(null, "merge", "set", []),
        [(typeof(V1NodeSpec), "taints")] = ListStrategy.Atomic,
        [(typeof(V1NodeStatus), "conditions")] = MergeByType,
        [(typeof(V1NodeStatus), "addresses")] = MergeByType,
        [(typeof(V1NodeStatus), "images")] = ListStrategy.Atomic,
        [(typeof(V1NodeStatus), "volumesInUse")] = ListStrategy.Atomic,
        [(typeof(V1NodeStatus), "volumesAttached")] = ListStrategy.Atomic,
        [(typeof(V1NodeStatus), "runtimeHandlers")] = ListStrategy.Atomic,

        [(typeof(V1NamespaceStatus), "conditions")] = MergeByType,
        [(typeof(V1ServiceSpec), "ports")] = ListStrategy.Map("port", "merge", "protocol"),
        [(typeof(V1ServiceSpec), "clusterIPs")] = ListStrategy.Atomic,
        [(typeof(V1ServiceSpec), "externalIPs")] = ListStrategy.Atomic,
        [(typeof(V1ServiceSpec), "loadBalancerSourceRanges")] = ListStrategy.Atomic,
        [(typeof(V1ServiceSpec), "ipFamilies")] = ListStrategy.Atomic,
        [(typeof(V1ServiceStatus), "conditions")] = MergeByType,
        [(typeof(V1LoadBalancerStatus), "ingress")] = ListStrategy.Atomic,
        [(typeof(V1LoadBalancerIngress), "ports")] = ListStrategy.Atomic,
        [(typeof(V1Endpoints), "subsets")] = ListStrategy.Atomic,
        [(typeof(V1EndpointSubset), "addresses")] = ListStrategy.Atomic,
        [(typeof(V1EndpointSubset), "notReadyAddresses")] = ListStrategy.Atomic,
        [(typeof(V1EndpointSubset), "ports")] = ListStrategy.Atomic,
        [(typeof(V1PersistentVolumeClaimSpec), "accessModes")] = ListStrategy.Atomic,
        [(typeof(V1PersistentVolumeClaimStatus), "accessModes")] = ListStrategy.Atomic,
        [(typeof(V1PersistentVolumeClaimStatus), "conditions")] = MergeByType,
        [(typeof(V1ReplicationControllerStatus), "conditions")] = MergeByType,
        [(typeof(V1ComponentStatus), "conditions")] = MergeByType,
        [(typeof(V1ServiceAccount), "secrets")] = MergeByName,
        [(typeof(V1ServiceAccount), "imagePullSecrets")] = ListStrategy.Atomic,
        [(typeof(V1DaemonSetStatus), "conditions")] = MergeByType,
        [(typeof(V1ReplicaSetStatus), "conditions")] = MergeByType,
        [(typeof(V1DeploymentStatus), "conditions")] = MergeByType,
        [(typeof(V1StatefulSetStatus), "conditions")] = MergeByType,
        [(typeof(V1StatefulSetSpec), "volumeClaimTemplates")] = ListStrategy.Atomic,
        [(typeof(V1DeploymentSpec), "strategy")] = new(null, "retainKeys", null, []),
        [(typeof(V1JobStatus), "conditions")] = new("type", "merge", "atomic", []),
        [(typeof(V1CronJobStatus), "active")] = ListStrategy.Atomic,
        [(typeof(V1PodDisruptionBudgetStatus), "conditions")] = MergeByType,
        [(typeof(V2HorizontalPodAutoscalerStatus), "conditions")] = MergeByType,

        [(typeof(V1EndpointSlice), "endpoints")] = ListStrategy.Atomic,
        [(typeof(V1EndpointSlice), "ports")] = ListStrategy.Atomic,
        [(typeof(V1Endpoint), "addresses")] = new(null, null, "set", []),
        [(typeof(V1NetworkPolicySpec), "ingress")] = ListStrategy.Atomic,
        [(typeof(V1NetworkPolicySpec), "egress")] = ListStrategy.Atomic,
        [(typeof(V1NetworkPolicySpec), "policyTypes")] = ListStrategy.Atomic,
        [(typeof(V1NetworkPolicyIngressRule), "ports")] = ListStrategy.Atomic,
        [(typeof(V1NetworkPolicyIngressRule), "from")] = ListStrategy.Atomic,
        [(typeof(V1NetworkPolicyEgressRule), "ports")] = ListStrategy.Atomic,
        [(typeof(V1NetworkPolicyEgressRule), "to")] = ListStrategy.Atomic,
        [(typeof(V1IPBlock), "except")] = ListStrategy.Atomic,
        [(typeof(V1IngressSpec), "tls")] = ListStrategy.Atomic,
        [(typeof(V1IngressSpec), "rules")] = ListStrategy.Atomic,
        [(typeof(V1IngressTLS), "hosts")] = ListStrategy.Atomic,
        [(typeof(V1HTTPIngressRuleValue), "paths")] = ListStrategy.Atomic,

        [(typeof(V1ClusterRole), "rules")] = ListStrategy.Atomic,
        [(typeof(V1Role), "rules")] = ListStrategy.Atomic,
        [(typeof(V1ClusterRoleBinding), "subjects")] = ListStrategy.Atomic,
        [(typeof(V1RoleBinding), "subjects")] = ListStrategy.Atomic,
        [(typeof(V1AggregationRule), "clusterRoleSelectors")] = ListStrategy.Atomic,

        [(typeof(V1MutatingWebhookConfiguration), "webhooks")] = ListStrategy.Map("name"),
        [(typeof(V1ValidatingWebhookConfiguration), "webhooks")] = ListStrategy.Map("name"),
        [(typeof(V1MutatingWebhook), "rules")] = ListStrategy.Atomic,
        [(typeof(V1MutatingWebhook), "admissionReviewVersions")] = ListStrategy.Atomic,
        [(typeof(V1MutatingWebhook), "matchConditions")] = ListStrategy.Map("name"),
        [(typeof(V1ValidatingWebhook), "rules")] = ListStrategy.Atomic,
        [(typeof(V1ValidatingWebhook), "admissionReviewVersions")] = ListStrategy.Atomic,
        [(typeof(V1ValidatingWebhook), "matchConditions")] = ListStrategy.Map("name"),
        [(typeof(V1RuleWithOperations), "operations")] = ListStrategy.Atomic,
        [(typeof(V1RuleWithOperations), "apiGroups")] = ListStrategy.Atomic,
        [(typeof(V1RuleWithOperations), "apiVersions")] = ListStrategy.Atomic,
        [(typeof(V1RuleWithOperations), "resources")] = ListStrategy.Atomic,
    };

    public static ListStrategy? For(Type declaringType, string jsonName) => ByField.GetValueOrDefault((declaringType, jsonName));
}
