using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Security;

/// <summary>RBAC as kubectl users see it: what admin, an editor in one namespace, a cluster viewer and a ServiceAccount token may do.</summary>
public sealed class RbacKubectlTests(RbacCluster cluster) : IClassFixture<RbacCluster>
{
    [KubectlFact]
    public async Task Admin_InSystemMasters_MayDoAnything()
    {
        Assert.Equal("yes\n", await cluster.As("admin", "auth", "can-i", "*", "*", "--all-namespaces"));
        await cluster.As("admin", "create", "configmap", "by-admin", "-n", "default");
        await cluster.As("admin", "delete", "configmap", "by-admin", "-n", "default");
        Assert.Contains("cluster-admin", await cluster.As("admin", "get", "clusterrolebindings"));
    }

    [KubectlFact]
    public async Task Editor_WritesInItsNamespace_AndNowhereElse()
    {
        await cluster.As("alice", "create", "configmap", "by-alice", "-n", "team", "--from-literal=a=b");
        Assert.Contains("by-alice", await cluster.As("alice", "get", "configmaps", "-n", "team"));
        await cluster.As("alice", "delete", "configmap", "by-alice", "-n", "team");

        var create = await cluster.TryAs("alice", "create", "configmap", "elsewhere", "-n", "default");
        Assert.Equal(1, create.ExitCode);
        Assert.Equal("error: failed to create configmap: configmaps is forbidden: User \"alice\" cannot create resource \"configmaps\" in API group \"\" in the namespace \"default\"\n", create.Stderr);

        var list = await cluster.TryAs("alice", "get", "clusterroles");
        Assert.Equal(1, list.ExitCode);
        Assert.Equal("Error from server (Forbidden): clusterroles.rbac.authorization.k8s.io is forbidden: User \"alice\" cannot list resource \"clusterroles\" in API group \"rbac.authorization.k8s.io\" at the cluster scope\n", list.Stderr);

        Assert.Equal("yes\n", await cluster.As("alice", "auth", "can-i", "create", "daemonsets.apps", "-n", "team"));
        var elsewhere = await cluster.TryAs("alice", "auth", "can-i", "create", "daemonsets.apps", "-n", "default");
        Assert.Equal((1, "no\n"), (elsewhere.ExitCode, elsewhere.Stdout));
    }

    [KubectlFact]
    public async Task NodeProxy_NeedsItsOwnSubresource_WhichViewDoesNotGrant()
    {
        var proxy = await cluster.TryAs("bob", "get", "--raw", "/api/v1/nodes/node-1/proxy/healthz");

        Assert.Equal((1, "Error from server (Forbidden): nodes \"node-1\" is forbidden: User \"bob\" cannot get resource \"nodes/proxy\" in API group \"\" at the cluster scope\n"),
            (proxy.ExitCode, proxy.Stderr));
    }

    [KubectlFact]
    public async Task Viewer_ReadsEverywhere_ButNeitherWritesNorReadsSecrets()
    {
        await cluster.As("admin", "create", "configmap", "kept", "-n", "team");
        Assert.Contains("kept", await cluster.As("bob", "get", "configmaps", "--all-namespaces"));

        var delete = await cluster.TryAs("bob", "delete", "configmap", "kept", "-n", "team");
        Assert.Equal(1, delete.ExitCode);
        Assert.Equal("Error from server (Forbidden): configmaps \"kept\" is forbidden: User \"bob\" cannot delete resource \"configmaps\" in API group \"\" in the namespace \"team\"\n", delete.Stderr);

        var secrets = await cluster.TryAs("bob", "get", "secrets", "-n", "team");
        Assert.Equal(1, secrets.ExitCode);
        Assert.Equal("Error from server (Forbidden): secrets is forbidden: User \"bob\" cannot list resource \"secrets\" in API group \"\" in the namespace \"team\"\n", secrets.Stderr);

        Assert.Equal("yes\n", await cluster.As("bob", "auth", "can-i", "watch", "daemonsets.apps", "--all-namespaces"));
        var canI = await cluster.TryAs("bob", "auth", "can-i", "list", "secrets");
        Assert.Equal((1, "no\n"), (canI.ExitCode, canI.Stdout));
    }

