using MiniApiServer.Application.Certificates;
using k8s.Models;

namespace MiniApiServer.Security.Rbac;

/// <summary>
/// The default ClusterRoles and ClusterRoleBindings that exist at start, as upstream's bootstrap policy
/// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go): the user-facing roles, with admin, edit and
/// view filled by aggregation from the system:aggregate-to-* roles, and the discovery and self-review roles
/// every authenticated user is bound to.
/// </summary>
public static class BootstrapPolicy
{
    public const string AutoUpdateAnnotation = "rbac.authorization.kubernetes.io/autoupdate";
    public const string AggregateToAdmin = "rbac.authorization.k8s.io/aggregate-to-admin";
    public const string AggregateToEdit = "rbac.authorization.k8s.io/aggregate-to-edit";
    public const string AggregateToView = "rbac.authorization.k8s.io/aggregate-to-view";
    private const string RbacGroup = "rbac.authorization.k8s.io";

    private static readonly string[] Read = ["get", "list", "watch"];
    private static readonly string[] Write = ["create", "delete", "deletecollection", "patch", "update"];
    private static readonly string[] ReadWrite = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public static IReadOnlyList<V1ClusterRole> ClusterRoles { get; } =
    [
        Aggregated("admin", AggregateToAdmin),
        Role("cluster-admin", [], Rule(["*"], ["*"], "*"), new V1PolicyRule { NonResourceURLs = ["*"], Verbs = ["*"] }),
        Aggregated("edit", AggregateToEdit, AggregateToAdmin),
        Role("system:aggregate-to-admin", [AggregateToAdmin],
            Rule(["authorization.k8s.io"], ["localsubjectaccessreviews"], "create"),
            Rule([RbacGroup], ["rolebindings", "roles"], ReadWrite)),
        Role("system:aggregate-to-edit", [AggregateToEdit],
            Rule([""], ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"], Read),
            Rule([""], ["serviceaccounts"], "impersonate"),
            Rule([""], ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"], Write),
            Rule([""], ["pods/eviction"], "create"),
            Rule([""], ["configmaps", "events", "persistentvolumeclaims", "replicationcontrollers", "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"], Write),
            Rule([""], ["serviceaccounts/token"], "create"),
            Rule(["apps"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale"], Write),
            Rule(["autoscaling"], ["horizontalpodautoscalers"], Write),
            Rule(["batch"], ["cronjobs", "jobs"], Write),
            Rule(["extensions"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "ingresses", "networkpolicies", "replicasets", "replicasets/scale", "replicationcontrollers/scale"], Write),
            Rule(["policy"], ["poddisruptionbudgets"], Write),
            Rule(["networking.k8s.io"], ["ingresses", "networkpolicies"], Write),
            Rule(["coordination.k8s.io"], ["leases"], ReadWrite)),
        Role("system:aggregate-to-view", [AggregateToView],
            Rule([""], ["configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/status"], Read),
            Rule([""], ["bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status", "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"], Read),
            Rule([""], ["namespaces"], Read),
            Rule(["discovery.k8s.io"], ["endpointslices"], Read),
            Rule(["apps"], ["controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"], Read),
            Rule(["autoscaling"], ["horizontalpodautoscalers", "horizontalpodautoscalers/status"], Read),
            Rule(["batch"], ["cronjobs", "cronjobs/status", "jobs", "jobs/status"], Read),
            Rule(["extensions"], ["daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "ingresses", "ingresses/status", "networkpolicies", "replicasets", "replicasets/scale", "replicasets/status", "replicationcontrollers/scale"], Read),
            Rule(["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"], Read),
            Rule(["networking.k8s.io"], ["ingresses", "ingresses/status", "networkpolicies"], Read)),
        // Delegated authentication and authorization (an aggregated API server, kube-rbac-proxy): non-mutating creates.
        Role("system:auth-delegator", [],
            Rule(["authentication.k8s.io"], ["tokenreviews"], "create"),
            Rule(["authorization.k8s.io"], ["subjectaccessreviews"], "create")),
        Role("system:basic-user", [],
            Rule(["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"], "create"),
            Rule(["authentication.k8s.io"], ["selfsubjectreviews"], "create")),
        Role("system:discovery", [],
            new V1PolicyRule { NonResourceURLs = ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"], Verbs = ["get"] }),
        Role("system:service-account-issuer-discovery", [],
            new V1PolicyRule { NonResourceURLs = ["/.well-known/openid-configuration", "/.well-known/openid-configuration/", "/openid/v1/jwks", "/openid/v1/jwks/"], Verbs = ["get"] }),
        Role("system:public-info-viewer", [],
            new V1PolicyRule { NonResourceURLs = ["/healthz", "/livez", "/readyz", "/version", "/version/"], Verbs = ["get"] }),
        Aggregated("view", AggregateToView, AggregateToEdit),
        // The CSR roles of plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go: kubelet bootstrap requests, and the
        // approve verb on each kubernetes.io signer, which certificates/approval checks besides update on /approval.
        Role("system:certificates.k8s.io:certificatesigningrequests:nodeclient", [], Rule([CertificatesGroup], ["certificatesigningrequests/nodeclient"], "create")),
        Role("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", [], Rule([CertificatesGroup], ["certificatesigningrequests/selfnodeclient"], "create")),
        SignerApprover("kube-apiserver-client", SignerNames.KubeApiServerClient),
        SignerApprover("kube-apiserver-client-kubelet", SignerNames.KubeApiServerClientKubelet),
        SignerApprover("kubelet-serving", SignerNames.KubeletServing),
        SignerApprover("legacy-unknown", SignerNames.LegacyUnknown),
    ];

    private const string CertificatesGroup = "certificates.k8s.io";

    private static V1ClusterRole SignerApprover(string name, string signer) =>
        Role($"system:certificates.k8s.io:{name}-approver", [],
            new V1PolicyRule { ApiGroups = [CertificatesGroup], Resources = ["signers"], ResourceNames = [signer], Verbs = ["approve"] });

    public static IReadOnlyList<V1ClusterRoleBinding> ClusterRoleBindings { get; } =
    [
        Binding("cluster-admin", UserInfo.MastersGroup),
        Binding("system:basic-user", UserInfo.AuthenticatedGroup),
        Binding("system:discovery", UserInfo.AuthenticatedGroup),
        Binding("system:public-info-viewer", UserInfo.AuthenticatedGroup, UserInfo.UnauthenticatedGroup),
        Binding("system:service-account-issuer-discovery", Rbac.ServiceAccountUser.AllGroup),
    ];

    private static V1PolicyRule Rule(string[] groups, string[] resources, params string[] verbs) =>
        new() { ApiGroups = groups, Resources = resources, Verbs = verbs };

    private static V1ObjectMeta Meta(string name, IEnumerable<string> aggregateTo)
    {
        var labels = new Dictionary<string, string> { ["kubernetes.io/bootstrapping"] = "rbac-defaults" };
        foreach (var label in aggregateTo)
        {
            labels[label] = "true";
        }
        return new V1ObjectMeta { Name = name, Labels = labels, Annotations = new Dictionary<string, string> { [AutoUpdateAnnotation] = "true" } };
    }

    private static V1ClusterRole Role(string name, string[] aggregateTo, params V1PolicyRule[] rules) =>
        new() { ApiVersion = "rbac.authorization.k8s.io/v1", Kind = "ClusterRole", Metadata = Meta(name, aggregateTo), Rules = rules };

    private static V1ClusterRole Aggregated(string name, string selectorLabel, params string[] aggregateTo) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "ClusterRole",
        Metadata = Meta(name, aggregateTo),
        AggregationRule = new V1AggregationRule { ClusterRoleSelectors = [new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [selectorLabel] = "true" } }] },
    };

    private static V1ClusterRoleBinding Binding(string role, params string[] groups) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "ClusterRoleBinding",
        Metadata = Meta(role, []),
        RoleRef = new V1RoleRef { ApiGroup = RbacGroup, Kind = "ClusterRole", Name = role },
        Subjects = groups.Select(g => new Rbacv1Subject { ApiGroup = RbacGroup, Kind = "Group", Name = g }).ToList(),
    };
}
