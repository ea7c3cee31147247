using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>
/// pkg/apis/rbac/validation (with the v1 defaults of pkg/apis/rbac/v1/defaults.go) and pkg/apis/coordination/validation,
/// over HTTP and kubectl. The expected messages are upstream's, written out here.
/// </summary>
public sealed class RbacAndLeaseValidationTests : ServerTest
{
    private const string Rbac = "/apis/rbac.authorization.k8s.io/v1";
    private const string Roles = Rbac + "/namespaces/default/roles";
    private const string RoleBindings = Rbac + "/namespaces/default/rolebindings";
    private const string Leases = "/apis/coordination.k8s.io/v1/namespaces/default/leases";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private Task<string> RefusedAsync(HttpMethod method, string path, string json, string type = "application/json") =>
        Server.Http.InvalidMessageAsync(method, path, json, type);

    [Fact]
    public async Task PolicyRules_NeedVerbsAndResources_NonResourceUrlsOnlyClusterWide()
    {
        Assert.Equal("Role.rbac.authorization.k8s.io \"r\" is invalid: [rules[0].verbs: Required value: verbs must contain at least one value, "
            + "rules[0].apiGroups: Required value: resource rules must supply at least one api group, rules[0].resources: Required value: resource rules must supply at least one resource]",
            await RefusedAsync(HttpMethod.Post, Roles, """{"metadata":{"name":"r"},"rules":[{"verbs":[]}]}"""));
        Assert.Equal("Role.rbac.authorization.k8s.io \"r\" is invalid: rules[1].nonResourceURLs: Invalid value: []string{\"/healthz\", \"/readyz\"}: namespaced rules cannot apply to non-resource URLs",
            await RefusedAsync(HttpMethod.Post, Roles, """{"metadata":{"name":"r"},"rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]},{"nonResourceURLs":["/healthz","/readyz"],"verbs":["get"]}]}"""));
        Assert.Equal("ClusterRole.rbac.authorization.k8s.io \"c\" is invalid: rules[0].nonResourceURLs: Invalid value: []string{\"/healthz\"}: rules cannot apply to both regular resources and non-resource URLs",
            await RefusedAsync(HttpMethod.Post, $"{Rbac}/clusterroles", """{"metadata":{"name":"c"},"rules":[{"nonResourceURLs":["/healthz"],"resources":["pods"],"verbs":["get"]}]}"""));
        Assert.Equal("ClusterRole.rbac.authorization.k8s.io \"c\" is invalid: aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil",
            await RefusedAsync(HttpMethod.Post, $"{Rbac}/clusterroles", """{"metadata":{"name":"c"},"aggregationRule":{}}"""));
        Assert.Equal("Role.rbac.authorization.k8s.io \"a%b\" is invalid: metadata.name: Invalid value: \"a%b\": may not contain '%'",
            await RefusedAsync(HttpMethod.Post, Roles, """{"metadata":{"name":"a%b"}}"""));
        Assert.Empty(await Server.Http.ListItemsAsync(Roles));

        // Names are path segments, not DNS names, and a cluster-wide rule may name URLs.
        await Server.Http.CreateAsync(Roles, """{"metadata":{"name":"Team_Reader"},"rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]}]}""");
        await Server.Http.CreateAsync($"{Rbac}/clusterroles", """{"metadata":{"name":"health:reader"},"rules":[{"nonResourceURLs":["/healthz"],"verbs":["get"]}]}""");
    }