    [KubectlFact]
    public async Task UserWithoutBindings_GetsOnlyDiscoveryAndSelfChecks()
    {
        var pods = await cluster.Kubectl.RunAsync("--kubeconfig", cluster.Kubeconfig, "--context", "alice", "--token", "nobody-token", "get", "pods");
        Assert.Equal(1, pods.ExitCode);
        Assert.Contains("error: You must be logged in to the server (Unauthorized)", pods.Stderr);

        var whoami = await cluster.As("alice", "auth", "whoami");
        Assert.Equal("ATTRIBUTE   VALUE\nUsername    alice\nUID         2\nGroups      [dev system:authenticated]\n", whoami);
    }

    [KubectlFact]
    public async Task CanIList_ShowsTheEditorsRulesInItsNamespace()
    {
        var team = await cluster.As("alice", "auth", "can-i", "--list", "-n", "team");
        var header = team.Split('\n')[0];
        Assert.Equal(["Resources", "Non-Resource", "URLs", "Resource", "Names", "Verbs"], header.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(Row(team, "daemonsets.apps"), r => r.EndsWith("[create delete deletecollection patch update get list watch]", StringComparison.Ordinal));
        Assert.Contains(Row(team, "selfsubjectaccessreviews.authorization.k8s.io"), r => r.EndsWith("[create]", StringComparison.Ordinal));
        Assert.Contains("[/apis/*]", team);

        var elsewhere = await cluster.As("alice", "auth", "can-i", "--list", "-n", "default");
        Assert.Empty(Row(elsewhere, "daemonsets.apps"));
    }

    [KubectlFact]
    public async Task ServiceAccountToken_ActsAsTheServiceAccount()
    {
        var token = (await cluster.As("admin", "create", "token", "robot", "-n", "team")).Trim();
        Assert.Equal(3, token.Split('.').Length);

        var whoami = await cluster.WithToken(token, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username} {.status.userInfo.groups}");
        Assert.Equal((0, "system:serviceaccount:team:robot [\"system:serviceaccounts\",\"system:serviceaccounts:team\",\"system:authenticated\"]"), (whoami.ExitCode, whoami.Stdout));
        var read = await cluster.WithToken(token, "get", "configmaps", "-n", "team");
        Assert.True(read.ExitCode == 0, read.Stderr);
        var denied = await cluster.WithToken(token, "get", "configmaps", "-n", "default");
        Assert.Equal(1, denied.ExitCode);
        Assert.Equal("Error from server (Forbidden): configmaps is forbidden: User \"system:serviceaccount:team:robot\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"default\"\n", denied.Stderr);

        // A token for another audience is not one for this server.
        var foreign = (await cluster.As("admin", "create", "token", "robot", "-n", "team", "--audience", "https://vault.example")).Trim();
        var rejected = await cluster.WithToken(foreign, "get", "configmaps", "-n", "team");
        Assert.Contains("error: You must be logged in to the server (Unauthorized)", rejected.Stderr);
    }

    /// <summary>What a webhook or proxy asks with `kubectl create -f`: a TokenReview, then a SubjectAccessReview for its user.</summary>
    [KubectlFact]
    public async Task TokenReviewAndSubjectAccessReview_AnswerForAServiceAccountsToken()
    {
        var token = (await cluster.As("admin", "create", "token", "robot", "-n", "team", "--audience", "vault")).Trim();
        var tokenReview = cluster.Kubectl.WriteFile("tokenreview.yaml", $"""
            apiVersion: authentication.k8s.io/v1
            kind: TokenReview
            spec:
              token: {token}
              audiences: [vault]

            """);
        Assert.Equal("true system:serviceaccount:team:robot [\"vault\"]",
            await cluster.As("admin", "create", "-f", tokenReview, "-o", "jsonpath={.status.authenticated} {.status.user.username} {.status.audiences}"));
        var jti = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1])))!["jti"]!.GetValue<string>();
        var apiToken = (await cluster.As("admin", "create", "token", "robot", "-n", "team")).Trim();
        var apiJti = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(apiToken.Split('.')[1])))!["jti"]!.GetValue<string>();
        Assert.NotEqual(jti, apiJti);
        var whoami = await cluster.WithToken(apiToken, "auth", "whoami");
        Assert.Equal((0, $"""
            ATTRIBUTE                                           VALUE
            Username                                            system:serviceaccount:team:robot
            UID                                                 {(await cluster.As("admin", "get", "serviceaccount", "robot", "-n", "team", "-o", "jsonpath={.metadata.uid}"))}
            Groups                                              [system:serviceaccounts system:serviceaccounts:team system:authenticated]
            Extra: authentication.kubernetes.io/credential-id   [JTI={apiJti}]

            """), (whoami.ExitCode, whoami.Stdout));

        var access = cluster.Kubectl.WriteFile("subjectaccessreview.yaml", """
            apiVersion: authorization.k8s.io/v1
            kind: SubjectAccessReview
            spec:
              user: system:serviceaccount:team:robot
              groups: [system:serviceaccounts]
              resourceAttributes: {namespace: team, verb: list, resource: configmaps}

            """);
        Assert.Equal("true RBAC: allowed by RoleBinding \"robot-view/team\" of ClusterRole \"view\" to ServiceAccount \"robot/team\"",
            await cluster.As("admin", "create", "-f", access, "-o", "jsonpath={.status.allowed} {.status.reason}"));
        var denied = await cluster.TryAs("alice", "create", "-f", access);
        Assert.Equal("Error from server (Forbidden): error when creating \"" + access + "\": subjectaccessreviews.authorization.k8s.io is forbidden: "
            + "User \"alice\" cannot create resource \"subjectaccessreviews\" in API group \"authorization.k8s.io\" at the cluster scope\n", denied.Stderr);
    }

    [KubectlFact]
    public async Task ServiceAccountToken_DiesWithItsServiceAccount()
    {
        await cluster.As("admin", "create", "serviceaccount", "short-lived", "-n", "team");
        var token = (await cluster.As("admin", "create", "token", "short-lived", "-n", "team")).Trim();
        Assert.Equal(0, (await cluster.WithToken(token, "auth", "whoami")).ExitCode);
        await cluster.As("admin", "delete", "serviceaccount", "short-lived", "-n", "team");
        var after = await cluster.WithToken(token, "auth", "whoami");
        Assert.Equal(1, after.ExitCode);
        Assert.Contains("Unauthorized", after.Stderr);

        var missing = await cluster.TryAs("admin", "create", "token", "no-such-account", "-n", "team");
        Assert.Equal("error: failed to create token: serviceaccounts \"no-such-account\" not found\n", missing.Stderr);
        var tooShort = await cluster.TryAs("admin", "create", "token", "robot", "-n", "team", "--duration", "5m");
        Assert.Contains("may not specify a duration less than 10 minutes", tooShort.Stderr);
    }

    /// <summary>`kubectl create token --bound-object-kind Secret`: the token works while the secret lives (claims.go).</summary>
    [KubectlFact]
    public async Task ServiceAccountToken_BoundToASecret_DiesWithTheSecret()
    {
        await cluster.As("admin", "create", "secret", "generic", "robot-binding", "-n", "team", "--from-literal=a=b");
        var token = (await cluster.As("admin", "create", "token", "robot", "-n", "team", "--bound-object-kind", "Secret", "--bound-object-name", "robot-binding")).Trim();
        Assert.Equal((0, "system:serviceaccount:team:robot"), await Who(token));
        var wrongKind = await cluster.TryAs("admin", "create", "token", "robot", "-n", "team", "--bound-object-kind", "Pod", "--bound-object-name", "missing");
        Assert.Equal("error: failed to create token: pods \"missing\" not found\n", wrongKind.Stderr);

        await cluster.As("admin", "delete", "secret", "robot-binding", "-n", "team");
        await Eventually.True(async () => (await Who(token)).ExitCode == 1, TimeSpan.FromSeconds(20), "the secret's deletion revokes the token");

        async Task<(int ExitCode, string Username)> Who(string t)
        {
            var r = await cluster.WithToken(t, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}");
            return (r.ExitCode, r.Stdout);
        }
    }

    [KubectlFact]
    public async Task AggregatedView_PicksUpRolesLabelledForIt()
    {
        var denied = await cluster.TryAs("bob", "get", "leases", "-n", "kube-node-lease");
        Assert.Equal("Error from server (Forbidden): leases.coordination.k8s.io is forbidden: User \"bob\" cannot list resource \"leases\" in API group \"coordination.k8s.io\" in the namespace \"kube-node-lease\"\n", denied.Stderr);
        var role = cluster.Kubectl.WriteFile("lease-viewer.yaml", """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: lease-viewer
              labels:
                rbac.authorization.k8s.io/aggregate-to-view: "true"
            rules:
            - apiGroups: ["coordination.k8s.io"]
              resources: ["leases"]
              verbs: ["get", "list", "watch"]
            """);
        await cluster.As("admin", "apply", "-f", role);
        await Eventually.True(async () => (await cluster.TryAs("bob", "get", "leases", "-n", "kube-node-lease")).ExitCode == 0,
            TimeSpan.FromSeconds(20), "view aggregates lease-viewer");
        // edit aggregates view, admin aggregates edit: the rule travels up the chain.
        await Eventually.True(async () => (await cluster.As("admin", "get", "clusterrole", "admin", "-o", "yaml")).Contains("coordination.k8s.io", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20), "admin aggregates edit");
    }

    [KubectlFact]
    public async Task BindingToAMissingRole_IsNamedInTheDenial()
    {
        await cluster.As("admin", "create", "rolebinding", "dangling", "-n", "team", "--clusterrole", "no-such-role", "--user", "bob");
        var denied = await cluster.TryAs("bob", "create", "configmap", "x", "-n", "team");
        Assert.Equal("error: failed to create configmap: configmaps is forbidden: User \"bob\" cannot create resource \"configmaps\" in API group \"\" in the namespace \"team\": RBAC: clusterrole.rbac.authorization.k8s.io \"no-such-role\" not found\n", denied.Stderr);
        await cluster.As("admin", "delete", "rolebinding", "dangling", "-n", "team");
    }

    [KubectlFact]
    public async Task Editor_MayNotDebugAPod_AsTheBootstrapRolesGrantNoEphemeralContainers()
    {
        // bootstrappolicy's edit rules name pods, pods/attach, pods/exec and pods/portforward, never pods/ephemeralcontainers.
        await cluster.As("alice", "run", "debuggee", "-n", "team", "--image=nginx");

        var debug = await cluster.TryAs("alice", "debug", "debuggee", "-n", "team", "--image=busybox", "--container=dbg", "--profile=general");

        Assert.Equal(1, debug.ExitCode);
        Assert.Equal("Error from server (Forbidden): pods \"debuggee\" is forbidden: User \"alice\" cannot patch resource \"pods/ephemeralcontainers\" in API group \"\" in the namespace \"team\"\n", debug.Stderr);
        await cluster.As("admin", "debug", "debuggee", "-n", "team", "--image=busybox", "--container=dbg", "--profile=general");
        Assert.Equal("dbg", await cluster.As("alice", "get", "pod", "debuggee", "-n", "team", "-o", "jsonpath={.spec.ephemeralContainers[0].name}"));
    }

    private static List<string> Row(string table, string resource) =>
        table.Split('\n').Where(l => l.StartsWith(resource + " ", StringComparison.Ordinal)).ToList();
}
