using System.Reflection;
using k8s.Models;

namespace MiniApiServer.OpenApi;

/// <summary>
/// Maps a k8s.Models type to its upstream OpenAPI definition name. The C# names drop the Go package,
/// so the package comes from the entity attribute of top-level kinds and from explicit lists for the rest.
/// </summary>
public static class SchemaNames
{
    private const string Meta = "io.k8s.apimachinery.pkg.apis.meta.v1";

    private static readonly HashSet<Type> MetaTypes =
    [
        typeof(V1ObjectMeta), typeof(V1ListMeta), typeof(V1LabelSelector), typeof(V1LabelSelectorRequirement),
        typeof(V1OwnerReference), typeof(V1ManagedFieldsEntry), typeof(V1Status), typeof(V1StatusDetails),
        typeof(V1StatusCause), typeof(V1DeleteOptions), typeof(V1Preconditions), typeof(V1WatchEvent),
        typeof(V1APIResource), typeof(V1APIResourceList), typeof(V1Condition), typeof(V1FieldSelectorRequirement),
    ];

    // Nested types of non-core packages (k8s.io/api v0.32's */v1/types.go); everything else that is not meta lives in core/v1.
    private static readonly Dictionary<Type, string> NestedPackages = new()
    {
        [typeof(V1DaemonSetSpec)] = "apps",
        [typeof(V1DaemonSetStatus)] = "apps",
        [typeof(V1DaemonSetCondition)] = "apps",
        [typeof(V1DaemonSetUpdateStrategy)] = "apps",
        [typeof(V1RollingUpdateDaemonSet)] = "apps",
        [typeof(V1ReplicaSetSpec)] = "apps",
        [typeof(V1ReplicaSetStatus)] = "apps",
        [typeof(V1ReplicaSetCondition)] = "apps",
        [typeof(V1DeploymentSpec)] = "apps",
        [typeof(V1DeploymentStatus)] = "apps",
        [typeof(V1DeploymentCondition)] = "apps",
        [typeof(V1DeploymentStrategy)] = "apps",
        [typeof(V1RollingUpdateDeployment)] = "apps",
        [typeof(V1StatefulSetSpec)] = "apps",
        [typeof(V1StatefulSetStatus)] = "apps",
        [typeof(V1StatefulSetCondition)] = "apps",
        [typeof(V1StatefulSetUpdateStrategy)] = "apps",
        [typeof(V1RollingUpdateStatefulSetStrategy)] = "apps",
        [typeof(V1StatefulSetOrdinals)] = "apps",
        [typeof(V1StatefulSetPersistentVolumeClaimRetentionPolicy)] = "apps",
        [typeof(V1HorizontalPodAutoscalerSpec)] = "autoscaling",
        [typeof(V1HorizontalPodAutoscalerStatus)] = "autoscaling",
        [typeof(V1CrossVersionObjectReference)] = "autoscaling",
        [typeof(V1JobSpec)] = "batch",
        [typeof(V1JobStatus)] = "batch",
        [typeof(V1JobCondition)] = "batch",
        [typeof(V1JobTemplateSpec)] = "batch",
        [typeof(V1CronJobSpec)] = "batch",
        [typeof(V1CronJobStatus)] = "batch",
        [typeof(V1PodFailurePolicy)] = "batch",
        [typeof(V1PodFailurePolicyRule)] = "batch",
        [typeof(V1PodFailurePolicyOnExitCodesRequirement)] = "batch",
        [typeof(V1PodFailurePolicyOnPodConditionsPattern)] = "batch",
        [typeof(V1SuccessPolicy)] = "batch",
        [typeof(V1SuccessPolicyRule)] = "batch",
        [typeof(V1UncountedTerminatedPods)] = "batch",
        [typeof(V1Endpoint)] = "discovery",
        [typeof(V1EndpointConditions)] = "discovery",
        [typeof(V1EndpointHints)] = "discovery",
        [typeof(V1ForZone)] = "discovery",
        [typeof(V1IngressSpec)] = "networking",
        [typeof(V1IngressStatus)] = "networking",
        [typeof(V1IngressRule)] = "networking",
        [typeof(V1IngressTLS)] = "networking",
        [typeof(V1IngressBackend)] = "networking",
        [typeof(V1IngressServiceBackend)] = "networking",
        [typeof(V1ServiceBackendPort)] = "networking",
        [typeof(V1HTTPIngressRuleValue)] = "networking",
        [typeof(V1HTTPIngressPath)] = "networking",
        [typeof(V1IngressLoadBalancerStatus)] = "networking",
        [typeof(V1IngressLoadBalancerIngress)] = "networking",
        [typeof(V1IngressPortStatus)] = "networking",
        [typeof(V1IngressClassSpec)] = "networking",
        [typeof(V1IngressClassParametersReference)] = "networking",
        [typeof(V1NetworkPolicySpec)] = "networking",
        [typeof(V1NetworkPolicyIngressRule)] = "networking",
        [typeof(V1NetworkPolicyEgressRule)] = "networking",
        [typeof(V1NetworkPolicyPeer)] = "networking",
        [typeof(V1NetworkPolicyPort)] = "networking",
        [typeof(V1IPBlock)] = "networking",
        [typeof(V1PodDisruptionBudgetSpec)] = "policy",
        [typeof(V1PodDisruptionBudgetStatus)] = "policy",
        [typeof(V1ScaleSpec)] = "autoscaling",
        [typeof(V1ScaleStatus)] = "autoscaling",
        [typeof(V1LeaseSpec)] = "coordination",
        [typeof(V1Overhead)] = "node",
        [typeof(V1CertificateSigningRequestSpec)] = "certificates",
        [typeof(V1CertificateSigningRequestStatus)] = "certificates",
        [typeof(V1CertificateSigningRequestCondition)] = "certificates",
        [typeof(V1Scheduling)] = "node",
        [typeof(Eventsv1EventSeries)] = "events",
        [typeof(V1PolicyRule)] = "rbac",
        [typeof(V1AggregationRule)] = "rbac",
        [typeof(V1RoleRef)] = "rbac",
        [typeof(Rbacv1Subject)] = "rbac",
        [typeof(V1MutatingWebhook)] = "admissionregistration",
        [typeof(V1ValidatingWebhook)] = "admissionregistration",
        [typeof(V1RuleWithOperations)] = "admissionregistration",
        [typeof(V1MatchCondition)] = "admissionregistration",
        [typeof(V1ValidatingAdmissionPolicySpec)] = "admissionregistration",
        [typeof(V1ValidatingAdmissionPolicyStatus)] = "admissionregistration",
        [typeof(V1ValidatingAdmissionPolicyBindingSpec)] = "admissionregistration",
        [typeof(V1MatchResources)] = "admissionregistration",
        [typeof(V1NamedRuleWithOperations)] = "admissionregistration",
        [typeof(V1ParamKind)] = "admissionregistration",
        [typeof(V1ParamRef)] = "admissionregistration",
        [typeof(V1Validation)] = "admissionregistration",
        [typeof(V1Variable)] = "admissionregistration",
        [typeof(V1AuditAnnotation)] = "admissionregistration",
        [typeof(V1TypeChecking)] = "admissionregistration",
        [typeof(V1ExpressionWarning)] = "admissionregistration",
        [typeof(V1TokenReviewSpec)] = "authentication",
        [typeof(V1TokenReviewStatus)] = "authentication",
        [typeof(V1UserInfo)] = "authentication",
        [typeof(V1TokenRequestSpec)] = "authentication",
        [typeof(V1TokenRequestStatus)] = "authentication",
        [typeof(V1BoundObjectReference)] = "authentication",
        [typeof(V1SelfSubjectReviewStatus)] = "authentication",
        [typeof(V1SubjectAccessReviewSpec)] = "authorization",
        [typeof(V1SubjectAccessReviewStatus)] = "authorization",
        [typeof(V1SelfSubjectAccessReviewSpec)] = "authorization",
        [typeof(V1SelfSubjectRulesReviewSpec)] = "authorization",
        [typeof(V1SubjectRulesReviewStatus)] = "authorization",
        [typeof(V1ResourceAttributes)] = "authorization",
        [typeof(V1NonResourceAttributes)] = "authorization",
        [typeof(V1FieldSelectorAttributes)] = "authorization",
        [typeof(V1LabelSelectorAttributes)] = "authorization",
        [typeof(V1ResourceRule)] = "authorization",
        [typeof(V1NonResourceRule)] = "authorization",
        [typeof(V1APIServiceSpec)] = "apiregistration",
        [typeof(V1APIServiceStatus)] = "apiregistration",
        [typeof(V1APIServiceCondition)] = "apiregistration",
        [typeof(V1CSIDriverSpec)] = "storage",
        [typeof(V1CSINodeSpec)] = "storage",
        [typeof(V1CSINodeDriver)] = "storage",
        [typeof(V1VolumeNodeResources)] = "storage",
        [typeof(V1VolumeAttachmentSpec)] = "storage",
        [typeof(V1VolumeAttachmentSource)] = "storage",
        [typeof(V1VolumeAttachmentStatus)] = "storage",
        [typeof(V1VolumeError)] = "storage",
        [typeof(V1FlowSchemaSpec)] = "flowcontrol",
        [typeof(V1FlowSchemaStatus)] = "flowcontrol",
        [typeof(V1FlowSchemaCondition)] = "flowcontrol",
        [typeof(V1FlowDistinguisherMethod)] = "flowcontrol",
        [typeof(V1PriorityLevelConfigurationReference)] = "flowcontrol",
        [typeof(V1PolicyRulesWithSubjects)] = "flowcontrol",
        [typeof(V1UserSubject)] = "flowcontrol",
        [typeof(V1GroupSubject)] = "flowcontrol",
        [typeof(V1ServiceAccountSubject)] = "flowcontrol",
        [typeof(V1ResourcePolicyRule)] = "flowcontrol",
        [typeof(V1NonResourcePolicyRule)] = "flowcontrol",
        [typeof(V1PriorityLevelConfigurationSpec)] = "flowcontrol",
        [typeof(V1PriorityLevelConfigurationStatus)] = "flowcontrol",
        [typeof(V1PriorityLevelConfigurationCondition)] = "flowcontrol",
        [typeof(V1LimitedPriorityLevelConfiguration)] = "flowcontrol",
        [typeof(V1ExemptPriorityLevelConfiguration)] = "flowcontrol",
        [typeof(V1LimitResponse)] = "flowcontrol",
        [typeof(V1QueuingConfiguration)] = "flowcontrol",
    };

