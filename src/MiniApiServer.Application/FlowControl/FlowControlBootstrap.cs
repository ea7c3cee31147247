using k8s.Models;

namespace MiniApiServer.Application.FlowControl;

/// <summary>
/// staging/src/k8s.io/apiserver/pkg/apis/flowcontrol/bootstrap/default.go as of 1.32: the mandatory objects every
/// apiserver keeps (exempt and catch-all) and the suggested ones it creates and keeps while their autoupdate-spec
/// annotation says "true". Each call builds fresh objects, so callers may change what they get.
/// </summary>
public static class FlowControlBootstrap
{
    public const string AutoUpdateAnnotation = "apf.kubernetes.io/autoupdate-spec";
    public const string Exempt = "exempt";
    public const string CatchAll = "catch-all";

    public static IReadOnlyList<V1PriorityLevelConfiguration> MandatoryPriorityLevels() =>
    [
        PriorityLevel(Exempt, new V1PriorityLevelConfigurationSpec
        {
            Type = "Exempt",
            Exempt = new V1ExemptPriorityLevelConfiguration { NominalConcurrencyShares = 0, LendablePercent = 0 },
        }),
        PriorityLevel(CatchAll, new V1PriorityLevelConfigurationSpec
        {
            Type = "Limited",
            Limited = new V1LimitedPriorityLevelConfiguration
            {
                NominalConcurrencyShares = 5,
                LendablePercent = 0,
                LimitResponse = new V1LimitResponse { Type = "Reject" },
            },
        }),
    ];

    public static IReadOnlyList<V1FlowSchema> MandatoryFlowSchemas() =>
    [
        FlowSchema(Exempt, Exempt, 1, null, Everything(Groups("system:masters"))),
        FlowSchema(CatchAll, CatchAll, 10000, "ByUser", Everything(Groups("system:unauthenticated", "system:authenticated"))),
    ];

    public static IReadOnlyList<V1PriorityLevelConfiguration> SuggestedPriorityLevels() =>
    [
        Queued("system", 30, 33, 64, 6),
        Queued("node-high", 40, 25, 64, 6),
        Queued("leader-election", 10, 0, 16, 4),
        Queued("workload-high", 40, 50, 128, 6),
        Queued("workload-low", 100, 90, 128, 6),
        Queued("global-default", 20, 50, 128, 6),
    ];

    public static IReadOnlyList<V1FlowSchema> SuggestedFlowSchemas()
    {
        string[] getCreateUpdate = ["get", "create", "update"];
        return
        [
            FlowSchema("system-nodes", "system", 500, "ByUser", Everything(Groups("system:nodes"))),
            FlowSchema("system-node-high", "node-high", 400, "ByUser", new V1PolicyRulesWithSubjects
            {
                Subjects = Groups("system:nodes"),
                ResourceRules = [Rule(["*"], [""], ["nodes", "nodes/status"], ["*"], true), Rule(["*"], ["coordination.k8s.io"], ["leases"], ["*"], false)],
            }),
            FlowSchema("probes", Exempt, 2, null, new V1PolicyRulesWithSubjects
            {
                Subjects = Groups("system:unauthenticated", "system:authenticated"),
                NonResourceRules = [new V1NonResourcePolicyRule { Verbs = ["get"], NonResourceURLs = ["/healthz", "/readyz", "/livez"] }],
            }),
            FlowSchema("system-leader-election", "leader-election", 100, "ByUser", new V1PolicyRulesWithSubjects
            {
                Subjects = [.. Users("system:kube-controller-manager", "system:kube-scheduler"), .. KubeSystemServiceAccounts("*")],
                ResourceRules = [Rule(getCreateUpdate, ["coordination.k8s.io"], ["leases"], ["*"], false)],
            }),
            FlowSchema("workload-leader-election", "leader-election", 200, "ByUser", new V1PolicyRulesWithSubjects
            {
                Subjects = KubeSystemServiceAccounts("*"),
                ResourceRules = [Rule(getCreateUpdate, [""], ["endpoints", "configmaps"], ["*"], false), Rule(getCreateUpdate, ["coordination.k8s.io"], ["leases"], ["*"], false)],
            }),
            // Ahead of workload-leader-election, whose endpoints rule would otherwise take the endpoints controllers' writes.
            FlowSchema("endpoint-controller", "workload-high", 150, "ByUser", new V1PolicyRulesWithSubjects
            {
                Subjects = [.. Users("system:kube-controller-manager"), .. KubeSystemServiceAccounts("endpoint-controller", "endpointslicemirroring-controller")],
                ResourceRules = [Rule(getCreateUpdate, [""], ["endpoints"], ["*"], false)],
            }),
            FlowSchema("kube-controller-manager", "workload-high", 800, "ByNamespace", Everything(Users("system:kube-controller-manager"))),
            FlowSchema("kube-scheduler", "workload-high", 800, "ByNamespace", Everything(Users("system:kube-scheduler"))),
            FlowSchema("kube-system-service-accounts", "workload-high", 900, "ByNamespace", Everything(KubeSystemServiceAccounts("*"))),
            FlowSchema("service-accounts", "workload-low", 9000, "ByUser", Everything(Groups("system:serviceaccounts"))),
            FlowSchema("global-default", "global-default", 9900, "ByUser", Everything(Groups("system:unauthenticated", "system:authenticated"))),
        ];
    }

