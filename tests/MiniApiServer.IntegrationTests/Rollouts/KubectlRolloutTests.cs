using System.Text.Json.Nodes;
using k8s;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Rollouts;

/// <summary>kubectl set image / rollout status|history|undo|restart / describe against DaemonSet rollouts (kubectl-wire.md §4).</summary>
public sealed class KubectlRolloutTests : IAsyncLifetime
{
    private const string Manifest = """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
        spec:
          selector:
            matchLabels:
              app: agent
          template:
            metadata:
              labels:
                app: agent
            spec:
              containers:
              - name: c
                image: agent:v1
        """;

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
    public async Task SetImage_Status_History_Undo()
    {
        await _kubectl.OkAsync("create", "-f", _kubectl.WriteFile("ds.yaml", Manifest));
        Assert.EndsWith("daemon set \"agent\" successfully rolled out\n", await RolloutStatusAsync(), StringComparison.Ordinal);

        Assert.Equal("daemonset.apps/agent annotated\n", await _kubectl.OkAsync("annotate", "ds/agent", "kubernetes.io/change-cause=bump to v2"));
        Assert.Equal("daemonset.apps/agent image updated\n", await _kubectl.OkAsync("set", "image", "ds/agent", "c=agent:v2"));
        var status = await RolloutStatusAsync();
        Assert.EndsWith("daemon set \"agent\" successfully rolled out\n", status, StringComparison.Ordinal);
        await ExpectPodImagesAsync("agent:v2");

        await _kubectl.OkAsync("annotate", "--overwrite", "ds/agent", "kubernetes.io/change-cause=bump to v3");
        Assert.Equal("daemonset.apps/agent image updated\n", await _kubectl.OkAsync("set", "image", "ds/agent", "c=agent:v3"));
        await RolloutStatusAsync();

        var history = await _kubectl.OkAsync("rollout", "history", "ds/agent");
        Assert.Matches(@"^daemonset\.apps/agent\s*\nREVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+bump to v2\n3\s+bump to v3\n", history);
        var revision2 = await _kubectl.OkAsync("rollout", "history", "ds/agent", "--revision=2");
        Assert.Contains("Pod Template:", revision2, StringComparison.Ordinal);
        Assert.Matches(@"Image:\s+agent:v2\n", revision2);
        Assert.StartsWith("daemonset.apps/agent with revision #2\n", revision2, StringComparison.Ordinal);

        // --to-revision=1 reuses revision 1 and renumbers it to max + 1 = 4 (update.go constructHistory).
        Assert.Equal("daemonset.apps/agent rolled back\n", await _kubectl.OkAsync("rollout", "undo", "ds/agent", "--to-revision=1"));
        Assert.Equal("agent:v1", await _kubectl.OkAsync("get", "ds", "agent", "-o", "jsonpath={.spec.template.spec.containers[0].image}"));
        await RolloutStatusAsync();
        await ExpectPodImagesAsync("agent:v1");
        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\n2\s+bump to v2\n3\s+bump to v3\n4\s+<none>\n", await HistoryAfterAsync(4));

        // Plain undo goes to the second-highest revision (3, agent:v3), which becomes 5.
        Assert.Equal("daemonset.apps/agent rolled back\n", await _kubectl.OkAsync("rollout", "undo", "ds/agent"));
        Assert.Equal("agent:v3", await _kubectl.OkAsync("get", "ds", "agent", "-o", "jsonpath={.spec.template.spec.containers[0].image}"));
        await RolloutStatusAsync();
        await ExpectPodImagesAsync("agent:v3");
        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\n2\s+bump to v2\n4\s+<none>\n5\s+bump to v3\n", await HistoryAfterAsync(5));
    }

    [KubectlFact]
    public async Task Restart_ReplacesEveryPod()
    {
        await _kubectl.OkAsync("create", "-f", _kubectl.WriteFile("ds.yaml", Manifest));
        await RolloutStatusAsync();
        var before = (await PodNamesAsync()).ToHashSet();
        Assert.Equal(3, before.Count);

        Assert.Equal("daemonset.apps/agent restarted\n", await _kubectl.OkAsync("rollout", "restart", "ds/agent"));
        Assert.EndsWith("daemon set \"agent\" successfully rolled out\n", await RolloutStatusAsync(), StringComparison.Ordinal);
        var after = await Eventually.Get(PodNamesAsync, names => names.Count == 3 && !names.Overlaps(before), what: "every pod replaced");
        Assert.Equal(3, after.Count);
        Assert.NotEmpty(await _kubectl.OkAsync("get", "ds", "agent", "-o", "jsonpath={.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}"));
    }

    [KubectlFact]
    public async Task Describe_TellsTheRolloutStory()
    {
        await _kubectl.OkAsync("create", "-f", _kubectl.WriteFile("ds.yaml", Manifest));
        await RolloutStatusAsync();
        await _kubectl.OkAsync("set", "image", "ds/agent", "c=agent:v2");
        await RolloutStatusAsync();

        var describe = await _kubectl.OkAsync("describe", "ds", "agent");
        Assert.Matches(@"Desired Number of Nodes Scheduled: 3\n", describe);
        Assert.Matches(@"Number of Nodes Scheduled with Up-to-date Pods: 3\n", describe);
        Assert.Matches(@"Number of Nodes Scheduled with Available Pods: 3\n", describe);
        Assert.Matches(@"Pods Status:\s+3 Running / 0 Waiting / 0 Succeeded / 0 Failed\n", describe);
        Assert.Matches(@"Image:\s+agent:v2\n", describe);
        Assert.Matches(@"Normal\s+SuccessfulCreate\s+\S+\s+daemonset-controller\s+Created pod: agent-\w{5}\n", describe);
        Assert.Matches(@"Normal\s+SuccessfulDelete\s+\S+\s+daemonset-controller\s+Deleted pod: agent-\w{5}\n", describe);
    }

    private async Task<string> RolloutStatusAsync() => await _kubectl.OkAsync("rollout", "status", "ds/agent", "--timeout=30s");

    private async Task<HashSet<string>> PodNamesAsync() =>
        (await _server.Http.ListItemsAsync("/api/v1/namespaces/default/pods?labelSelector=app%3Dagent"))
            .Where(p => p["metadata"]?["deletionTimestamp"] is null)
            .Select(p => p.Str("metadata", "name")!).ToHashSet();

    private Task ExpectPodImagesAsync(string image) =>
        Eventually.True(async () =>
        {
            var pods = await _server.Http.ListItemsAsync("/api/v1/namespaces/default/pods?labelSelector=app%3Dagent");
            return pods.Count == 3 && pods.All(p => p["spec"]!["containers"]![0]!.Str("image") == image);
        }, what: $"all pods on {image}");

    /// <summary>The controller renumbers the reused revision asynchronously; wait for it before reading history.</summary>
    private async Task<string> HistoryAfterAsync(int revision) =>
        await Eventually.Get(() => _kubectl.OkAsync("rollout", "history", "ds/agent"),
            h => h.Contains($"\n{revision} ", StringComparison.Ordinal), what: $"history shows revision {revision}");
}
