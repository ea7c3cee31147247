using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.IntegrationTests.Rollouts;

namespace MiniApiServer.IntegrationTests.Deployments;

/// <summary>The kubectl commands of a Deployment's life: create, get columns, scale, set image, rollout status|history|undo|pause|resume|restart.</summary>
public sealed class KubectlDeploymentTests : IAsyncLifetime
{
    private ApiServerHost _server = null!;
    private KubectlRunner _kubectl = null!;

    public Task InitializeAsync()
    {
        _server = RolloutFixture.Start(nodes: 3);
        _kubectl = new KubectlRunner(_server.BaseAddress);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _kubectl.Dispose();
        await _server.DisposeAsync();
    }

    [KubectlFact]
    public async Task CreateScaleSetImageUndo()
    {
        Assert.Equal("deployment.apps/nginx created\n", await _kubectl.OkAsync("create", "deployment", "nginx", "--image=nginx", "--replicas=3"));
        Assert.EndsWith("deployment \"nginx\" successfully rolled out\n", await RolloutStatusAsync(), StringComparison.Ordinal);
        Assert.Matches(@"^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nnginx\s+3/3\s+3\s+3\s+\S+\n$", await _kubectl.OkAsync("get", "deploy", "nginx"));
        Assert.Matches(@"^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\nnginx-\w+\s+3\s+3\s+3\s+\S+\s+nginx\s+nginx\s+app=nginx,pod-template-hash=\w+\n$",
            await _kubectl.OkAsync("get", "rs", "-o", "wide"));
        await ExpectPodImagesAsync(3, "nginx");

        Assert.Equal("deployment.apps/nginx scaled\n", await _kubectl.OkAsync("scale", "deployment", "nginx", "--replicas=6"));
        await RolloutStatusAsync();
        await ExpectPodImagesAsync(6, "nginx");
        // A precondition makes kubectl GET the Scale and PUT it back (kubectl's typed scale client).
        Assert.Equal("deployment.apps/nginx scaled\n", await _kubectl.OkAsync("scale", "deployment", "nginx", "--current-replicas=6", "--replicas=5"));
        var wrong = await _kubectl.RunAsync("scale", "deployment", "nginx", "--current-replicas=9", "--replicas=4");
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Equal("error: Expected replicas to be 9, was 5\n", wrong.Stderr);
        await RolloutStatusAsync();
        await ExpectPodImagesAsync(5, "nginx");

        Assert.Equal("deployment.apps/nginx image updated\n", await _kubectl.OkAsync("set", "image", "deployment/nginx", "nginx=nginx:1.27"));
        Assert.EndsWith("deployment \"nginx\" successfully rolled out\n", await RolloutStatusAsync(), StringComparison.Ordinal);
        await ExpectPodImagesAsync(5, "nginx:1.27");
        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n", await _kubectl.OkAsync("rollout", "history", "deployment/nginx"));

        Assert.Equal("deployment.apps/nginx rolled back\n", await _kubectl.OkAsync("rollout", "undo", "deployment/nginx"));
        await RolloutStatusAsync();
        await ExpectPodImagesAsync(5, "nginx");
        // The reused ReplicaSet takes the next revision (SetNewReplicaSetAnnotations), so revision 1 is gone.
        var history = await Eventually.Get(() => _kubectl.OkAsync("rollout", "history", "deployment/nginx"),
            h => h.Contains("\n3 ", StringComparison.Ordinal), what: "revision 3 in history");
        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>\n", history);

        var events = await _kubectl.OkAsync("get", "events", "--field-selector", "involvedObject.kind=Deployment", "-o", "custom-columns=REASON:.reason,MESSAGE:.message");
        Assert.Matches(@"ScalingReplicaSet\s+Scaled up replica set nginx-\w+ from 0 to 3\n", events);
        Assert.Matches(@"ScalingReplicaSet\s+Scaled up replica set nginx-\w+ from 3 to 6\n", events);
        Assert.Matches(@"ScalingReplicaSet\s+Scaled down replica set nginx-\w+ from 6 to 5\n", events);
    }

