using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Api;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.GarbageCollection;

/// <summary>
/// Background, orphan and foreground deletion with hand-made owners and dependents. There may be no
/// DaemonSet controller on this branch, so DaemonSet pods are created by the test with the ownerReference
/// the controller would set; the pods stay unbound (no nodes), so their deletion is immediate.
/// </summary>
public sealed class GarbageCollectorTests : IAsyncLifetime
{
    private const string Pods = "/api/v1/namespaces/default/pods";
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private const string DaemonSets = "/apis/apps/v1/namespaces/default/daemonsets";
    private ApiServerHost _server = null!;

    public Task InitializeAsync()
    {
        _server = ApiServerHost.Start(nodes: 0);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<JsonObject> CreateConfigMapAsync(string name) =>
        _server.Http.CreateAsync(ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"@"}}""".Replace("@", name, StringComparison.Ordinal));

    private Task<JsonObject> CreateDaemonSetAsync() => _server.Http.CreateAsync(DaemonSets, CrudOverHttpTests.DaemonSet);

    private static JsonObject OwnerRef(JsonObject owner, bool controller = false) => new()
    {
        ["apiVersion"] = owner.Str("apiVersion"),
        ["kind"] = owner.Str("kind"),
        ["name"] = owner.Str("metadata", "name"),
        ["uid"] = owner.Str("metadata", "uid"),
        ["controller"] = controller,
        ["blockOwnerDeletion"] = controller,
    };

    private Task<JsonObject> CreatePodAsync(string name, JsonObject[] owners, string[]? finalizers = null)
    {
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["labels"] = new JsonObject { ["app"] = "monitoring-agent" },
                ["ownerReferences"] = new JsonArray(owners.Select(o => (JsonNode)o.DeepClone()).ToArray()),
                ["finalizers"] = finalizers is null ? null : new JsonArray(finalizers.Select(f => (JsonNode)JsonValue.Create(f)).ToArray()),
            },
            // A scheduler name nobody serves keeps these pods unbound, whatever nodes exist.
            ["spec"] = JsonNode.Parse("""{"schedulerName":"none","containers":[{"name":"c","image":"busybox"}]}"""),
        };
        return _server.Http.CreateAsync(Pods, pod.ToJsonString());
    }

    private Task<JsonObject?> GetAsync(string path) => _server.Http.GetJsonAsync(path);

    private Task WaitGoneAsync(string path) =>
        Eventually.Get(() => GetAsync(path), o => o is null, what: $"{path} deleted");

    [Fact]
    public async Task Background_DeletingTheOwner_DeletesItsDependents()
    {
        var owner = await CreateConfigMapAsync("owner");
        await CreatePodAsync("dep-1", [OwnerRef(owner)]);
        await CreatePodAsync("dep-2", [OwnerRef(owner)]);
        await CreatePodAsync("unrelated", []);

        Assert.Equal(HttpStatusCode.OK, await _server.Http.DeleteJsonAsync($"{ConfigMaps}/owner"));

        await WaitGoneAsync($"{Pods}/dep-1");
        await WaitGoneAsync($"{Pods}/dep-2");
        Assert.NotNull(await GetAsync($"{Pods}/unrelated"));
    }

    [Fact]
    public async Task Background_DaemonSet_DeletesItsPods()
    {
        var ds = await CreateDaemonSetAsync();
        await CreatePodAsync("ds-pod-1", [OwnerRef(ds, controller: true)]);
        await CreatePodAsync("ds-pod-2", [OwnerRef(ds, controller: true)]);

        Assert.Equal(HttpStatusCode.OK, await _server.Http.DeleteJsonAsync($"{DaemonSets}/monitoring-daemon", "Background"));

        Assert.Null(await GetAsync($"{DaemonSets}/monitoring-daemon"));
        await WaitGoneAsync($"{Pods}/ds-pod-1");
        await WaitGoneAsync($"{Pods}/ds-pod-2");
    }

    [Fact]
    public async Task OwnerReferenceToAMissingUid_IsCollected()
    {
        var ghost = new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["name"] = "ghost", ["uid"] = Guid.NewGuid().ToString(),
        };
        await CreatePodAsync("orphaned-at-birth", [ghost]);

        await WaitGoneAsync($"{Pods}/orphaned-at-birth");
    }

    [Fact]
    public async Task DependentWithAnotherLiveOwner_OnlyLosesTheGoneOwnersReference()
    {
        var first = await CreateConfigMapAsync("first");
        var second = await CreateConfigMapAsync("second");
        await CreatePodAsync("shared", [OwnerRef(first), OwnerRef(second)]);

        await _server.Http.DeleteJsonAsync($"{ConfigMaps}/first");

        var pod = await Eventually.Get(() => GetAsync($"{Pods}/shared"),
            p => p?["metadata"]?["ownerReferences"]?.AsArray().Count == 1, what: "first owner reference removed");
        Assert.Equal(second.Str("metadata", "uid"), pod!["metadata"]!["ownerReferences"]![0].Str("uid"));
    }

    [Fact]
    public async Task Orphan_StripsOwnerReferences_ThenDeletesTheOwner()
    {
        var ds = await CreateDaemonSetAsync();
        await CreatePodAsync("keep-1", [OwnerRef(ds, controller: true)]);
        await CreatePodAsync("keep-2", [OwnerRef(ds, controller: true)]);

        Assert.Equal(HttpStatusCode.OK, await _server.Http.DeleteJsonAsync($"{DaemonSets}/monitoring-daemon", "Orphan"));

        await WaitGoneAsync($"{DaemonSets}/monitoring-daemon");
        foreach (var name in new[] { "keep-1", "keep-2" })
        {
            var pod = await GetAsync($"{Pods}/{name}");
            Assert.NotNull(pod);
            Assert.Null(pod["metadata"]!["ownerReferences"]);
            Assert.Null(pod["metadata"]!["deletionTimestamp"]);
        }
    }

    [Fact]
    public async Task Foreground_KeepsTheOwnerUntilBlockingDependentsAreGone()
    {
        var ds = await CreateDaemonSetAsync();
        await CreatePodAsync("quick", [OwnerRef(ds, controller: true)]);
        // A finalizer nobody serves holds this dependent in "deleting" until the test releases it.
        await CreatePodAsync("held", [OwnerRef(ds, controller: true)], ["example.com/hold"]);

        Assert.Equal(HttpStatusCode.OK, await _server.Http.DeleteJsonAsync($"{DaemonSets}/monitoring-daemon", "Foreground"));

        await WaitGoneAsync($"{Pods}/quick");
        var held = await Eventually.Get(() => GetAsync($"{Pods}/held"), p => p?["metadata"]?["deletionTimestamp"] is not null, what: "held pod deleting");
        Assert.NotNull(held);
        var owner = await GetAsync($"{DaemonSets}/monitoring-daemon");
        Assert.NotNull(owner);
        Assert.NotNull(owner["metadata"]!["deletionTimestamp"]);
        Assert.Contains("foregroundDeletion", owner["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));

        await _server.Http.MergePatchAsync($"{Pods}/held", """{"metadata":{"finalizers":null}}""");

        await WaitGoneAsync($"{Pods}/held");
        await WaitGoneAsync($"{DaemonSets}/monitoring-daemon");
    }
}