    [Fact]
    public async Task Bindings_NeedARoleAndKnownSubjects_AndDefaultTheirApiGroups()
    {
        Assert.Equal("RoleBinding.rbac.authorization.k8s.io \"rb\" is invalid: [roleRef.kind: Unsupported value: \"\": supported values: \"Role\", \"ClusterRole\", roleRef.name: Required value]",
            await RefusedAsync(HttpMethod.Post, RoleBindings, """{"metadata":{"name":"rb"}}"""));
        Assert.Equal("RoleBinding.rbac.authorization.k8s.io \"rb\" is invalid: [subjects[0].kind: Unsupported value: \"Robot\": supported values: \"ServiceAccount\", \"User\", \"Group\", subjects[1].name: Required value]",
            await RefusedAsync(HttpMethod.Post, RoleBindings, """{"metadata":{"name":"rb"},"roleRef":{"kind":"Role","name":"r"},"subjects":[{"kind":"Robot","name":"x"},{"kind":"User"}]}"""));
        Assert.Equal("ClusterRoleBinding.rbac.authorization.k8s.io \"crb\" is invalid: [roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\", subjects[0].namespace: Required value]",
            await RefusedAsync(HttpMethod.Post, $"{Rbac}/clusterrolebindings", """{"metadata":{"name":"crb"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"r"},"subjects":[{"kind":"ServiceAccount","name":"sa"}]}"""));
        Assert.Equal("RoleBinding.rbac.authorization.k8s.io \"rb\" is invalid: roleRef.apiGroup: Unsupported value: \"example.com\": supported values: \"rbac.authorization.k8s.io\"",
            await RefusedAsync(HttpMethod.Post, RoleBindings, """{"metadata":{"name":"rb"},"roleRef":{"apiGroup":"example.com","kind":"Role","name":"r"}}"""));
        Assert.Empty(await Server.Http.ListItemsAsync(RoleBindings));

        var created = await Server.Http.CreateAsync(RoleBindings,
            """{"metadata":{"name":"rb"},"roleRef":{"kind":"ClusterRole","name":"view"},"subjects":[{"kind":"User","name":"jane"},{"kind":"ServiceAccount","name":"bot"}]}""");
        Assert.Equal("rbac.authorization.k8s.io", created.Str("roleRef", "apiGroup"));
        Assert.Equal("rbac.authorization.k8s.io", created["subjects"]![0].Str("apiGroup"));
        Assert.Null(created["subjects"]![1]!["apiGroup"]);
    }

    [Fact]
    public async Task ABindingsRoleRef_NeverChanges_OtherFieldsDo()
    {
        await Server.Http.CreateAsync(RoleBindings, """{"metadata":{"name":"rb"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"},"subjects":[{"kind":"User","name":"jane"}]}""");

        Assert.Equal("RoleBinding.rbac.authorization.k8s.io \"rb\" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"ClusterRole\", Name:\"edit\"}: cannot change roleRef",
            await RefusedAsync(HttpMethod.Patch, $"{RoleBindings}/rb", """{"roleRef":{"name":"edit"}}""", "application/merge-patch+json"));
        Assert.Equal("view", (await Server.Http.GetJsonAsync($"{RoleBindings}/rb")).Str("roleRef", "name"));

        var patched = await Server.Http.MergePatchAsync($"{RoleBindings}/rb", """{"subjects":[{"kind":"Group","name":"devs"}]}""");
        Assert.Equal("devs", patched["subjects"]![0].Str("name"));
        Assert.Equal("rbac.authorization.k8s.io", patched["subjects"]![0].Str("apiGroup"));
    }

    [KubectlFact]
    public async Task Kubectl_ApplyingABindingToAnotherRole_ShowsCannotChangeRoleRef()
    {
        await Kubectl.OkAsync("create", "rolebinding", "readers", "--clusterrole=view", "--user=jane");
        var changed = Kubectl.WriteFile("rb.yaml", """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: readers, namespace: default}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: jane}]
            """);

        var (exit, _, stderr) = await Kubectl.RunAsync("replace", "-f", changed);

        Assert.NotEqual(0, exit);
        Assert.Equal("The RoleBinding \"readers\" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"ClusterRole\", Name:\"edit\"}: cannot change roleRef\n", stderr);
    }

    [Fact]
    public async Task Leases_LastPositiveSeconds_AndDropTheGatedStrategyFields()
    {
        Assert.Equal("Lease.coordination.k8s.io \"l\" is invalid: [spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0, spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0]",
            await RefusedAsync(HttpMethod.Post, Leases, """{"metadata":{"name":"l"},"spec":{"leaseDurationSeconds":0,"leaseTransitions":-1}}"""));
        Assert.Null(await Server.Http.GetJsonAsync($"{Leases}/l"));

        var created = await Server.Http.CreateAsync(Leases, """{"metadata":{"name":"l"},"spec":{"holderIdentity":"a","leaseDurationSeconds":15,"strategy":"OldestEmulationVersion","preferredHolder":"b"}}""");
        Assert.Equal("a", created.Str("spec", "holderIdentity"));
        Assert.Null(created["spec"]!["strategy"]);
        Assert.Null(created["spec"]!["preferredHolder"]);
        Assert.Contains("spec.leaseDurationSeconds: Invalid value: -5: must be greater than 0",
            await RefusedAsync(HttpMethod.Patch, $"{Leases}/l", """{"spec":{"leaseDurationSeconds":-5}}""", "application/merge-patch+json"));
    }
}