    /// <summary>The mandatory spec of a name, for the validation that keeps it fixed; null for any other name.</summary>
    public static V1FlowSchemaSpec? MandatoryFlowSchemaSpec(string? name) =>
        MandatoryFlowSchemas().FirstOrDefault(f => f.Metadata.Name == name)?.Spec;

    public static V1PriorityLevelConfigurationSpec? MandatoryPriorityLevelSpec(string? name) =>
        MandatoryPriorityLevels().FirstOrDefault(p => p.Metadata.Name == name)?.Spec;

    private static V1PriorityLevelConfiguration Queued(string name, int shares, int lendable, int queues, int handSize) =>
        PriorityLevel(name, new V1PriorityLevelConfigurationSpec
        {
            Type = "Limited",
            Limited = new V1LimitedPriorityLevelConfiguration
            {
                NominalConcurrencyShares = shares,
                LendablePercent = lendable,
                LimitResponse = new V1LimitResponse
                {
                    Type = "Queue",
                    Queuing = new V1QueuingConfiguration { Queues = queues, HandSize = handSize, QueueLengthLimit = 50 },
                },
            },
        });

    private static V1PriorityLevelConfiguration PriorityLevel(string name, V1PriorityLevelConfigurationSpec spec) => new()
    {
        ApiVersion = "flowcontrol.apiserver.k8s.io/v1",
        Kind = "PriorityLevelConfiguration",
        Metadata = Meta(name),
        Spec = spec,
    };

    private static V1FlowSchema FlowSchema(string name, string priorityLevel, int precedence, string? distinguisher, V1PolicyRulesWithSubjects rules) => new()
    {
        ApiVersion = "flowcontrol.apiserver.k8s.io/v1",
        Kind = "FlowSchema",
        Metadata = Meta(name),
        Spec = new V1FlowSchemaSpec
        {
            PriorityLevelConfiguration = new V1PriorityLevelConfigurationReference { Name = priorityLevel },
            MatchingPrecedence = precedence,
            DistinguisherMethod = distinguisher is null ? null : new V1FlowDistinguisherMethod { Type = distinguisher },
            Rules = [rules],
        },
    };

    private static V1ObjectMeta Meta(string name) => new()
    {
        Name = name,
        Annotations = new Dictionary<string, string> { [AutoUpdateAnnotation] = "true" },
    };

    /// <summary>Every verb on every resource in every namespace and cluster-wide, and every non-resource URL.</summary>
    private static V1PolicyRulesWithSubjects Everything(List<Flowcontrolv1Subject> subjects) => new()
    {
        Subjects = subjects,
        ResourceRules = [Rule(["*"], ["*"], ["*"], ["*"], true)],
        NonResourceRules = [new V1NonResourcePolicyRule { Verbs = ["*"], NonResourceURLs = ["*"] }],
    };

    private static V1ResourcePolicyRule Rule(string[] verbs, string[] groups, string[] resources, string[] namespaces, bool clusterScope) => new()
    {
        Verbs = verbs,
        ApiGroups = groups,
        Resources = resources,
        Namespaces = namespaces,
        ClusterScope = clusterScope,
    };

    private static List<Flowcontrolv1Subject> Groups(params string[] names) =>
        [.. names.Select(n => new Flowcontrolv1Subject { Kind = "Group", Group = new V1GroupSubject { Name = n } })];

    private static List<Flowcontrolv1Subject> Users(params string[] names) =>
        [.. names.Select(n => new Flowcontrolv1Subject { Kind = "User", User = new V1UserSubject { Name = n } })];

    private static List<Flowcontrolv1Subject> KubeSystemServiceAccounts(params string[] names) =>
        [.. names.Select(n => new Flowcontrolv1Subject { Kind = "ServiceAccount", ServiceAccount = new V1ServiceAccountSubject { Name = n, NamespaceProperty = "kube-system" } })];
}
