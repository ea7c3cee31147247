using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>
/// pods/ephemeralcontainers, what <c>kubectl debug</c> writes to (pkg/registry/core/pod/storage/storage.go
/// EphemeralContainersREST, strategy.go podEphemeralContainersStrategy, validation.go validateEphemeralContainers and
/// ValidatePodEphemeralContainersUpdate), and the simulated kubelet starting what it adds.
/// </summary>
public sealed class EphemeralContainerTests : ServerTest
{
    private const string Pods = "/api/v1/namespaces/default/pods";
    private const string Patch = "application/strategic-merge-patch+json";

    protected override ApiServerHost StartServer() => ApiServerHost.Start(nodes: 1);

    private async Task<JsonObject> RunningPodAsync(string name, string annotations = "{}")
    {
        await Server.Http.CreateAsync(Pods, $$$"""
            {"metadata":{"name":"{{{name}}}","labels":{"app":"{{{name}}}"},"annotations":{{{annotations}}}},
             "spec":{"containers":[{"name":"app","image":"nginx"}],"initContainers":[{"name":"init","image":"busybox"}],
                     "volumes":[{"name":"cache","emptyDir":{}}]}}
            """);
        return (await Eventually.Get(() => Server.Http.GetJsonAsync($"{Pods}/{name}"), p => p.Str("status", "phase") == "Running",
            TimeSpan.FromSeconds(20), $"{name} running"))!;
    }

    private Task<(HttpStatusCode Code, JsonObject Body)> AddAsync(string pod, string containers) =>
        Server.Http.SendJsonAsync(HttpMethod.Patch, $"{Pods}/{pod}/ephemeralcontainers", $$$"""{"spec":{"ephemeralContainers":{{{containers}}}}}""", Patch);

    private static bool IsReady(JsonObject pod) =>
        (pod["status"]?["conditions"] as JsonArray ?? []).Any(c => c.Str("type") == "Ready" && c.Str("status") == "True");

    private static JsonArray Ephemeral(JsonObject pod) => pod["spec"]!["ephemeralContainers"] as JsonArray ?? [];

