using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Nodes;

/// <summary>
/// With Controllers:SimulatedReadyDelay 0 the simulated kubelet behaves as KWOK's fast pod-ready stage: a watcher
/// sees the pod go from Pending straight to Running and Ready, never Running and unready.
/// </summary>
public sealed class ZeroReadyDelayTests : IAsyncLifetime
{
    private ApiServerHost _server = null!;

    public async Task InitializeAsync() =>
        _server = await NodeFixtures.StartAsync(nodes: 1, new Dictionary<string, string> { ["Controllers:SimulatedReadyDelay"] = "00:00:00" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task PodOnZeroDelayNode_FirstRunningStatusIsAlreadyReady()
    {
        var created = await _server.Client.CreateNamespacedPodAsync(NodeFixtures.Pod("fast", "node-1"), "default");
        var states = await WatchUntilReadyAsync("fast", created.Metadata.ResourceVersion);

        var running = states.Where(s => s.Phase == "Running").ToList();
        Assert.NotEmpty(running);
        Assert.All(running, s => Assert.Equal("True", s.Ready));
        Assert.All(running, s => Assert.Equal("True", s.ContainersReady));
    }

    [Fact]
    public async Task JobPodThatExitsAtOnce_NeverReportsReady()
    {
        var pod = NodeFixtures.Pod("instant", "node-1");
        pod.Metadata.Annotations = new Dictionary<string, string> { ["sim.miniapiserver.io/run-time"] = "0s" };
        pod.Spec.RestartPolicy = "Never";
        var created = await _server.Client.CreateNamespacedPodAsync(pod, "default");
        var finished = await Eventually.Get(() => _server.Client.ReadNamespacedPodAsync("instant", "default"),
            p => p.Status?.Phase is "Succeeded" or "Failed", what: "pod finished");

        Assert.Equal("Succeeded", finished.Status.Phase);
        var states = await WatchAsync("instant", created.Metadata.ResourceVersion, s => s.Phase == "Succeeded");
        Assert.DoesNotContain(states, s => s.Ready == "True");
    }

    private Task<List<PodState>> WatchUntilReadyAsync(string name, string fromVersion) =>
        WatchAsync(name, fromVersion, s => s.Ready == "True");

    /// <summary>Every state a watcher sees from <paramref name="fromVersion"/> until <paramref name="last"/> holds.</summary>
    private async Task<List<PodState>> WatchAsync(string name, string fromVersion, Func<PodState, bool> last)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var path = $"/api/v1/namespaces/default/pods?watch=true&fieldSelector=metadata.name%3D{name}&resourceVersion={fromVersion}";
        using var response = await _server.Http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var states = new List<PodState>();
        while (await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            var obj = JsonNode.Parse(line)!["object"]!;
            var conditions = obj["status"]?["conditions"]?.AsArray() ?? [];
            string? Condition(string type) =>
                conditions.FirstOrDefault(c => c?["type"]?.GetValue<string>() == type)?["status"]?.GetValue<string>();
            var state = new PodState(
                long.Parse(obj["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture),
                obj["status"]?["phase"]?.GetValue<string>(), Condition("Ready"), Condition("ContainersReady"));
            states.Add(state);
            if (last(state))
            {
                return states;
            }
        }
        throw new InvalidOperationException($"watch of {name} ended before the awaited state; saw {states.Count} events");
    }

    private sealed record PodState(long ResourceVersion, string? Phase, string? Ready, string? ContainersReady);
}