    /// <summary>
    /// A manifest that leaves a container's resources out: kubectl rollout undo sends the old ReplicaSet's template back
    /// re-encoded from Go structs, so with <c>"resources":{}</c>, and the controller must still find that ReplicaSet
    /// (EqualIgnoreHash by Semantic.DeepEqual, where empty and absent are equal), not start a third one.
    /// </summary>
    [KubectlFact]
    public async Task UndoOfAnAppliedManifestReusesTheOldReplicaSet()
    {
        var manifest = _kubectl.WriteFile("api.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api}
            spec:
              replicas: 2
              selector: {matchLabels: {app: api}}
              template:
                metadata: {labels: {app: api}}
                spec: {containers: [{name: c, image: "api:1"}]}
            """);
        Assert.Equal("deployment.apps/api created\n", await _kubectl.OkAsync("apply", "-f", manifest));
        await _kubectl.OkAsync("rollout", "status", "deployment/api", "--timeout=60s");
        var first = (await _kubectl.OkAsync("get", "rs", "-l", "app=api", "-o", "name")).Trim();
        await _kubectl.OkAsync("set", "image", "deployment/api", "c=api:2");
        await _kubectl.OkAsync("rollout", "status", "deployment/api", "--timeout=60s");

        Assert.Equal("deployment.apps/api rolled back\n", await _kubectl.OkAsync("rollout", "undo", "deployment/api"));
        await _kubectl.OkAsync("rollout", "status", "deployment/api", "--timeout=60s");
        await ExpectPodImagesAsync(2, "api:1", "api");

        var history = await Eventually.Get(() => _kubectl.OkAsync("rollout", "history", "deployment/api"),
            h => h.Contains("\n3 ", StringComparison.Ordinal), what: "revision 3 in history");
        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>\n", history);
        Assert.Equal(2, (await _kubectl.OkAsync("get", "rs", "-l", "app=api", "-o", "name")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal("3", await _kubectl.OkAsync("get", first, "-o", "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}"));
    }

    [KubectlFact]
    public async Task PauseResumeRestart()
    {
        await _kubectl.OkAsync("create", "deployment", "web", "--image=web:v1", "--replicas=2");
        await _kubectl.OkAsync("rollout", "status", "deployment/web", "--timeout=60s");
        var before = await PodNamesAsync("web");

        Assert.Equal("deployment.apps/web paused\n", await _kubectl.OkAsync("rollout", "pause", "deployment/web"));
        await _kubectl.OkAsync("set", "image", "deployment/web", "web=web:v2");
        await Eventually.True(async () => (await _kubectl.OkAsync("get", "deploy", "web", "-o",
            "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}")) == "DeploymentPaused", what: "Progressing=DeploymentPaused");
        Assert.Single((await _kubectl.OkAsync("get", "rs", "-l", "app=web", "-o", "name")).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(before, await PodNamesAsync("web"));

        Assert.Equal("deployment.apps/web resumed\n", await _kubectl.OkAsync("rollout", "resume", "deployment/web"));
        await _kubectl.OkAsync("rollout", "status", "deployment/web", "--timeout=60s");
        await ExpectPodImagesAsync(2, "web:v2", "web");

        var rolled = await PodNamesAsync("web");
        Assert.Equal("deployment.apps/web restarted\n", await _kubectl.OkAsync("rollout", "restart", "deployment/web"));
        await _kubectl.OkAsync("rollout", "status", "deployment/web", "--timeout=60s");
        await Eventually.True(async () => (await PodNamesAsync("web")) is var now && now.Count == 2 && !now.Overlaps(rolled), what: "every pod replaced");
    }

    private async Task<string> RolloutStatusAsync() => await _kubectl.OkAsync("rollout", "status", "deployment/nginx", "--timeout=60s");

    private async Task<HashSet<string>> PodNamesAsync(string app) =>
        (await _server.Http.ListItemsAsync($"/api/v1/namespaces/default/pods?labelSelector=app%3D{app}"))
            .Where(p => p["metadata"]?["deletionTimestamp"] is null)
            .Select(p => p.Str("metadata", "name")!).ToHashSet();

    private Task ExpectPodImagesAsync(int count, string image, string app = "nginx") =>
        Eventually.True(async () =>
        {
            var pods = (await _server.Http.ListItemsAsync($"/api/v1/namespaces/default/pods?labelSelector=app%3D{app}"))
                .Where(p => p["metadata"]?["deletionTimestamp"] is null).ToList();
            return pods.Count == count && pods.All(p => p["spec"]!["containers"]![0]!.Str("image") == image);
        }, TimeSpan.FromSeconds(60), what: $"{count} pods on {image}");
}