    [KubectlFact]
    public async Task KubectlDebug_AddsADefaultedContainer_WhichTheKubeletStarts_AndRecordsItsManager()
    {
        await RunningPodAsync("web");

        var debug = await Kubectl.RunAsync("debug", "web", "--image=busybox:1.36", "--target=app", "--profile=general");

        Assert.True(debug.ExitCode == 0, debug.Stderr);
        var printed = System.Text.RegularExpressions.Regex.Match(debug.Stdout,
            "^Targeting container \"app\"\\. If you don't see processes from this container it may be because the container runtime doesn't support this feature\\.\n"
            + "Defaulting debug container name to (debugger-[a-z0-9]{5})\\.\n$");
        Assert.True(printed.Success, debug.Stdout);
        var name = printed.Groups[1].Value;
        // Started by the kubelet, and no part of the pod's readiness.
        var pod = await Eventually.Get(() => Server.Http.GetJsonAsync($"{Pods}/web"),
            p => p!["status"]?["ephemeralContainerStatuses"] is JsonArray && IsReady(p), TimeSpan.FromSeconds(20), "ephemeral container status");
        // SetDefaults_EphemeralContainer as on any cluster; the general profile adds SYS_PTRACE for --target.
        var expected = $$$"""
            {"name":"{{{name}}}","image":"busybox:1.36","resources":{},"terminationMessagePath":"/dev/termination-log",
             "terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent",
             "securityContext":{"capabilities":{"add":["SYS_PTRACE"]}},"targetContainerName":"app"}
            """;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), Ephemeral(pod!).Single()), Ephemeral(pod!).ToJsonString());
        // The kubelet reports it running, never ready, with no started field (the prober covers only regular containers).
        var status = pod!["status"]!["ephemeralContainerStatuses"]!.AsArray().Single()!.AsObject();
        Assert.Equal(name, status.Str("name"));
        Assert.False(status["ready"]!.GetValue<bool>());
        Assert.Equal(0, status["restartCount"]!.GetValue<int>());
        Assert.Null(status["started"]);
        Assert.NotNull(status["state"]!["running"]!["startedAt"]);
        // The write is kubectl's, through the subresource, owning only what it added.
        var entry = ((JsonArray)pod["metadata"]!["managedFields"]!).Single(e => e.Str("subresource") == "ephemeralcontainers")!;
        Assert.Equal(("kubectl", "Update"), (entry.Str("manager"), entry.Str("operation")));
        Assert.Equal(["f:spec"], entry["fieldsV1"]!.AsObject().Select(p => p.Key));
    }

    [KubectlFact]
    public async Task KubectlDebugInteractive_FallsBackToTheContainersLog_WhenASimulatedNodeCannotAttach()
    {
        await RunningPodAsync("shell");

        var debug = await Kubectl.RunAsync("debug", "-i", "shell", "--image=busybox", "--container=dbg", "--profile=general");

        Assert.True(debug.ExitCode == 0, debug.Stderr);
        Assert.Contains("warning: couldn't attach to pod/shell, falling back to streaming logs: container dbg of pod shell runs on simulated node node-1, which runs no containers", debug.Stderr);
        Assert.StartsWith("starting container dbg (image busybox) on simulated node node-1\n", debug.Stdout);
    }

    [Fact]
    public async Task GetOfTheSubresource_IsThePod_AndOnlyGetPatchAndUpdateAreServed()
    {
        await RunningPodAsync("plain");

        var pod = await Server.Http.GetJsonAsync($"{Pods}/plain/ephemeralcontainers");
        Assert.Equal(("Pod", "plain"), (pod.Str("kind"), pod.Str("metadata", "name")));
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Delete })
        {
            var (code, _) = await Server.Http.SendJsonAsync(method, $"{Pods}/plain/ephemeralcontainers", "{}");
            Assert.Equal(HttpStatusCode.MethodNotAllowed, code);
        }
        var (missing, status) = await AddAsync("nope", """[{"name":"d","image":"busybox"}]""");
        Assert.Equal((HttpStatusCode.NotFound, "pods \"nope\" not found"), (missing, status.Str("message")));
        // A subresource never creates its object, not even by server-side apply (forceAllowCreate=false).
        foreach (var sub in new[] { "ephemeralcontainers", "status" })
        {
            var (applied, applyStatus) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{Pods}/nope/{sub}?fieldManager=t",
                """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"nope"},"spec":{"containers":[{"name":"a","image":"nginx"}]}}""", "application/apply-patch+yaml");
            Assert.Equal((HttpStatusCode.NotFound, "pods \"nope\" not found"), (applied, applyStatus.Str("message")));
        }
        Assert.Null(await Server.Http.GetJsonAsync($"{Pods}/nope"));
        var discovery = await Server.Http.GetJsonAsync("/api/v1");
        var entry = discovery!["resources"]!.AsArray().Single(r => r.Str("name") == "pods/ephemeralcontainers")!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["get","patch","update"]"""), entry["verbs"]), entry.ToJsonString());
        Assert.Equal("Pod", entry.Str("kind"));
    }

    [Fact]
    public async Task TheSubresource_ChangesOnlyEphemeralContainers_AndAnExistingOneMayNeitherChangeNorGo()
    {
        await RunningPodAsync("kept");

        // dropNonEphemeralContainerUpdates: labels and the spec's other fields in the body are dropped, not refused.
        var (code, pod) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{Pods}/kept/ephemeralcontainers",
            """{"metadata":{"labels":{"app":"other"}},"spec":{"containers":[{"name":"app","image":"changed"}],"ephemeralContainers":[{"name":"d1","image":"busybox"}]}}""", Patch);
        Assert.True(code == HttpStatusCode.OK, pod.ToJsonString());
        Assert.Equal(("kept", "nginx", "d1"), (pod.Str("metadata", "labels", "app"), pod["spec"]!["containers"]![0].Str("image"), Ephemeral(pod).Single().Str("name")));

        var changed = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{Pods}/kept/ephemeralcontainers",
            """[{"op":"replace","path":"/spec/ephemeralContainers/0/image","value":"alpine"}]""", "application/json-patch+json");
        Assert.Equal("Pod \"kept\" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers \"d1\" may not be changed\n", changed);
        var removed = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{Pods}/kept/ephemeralcontainers",
            """{"spec":{"ephemeralContainers":null}}""", "application/merge-patch+json");
        Assert.Equal("Pod \"kept\" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers \"d1\" may not be removed\n", removed);

        // A PUT of the pod as read, with one more: the stored containers compare equal once defaulted. The kubelet's
        // status writes (d1 starting) move the resourceVersion, so the read-modify-write is retried on 409, as clients do.
        var (put, replaced) = await Eventually.Get(async () =>
        {
            var read = (await Server.Http.GetJsonAsync($"{Pods}/kept"))!;
            Ephemeral(read).Add(JsonNode.Parse("""{"name":"d2","image":"busybox"}"""));
            return await Server.Http.SendJsonAsync(HttpMethod.Put, $"{Pods}/kept/ephemeralcontainers", read.ToJsonString());
        }, r => r.Code != HttpStatusCode.Conflict, TimeSpan.FromSeconds(20), "a PUT without a conflict");
        Assert.True(put == HttpStatusCode.OK, replaced.ToJsonString());
        Assert.Equal(["d1", "d2"], Ephemeral(replaced).Select(c => c.Str("name")));
    }

    [Fact]
    public async Task EphemeralContainers_AreRefusedOnCreate_OnAPodUpdate_AndInTemplates()
    {
        var create = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Pods,
            """{"metadata":{"name":"born"},"spec":{"containers":[{"name":"a","image":"nginx"}],"ephemeralContainers":[{"name":"d","image":"busybox"}]}}""");
        Assert.Equal("Pod \"born\" is invalid: spec.ephemeralContainers: Forbidden: cannot be set on create", create);

        await RunningPodAsync("main");
        var update = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{Pods}/main",
            """{"spec":{"ephemeralContainers":[{"name":"d","image":"busybox"}]}}""", Patch);
        Assert.StartsWith("Pod \"main\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`", update);

        var template = await Server.Http.InvalidMessageAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/default/deployments", """
            {"metadata":{"name":"tpl"},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},
             "spec":{"containers":[{"name":"a","image":"nginx"}],"ephemeralContainers":[{"name":"d","image":"busybox"}]}}}}
            """);
        Assert.Equal("Deployment.apps \"tpl\" is invalid: spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template", template);
    }

    [Fact]
    public async Task AnEphemeralContainer_MayNotCarryWorkloadFields_NorReuseANameOrTargetANonContainer()
    {
        await RunningPodAsync("strict");

        var fields = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{Pods}/strict/ephemeralcontainers", """
            {"spec":{"ephemeralContainers":[{"name":"d","image":"busybox","ports":[{"containerPort":80}],"resources":{"limits":{"cpu":"1"}},
              "restartPolicy":"Always","readinessProbe":{"exec":{"command":["true"]}},"lifecycle":{},
              "volumeMounts":[{"name":"cache","mountPath":"/c","subPath":"x"}]}]}}
            """, Patch);
        Assert.Equal("Pod \"strict\" is invalid: [" + string.Join(", ",
            "spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container",
            "spec.ephemeralContainers[0].resources: Forbidden: cannot be set for an Ephemeral Container",
            "spec.ephemeralContainers[0].restartPolicy: Forbidden: cannot be set for an Ephemeral Container",
            "spec.ephemeralContainers[0].readinessProbe: Forbidden: cannot be set for an Ephemeral Container",
            "spec.ephemeralContainers[0].lifecycle: Forbidden: cannot be set for an Ephemeral Container",
            "spec.ephemeralContainers[0].volumeMounts[0].subPath: Forbidden: cannot be set for an Ephemeral Container") + "]", fields);

        var names = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{Pods}/strict/ephemeralcontainers",
            """{"spec":{"ephemeralContainers":[{"name":"init","image":"busybox"},{"name":"d","image":"busybox","targetContainerName":"init2"},{"name":"e","image":"busybox","targetContainerName":"d"}]}}""", Patch);
        Assert.Equal("Pod \"strict\" is invalid: [" + string.Join(", ",
            "spec.ephemeralContainers[0].name: Duplicate value: \"init\"",
            "spec.ephemeralContainers[1].targetContainerName: Not found: \"init2\"",
            "spec.ephemeralContainers[2].targetContainerName: Not found: \"d\"") + "]", names);

        // An empty resources object is the zero value kubectl always sends; a target may be an init container.
        var (ok, pod) = await AddAsync("strict", """[{"name":"d","image":"busybox","resources":{},"targetContainerName":"init"}]""");
        Assert.True(ok == HttpStatusCode.OK, pod.ToJsonString());
    }

    [Fact]
    public async Task AStaticPod_TakesNoEphemeralContainer()
    {
        await Server.Http.CreateAsync(Pods, """
            {"metadata":{"name":"static","annotations":{"kubernetes.io/config.mirror":"abc"}},
             "spec":{"nodeName":"node-1","automountServiceAccountToken":false,"containers":[{"name":"a","image":"nginx"}]}}
            """);

        var refused = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{Pods}/static/ephemeralcontainers",
            """{"spec":{"ephemeralContainers":[{"name":"d","image":"busybox","ports":[{"containerPort":1}]}]}}""", Patch);

        // Alone, whatever else is wrong (#113935).
        // field.NewPath("") prints as "[]".
        Assert.Equal("Pod \"static\" is invalid: []: Forbidden: static pods do not support ephemeral containers", refused);
    }

    [Fact]
    public async Task AnEnforcingAccount_LimitsTheSecretsAnEphemeralContainersEnvironmentReads()
    {
        await Server.Http.CreateAsync("/api/v1/namespaces/default/serviceaccounts",
            """{"metadata":{"name":"locked","annotations":{"kubernetes.io/enforce-mountable-secrets":"true"}},"secrets":[{"name":"listed"}]}""");
        await Server.Http.CreateAsync(Pods, """{"metadata":{"name":"guarded"},"spec":{"serviceAccountName":"locked","containers":[{"name":"a","image":"nginx"}]}}""");

        var (code, status) = await AddAsync("guarded",
            """[{"name":"d","image":"busybox","envFrom":[{"secretRef":{"name":"other"}}]}]""");
        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Equal("pods \"guarded\" is forbidden: ephemeral container d with envFrom referencing secret.secretName=\"other\" is not allowed because service account locked does not reference that secret", status.Str("message"));
        var (env, envStatus) = await AddAsync("guarded",
            """[{"name":"d","image":"busybox","env":[{"name":"K","valueFrom":{"secretKeyRef":{"name":"other","key":"k"}}}]}]""");
        Assert.Equal(HttpStatusCode.Forbidden, env);
        Assert.Equal("pods \"guarded\" is forbidden: ephemeral container d with envVar K referencing secret.secretName=\"other\" is not allowed because service account locked does not reference that secret", envStatus.Str("message"));

        var (listed, pod) = await AddAsync("guarded", """[{"name":"d","image":"busybox","envFrom":[{"secretRef":{"name":"listed"}}]}]""");
        Assert.True(listed == HttpStatusCode.OK, pod.ToJsonString());
        // The plugin mutates only creates: no token mount for the debug container.
        Assert.Null(Ephemeral(pod).Single()!["volumeMounts"]);
    }
}