    public const string Time = Meta + ".Time";
    public const string MicroTime = Meta + ".MicroTime";
    public const string FieldsV1 = Meta + ".FieldsV1";
    public const string Patch = Meta + ".Patch";
    public const string DeleteOptions = Meta + ".DeleteOptions";
    public const string Status = Meta + ".Status";
    public const string WatchEvent = Meta + ".WatchEvent";
    public const string ApiResourceList = Meta + ".APIResourceList";
    public const string IntOrString = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    public const string Quantity = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    public const string RawExtension = "io.k8s.apimachinery.pkg.runtime.RawExtension";

    public static string For(Type type)
    {
        // Every V2-prefixed model of the client library is autoscaling/v2's (k8s.io/api v0.32 has no other v2 package).
        if (type.Name.StartsWith("V2", StringComparison.Ordinal))
        {
            return $"io.k8s.api.autoscaling.v2.{type.Name[2..]}";
        }
        var (prefix, shortName) = SplitVersionPrefix(type.Name);
        if (MetaTypes.Contains(type))
        {
            return $"{Meta}.{shortName}";
        }
        var package = type.GetCustomAttribute<KubernetesEntityAttribute>() is { } entity
            ? PackageOfGroup(entity.Group)
            : NestedPackages.GetValueOrDefault(type) ?? prefix ?? "core";
        // kube-aggregator's types are not in k8s.io/api, and upstream's definitions name their own module.
        return package == "apiregistration"
            ? $"io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.{shortName}"
            : $"io.k8s.api.{package}.v1.{shortName}";
    }

    /// <summary>The Go package name of an API group: "" is core, "rbac.authorization.k8s.io" is rbac.</summary>
    public static string PackageOfGroup(string group) => group.Length == 0 ? "core" : group.Split('.')[0];

    // "V1Pod" has no package prefix; "Corev1Event" and "Rbacv1Subject" carry one to disambiguate.
    private static (string? Prefix, string ShortName) SplitVersionPrefix(string name)
    {
        if (name.StartsWith("V1", StringComparison.Ordinal))
        {
            return (null, name[2..]);
        }
        var marker = name.IndexOf("v1", StringComparison.Ordinal);
        if (marker <= 0)
        {
            throw new InvalidOperationException($"Cannot derive an upstream schema name for {name}.");
        }
        return (name[..marker].ToLowerInvariant(), name[(marker + 2)..]);
    }
}
