using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Security;

/// <summary>
/// The PodSecurity admission plugin, on by default in kube-apiserver 1.32 (plugin/pkg/admission/security/podsecurity,
/// k8s.io/pod-security-admission): namespace labels choose the level each mode applies. The expected messages are the
/// ones the Kubernetes documentation shows ("Enforce Pod Security Standards with Namespace Labels", "Migrate from
/// PodSecurityPolicy"), written out here.
/// </summary>
public sealed class PodSecurityAdmissionTests : ServerTest
{
    private const string Restricted = "pod-security.kubernetes.io/enforce=restricted";

    // The four restricted checks a container image with no securityContext fails, in the documentation's words.
    private static string RestrictedViolations(string container) =>
        $"allowPrivilegeEscalation != false (container \"{container}\" must set securityContext.allowPrivilegeEscalation=false), "
        + $"unrestricted capabilities (container \"{container}\" must set securityContext.capabilities.drop=[\"ALL\"]), "
        + $"runAsNonRoot != true (pod or container \"{container}\" must set securityContext.runAsNonRoot=true), "
        + $"seccompProfile (pod or container \"{container}\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")";

    private const string RestrictedContainer = """
        {"name":"app","image":"nginx","securityContext":{"allowPrivilegeEscalation":false,"runAsNonRoot":true,
         "capabilities":{"drop":["ALL"]},"seccompProfile":{"type":"RuntimeDefault"}}}
        """;

    protected override ApiServerHost StartServer() => ApiServerHost.Start(nodes: 1);

    private async Task NamespaceAsync(string name, params string[] labels)
    {
        await Kubectl.OkAsync("create", "namespace", name);
        if (labels.Length > 0)
        {
            await Kubectl.OkAsync(["label", "namespace", name, .. labels]);
        }
        await Server.Http.RootCaPublishedAsync(name);
    }

    [KubectlFact]
    public async Task EnforceRestricted_RefusesAPlainPod_InTheDocumentationsWords_AndAdmitsACompliantOne()
    {
        await NamespaceAsync("locked", Restricted);

        var run = await Kubectl.RunAsync("run", "nginx", "--image=nginx", "-n", "locked");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"Error from server (Forbidden): pods \"nginx\" is forbidden: violates PodSecurity \"restricted:latest\": {RestrictedViolations("nginx")}\n", run.Stderr);
        var (code, pod) = await Server.Http.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/locked/pods",
            $$$"""{"metadata":{"name":"ok"},"spec":{"containers":[{{{RestrictedContainer}}}]}}""");
        Assert.True(code == HttpStatusCode.Created, pod.ToJsonString());
    }

    [KubectlFact]
    public async Task WarnOnly_AdmitsTheWorkload_WithAWarning_AndItsPodsRun()
    {
        await NamespaceAsync("watched", "pod-security.kubernetes.io/warn=restricted");

        var create = await Kubectl.RunAsync("create", "deployment", "web", "--image=nginx", "-n", "watched");

        Assert.True(create.ExitCode == 0, create.Stderr);
        Assert.Equal($"Warning: would violate PodSecurity \"restricted:latest\": {RestrictedViolations("nginx")}\n", create.Stderr);
        await Eventually.True(async () => (await Server.Http.ListItemsAsync("/api/v1/namespaces/watched/pods")).Count == 1, TimeSpan.FromSeconds(20), "the deployment's pod");
    }

    [Fact]
    public async Task EnforceBaseline_RefusesAControllersPod_AsItsFailedCreateEvent_AndWarnsOnTheWorkload()
    {
        await Server.Http.CreateAsync("/api/v1/namespaces", """{"metadata":{"name":"base","labels":{"pod-security.kubernetes.io/enforce":"baseline"}}}""");
        await Server.Http.RootCaPublishedAsync("base");

        var (code, deployment) = await SendWithWarningsAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/base/deployments", """
            {"metadata":{"name":"host"},"spec":{"selector":{"matchLabels":{"app":"host"}},"template":{"metadata":{"labels":{"app":"host"}},
             "spec":{"hostNetwork":true,"containers":[{"name":"c","image":"nginx","securityContext":{"privileged":true}}]}}}}
            """);

        // Warn follows a stricter enforce level that has no warn label of its own (api.PolicyToEvaluate).
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal(["299 - \"would violate PodSecurity \\\"baseline:latest\\\": host namespaces (hostNetwork=true), privileged (container \\\"c\\\" must not set securityContext.privileged=true)\""], deployment);
        var failed = await Eventually.Get(() => Server.Http.ListItemsAsync("/api/v1/namespaces/base/events"),
            events => events.Any(e => e.Str("reason") == "FailedCreate"), TimeSpan.FromSeconds(20), "a FailedCreate event");
        var message = failed.First(e => e.Str("reason") == "FailedCreate").Str("message")!;
        Assert.Matches("^Error creating: pods \"host-[a-z0-9]+-[a-z0-9]{5}\" is forbidden: violates PodSecurity \"baseline:latest\": "
            + System.Text.RegularExpressions.Regex.Escape("host namespaces (hostNetwork=true), privileged (container \"c\" must not set securityContext.privileged=true)") + "$", message);
        Assert.Empty(await Server.Http.ListItemsAsync("/api/v1/namespaces/base/pods"));
    }

    [Fact]
    public async Task ARefusedDaemonSet_StillReportsTheNodesItShouldRunOn_AndAReplicaSetKeepsItsFirstFailure()
    {
        await Server.Http.CreateAsync("/api/v1/namespaces", """{"metadata":{"name":"strict","labels":{"pod-security.kubernetes.io/enforce":"restricted"}}}""");
        await Server.Http.RootCaPublishedAsync("strict");
        await Server.Http.CreateAsync("/apis/apps/v1/namespaces/strict/daemonsets", """
            {"metadata":{"name":"agent"},"spec":{"selector":{"matchLabels":{"app":"agent"}},"template":{"metadata":{"labels":{"app":"agent"}},
             "spec":{"containers":[{"name":"c","image":"nginx"}]}}}}
            """);
        await Server.Http.CreateAsync("/apis/apps/v1/namespaces/strict/replicasets", """
            {"metadata":{"name":"web"},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},
             "spec":{"containers":[{"name":"c","image":"nginx"}]}}}}
            """);

        // syncDaemonSet writes the status although manage failed: one node should run the pod, none does.
        var ds = await Eventually.Get(() => Server.Http.GetJsonAsync("/apis/apps/v1/namespaces/strict/daemonsets/agent"),
            d => d!["status"]?["desiredNumberScheduled"]?.GetValue<int>() == 1, TimeSpan.FromSeconds(20), "desiredNumberScheduled");
        Assert.Equal(0, ds!["status"]!["currentNumberScheduled"]!.GetValue<int>());
        // calculateStatus sets ReplicaFailure only when there is none: further refused retries, each naming another
        // generated pod, leave it as it was (rewriting it requeued the ReplicaSet past its backoff, a hot loop).
        var before = await FailureAfterAsync(3);
        var after = await FailureAfterAsync(5);
        Assert.StartsWith("pods \"web-", before.Message);
        Assert.Contains(" is forbidden: violates PodSecurity \"restricted:latest\": ", before.Message);
        Assert.Equal(before, after);
    }

    /// <summary>The ReplicaSet web's ReplicaFailure condition once at least <paramref name="refusals"/> creates were refused.</summary>
    private async Task<(string? Message, string? Time)> FailureAfterAsync(int refusals)
    {
        await Eventually.True(async () => (await Server.Http.ListItemsAsync("/api/v1/namespaces/strict/events"))
            .Where(e => e.Str("involvedObject", "name") == "web" && e.Str("reason") == "FailedCreate").Sum(e => e["count"]?.GetValue<int>() ?? 1) >= refusals,
            TimeSpan.FromSeconds(30), $"{refusals} refused creates");
        var rs = await Server.Http.GetJsonAsync("/apis/apps/v1/namespaces/strict/replicasets/web");
        var failure = rs!["status"]!["conditions"]!.AsArray().Single(c => c.Str("type") == "ReplicaFailure")!;
        return (failure.Str("message"), failure.Str("lastTransitionTime"));
    }

    [Fact]
    public async Task Evaluations_AreCountedUnderTheMetricNamesAndLabelsUpstreamUses()
    {
        await Server.Http.CreateAsync("/api/v1/namespaces", """
            {"metadata":{"name":"metered","labels":{"pod-security.kubernetes.io/enforce":"baseline","pod-security.kubernetes.io/enforce-version":"v1.29",
             "pod-security.kubernetes.io/warn":"restricted","pod-security.kubernetes.io/warn-version":"v1.30"}}}
            """);
        await Server.Http.CreateAsync("/api/v1/namespaces/default/pods", """{"metadata":{"name":"plain"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}""");
        var (refused, _) = await Server.Http.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/metered/pods",
            """{"metadata":{"name":"host"},"spec":{"hostNetwork":true,"containers":[{"name":"c","image":"nginx"}]}}""");
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        await Server.Http.CreateAsync("/apis/apps/v1/namespaces/metered/deployments", """
            {"metadata":{"name":"web"},"spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},
             "spec":{"containers":[{"name":"c","image":"nginx"}]}}}}
            """);

        // The registry is the process's, shared with other tests' servers: versions only this test labels make its own series.
        // The Deployment, and the ReplicaSet its controller then creates, are each warned about.
        const string Warned = """pod_security_evaluations_total{decision="deny",policy_level="restricted",policy_version="v1.30",mode="warn",request_operation="create",resource="controller",subresource=""} 2""";
        var metrics = await Eventually.Get(() => Server.Http.GetStringAsync("/metrics"), m => m.Contains(Warned, StringComparison.Ordinal),
            TimeSpan.FromSeconds(20), "the ReplicaSet's warning counted");

        Assert.Matches("""pod_security_evaluations_total\{decision="allow",policy_level="privileged",policy_version="latest",mode="enforce",request_operation="create",resource="pod",subresource=""\} [1-9]""", metrics);
        Assert.Contains("""pod_security_evaluations_total{decision="deny",policy_level="baseline",policy_version="v1.29",mode="enforce",request_operation="create",resource="pod",subresource=""} 1""", metrics);

    }

    [Fact]
    public async Task NamespaceLabels_ThatAreNotALevelOrVersion_AreRefused()
    {
        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces",
            """{"metadata":{"name":"typo","labels":{"pod-security.kubernetes.io/enforce":"strict","pod-security.kubernetes.io/warn-version":"1.25"}}}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal("Namespace \"typo\" is invalid: [metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: \"strict\": must be one of privileged, baseline, restricted, "
            + "metadata.labels[pod-security.kubernetes.io/warn-version]: Invalid value: \"1.25\": must be \"latest\" or \"v1.x\"]", status.Str("message"));
        await Server.Http.CreateAsync("/api/v1/namespaces", """{"metadata":{"name":"fine","labels":{"pod-security.kubernetes.io/enforce-version":"v1.29"}}}""");
        var (update, updateStatus) = await Server.Http.SendJsonAsync(HttpMethod.Patch, "/api/v1/namespaces/fine",
            """{"metadata":{"labels":{"pod-security.kubernetes.io/audit":"loose"}}}""", "application/merge-patch+json");
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "Namespace \"fine\" is invalid: metadata.labels[pod-security.kubernetes.io/audit]: Invalid value: \"loose\": must be one of privileged, baseline, restricted"),
            (update, updateStatus.Str("message")));
    }

    [KubectlFact]
    public async Task TighteningANamespace_WarnsAboutItsExistingPods_GroupedAsTheDocumentationShows()
    {
        await NamespaceAsync("busy");
        await Server.Http.CreateAsync("/apis/apps/v1/namespaces/busy/deployments", """
            {"metadata":{"name":"agents"},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"agents"}},"template":{"metadata":{"labels":{"app":"agents"}},
             "spec":{"hostPID":true,"containers":[{"name":"c","image":"nginx"}]}}}}
            """);
        await Server.Http.CreateAsync("/api/v1/namespaces/busy/pods",
            """{"metadata":{"name":"disk"},"spec":{"containers":[{"name":"c","image":"nginx"}],"volumes":[{"name":"data","hostPath":{"path":"/data"}}]}}""");
        await Eventually.True(async () => (await Server.Http.ListItemsAsync("/api/v1/namespaces/busy/pods")).Count == 4, TimeSpan.FromSeconds(30), "four pods");

        var label = await Kubectl.RunAsync("label", "--dry-run=server", "--overwrite", "namespace", "busy", "pod-security.kubernetes.io/enforce=baseline");

        Assert.True(label.ExitCode == 0, label.Stderr);
        var lines = label.Stderr.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal("Warning: existing pods in namespace \"busy\" violate the new PodSecurity enforce level \"baseline:latest\"", lines[0]);
        Assert.Matches("^Warning: agents-[a-z0-9]+-[a-z0-9]{5} \\(and 2 other pods\\): host namespaces$", lines[1]);
        Assert.Equal("Warning: disk: hostPath volumes", lines[2]);
        Assert.Equal("namespace/busy labeled (server dry run)\n", label.Stdout);
        // Applied, the same warnings come; relaxing it again checks nothing.
        var applied = await Kubectl.RunAsync("label", "--overwrite", "namespace", "busy", "pod-security.kubernetes.io/enforce=baseline");
        Assert.Equal((0, label.Stderr), (applied.ExitCode, applied.Stderr));
        var relaxed = await Kubectl.RunAsync("label", "--overwrite", "namespace", "busy", "pod-security.kubernetes.io/enforce=privileged");
        Assert.Equal((0, ""), (relaxed.ExitCode, relaxed.Stderr));
    }

    [KubectlFact]
    public async Task AnEnforcingNamespace_ChecksTheImageUpdatesAndDebugContainersOfPodsItAlreadyHas()
    {
        await NamespaceAsync("later");
        await Kubectl.OkAsync("run", "legacy", "--image=nginx", "-n", "later");
        await Server.Http.CreateAsync("/api/v1/namespaces/later/pods", $$$"""{"metadata":{"name":"tidy"},"spec":{"containers":[{{{RestrictedContainer}}}]}}""");
        await Eventually.True(async () => (await Server.Http.GetJsonAsync("/api/v1/namespaces/later/pods/legacy")).Str("status", "phase") == "Running",
            TimeSpan.FromSeconds(20), "legacy running");
        await Kubectl.OkAsync("label", "namespace", "later", Restricted);

        // Labels and the kubelet's status writes are not evaluated (isSignificantPodUpdate); an image change is.
        await Kubectl.OkAsync("label", "pod", "legacy", "tier=web", "-n", "later");
        var image = await Kubectl.RunAsync("set", "image", "pod/legacy", "legacy=nginx:1.27", "-n", "later");
        Assert.Equal(1, image.ExitCode);
        Assert.Contains($"pods \"legacy\" is forbidden: violates PodSecurity \"restricted:latest\": {RestrictedViolations("legacy")}", image.Stderr);

        // An added ephemeral container is evaluated with the whole pod (pods/ephemeralcontainers is not an ignored
        // subresource); kubectl's restricted profile makes one that passes.
        var general = await Kubectl.RunAsync("debug", "tidy", "-n", "later", "--image=busybox", "--container=dbg", "--profile=general");
        Assert.Equal(1, general.ExitCode);
        // The general profile adds SYS_PTRACE, which check_capabilities_restricted.go names after the missing drop.
        Assert.Equal("Error from server (Forbidden): pods \"tidy\" is forbidden: violates PodSecurity \"restricted:latest\": "
            + "allowPrivilegeEscalation != false (container \"dbg\" must set securityContext.allowPrivilegeEscalation=false), "
            + "unrestricted capabilities (container \"dbg\" must set securityContext.capabilities.drop=[\"ALL\"]; container \"dbg\" must not include \"SYS_PTRACE\" in securityContext.capabilities.add), "
            + "runAsNonRoot != true (pod or container \"dbg\" must set securityContext.runAsNonRoot=true), "
            + "seccompProfile (pod or container \"dbg\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")\n", general.Stderr);
        var restricted = await Kubectl.RunAsync("debug", "tidy", "-n", "later", "--image=busybox", "--container=dbg", "--profile=restricted");
        Assert.True(restricted.ExitCode == 0, restricted.Stderr);
    }

    [Fact]
    public async Task AnOlderVersionLabel_AppliesThatVersionsChecks()
    {
        // Restricted capabilities joined the policy in v1.22: a v1.21 restricted namespace does not yet require
        // capabilities.drop=["ALL"].
        await Server.Http.CreateAsync("/api/v1/namespaces", """
            {"metadata":{"name":"pinned","labels":{"pod-security.kubernetes.io/enforce":"restricted","pod-security.kubernetes.io/enforce-version":"v1.21"}}}
            """);
        await Server.Http.RootCaPublishedAsync("pinned");

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/pinned/pods",
            """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx","securityContext":{"allowPrivilegeEscalation":false,"runAsNonRoot":true,"seccompProfile":{"type":"RuntimeDefault"}}}]}}""");

        Assert.True(code == HttpStatusCode.Created, status.ToJsonString());
        // A newer version at the same level is a tighter policy: the pod that passed v1.21 is named.
        var (latest, warnings) = await SendWithWarningsAsync(HttpMethod.Patch, "/api/v1/namespaces/pinned",
            """{"metadata":{"labels":{"pod-security.kubernetes.io/enforce-version":"latest"}}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, latest);
        Assert.Equal(["299 - \"existing pods in namespace \\\"pinned\\\" violate the new PodSecurity enforce level \\\"restricted:latest\\\"\"", "299 - \"p: unrestricted capabilities\""], warnings);
        var (refused, refusal) = await Server.Http.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/pinned/pods",
            """{"metadata":{"name":"q"},"spec":{"containers":[{"name":"c","image":"nginx","securityContext":{"allowPrivilegeEscalation":false,"runAsNonRoot":true,"seccompProfile":{"type":"RuntimeDefault"}}}]}}""");
        Assert.Equal((HttpStatusCode.Forbidden, "pods \"q\" is forbidden: violates PodSecurity \"restricted:latest\": unrestricted capabilities (container \"c\" must set securityContext.capabilities.drop=[\"ALL\"])"),
            (refused, refusal.Str("message")));
    }

    private async Task<(HttpStatusCode Code, List<string> Warnings)> SendWithWarningsAsync(HttpMethod method, string path, string json, string type = "application/json")
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, type) };
        using var response = await Server.Http.SendAsync(request);
        return (response.StatusCode, response.Headers.TryGetValues("Warning", out var values) ? [.. values] : []);
    }
}
