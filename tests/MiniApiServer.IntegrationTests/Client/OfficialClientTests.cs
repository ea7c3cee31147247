using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Client;

/// <summary>The official C# client against the server on a real loopback socket, as a user would run it.</summary>
public sealed class OfficialClientTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private static V1ConfigMap ConfigMap(string name, string value = "1") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = "client-test" } },
        Data = new Dictionary<string, string> { ["v"] = value },
    };

    [Fact]
    public async Task CreateGetListDelete_RoundTrip()
    {
        var client = Server.Client;
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("one"), "default");
        Assert.NotNull(created.Metadata.Uid);
        var got = await client.CoreV1.ReadNamespacedConfigMapAsync("one", "default");
        Assert.Equal(created.Metadata.ResourceVersion, got.Metadata.ResourceVersion);
        var list = await client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "app=client-test");
        Assert.Equal(["one"], list.Items.Select(i => i.Metadata.Name));
        await client.CoreV1.DeleteNamespacedConfigMapAsync("one", "default");
        var ex = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedConfigMapAsync("one", "default"));
        Assert.Equal(HttpStatusCode.NotFound, ex.Response.StatusCode);
    }

    [Fact]
    public async Task Replace_WithStaleResourceVersion_Conflicts()
    {
        var client = Server.Client;
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("two"), "default");
        created.Data["v"] = "2";
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "two", "default");
        created.Data["v"] = "3";
        var ex = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "two", "default"));
        Assert.Equal(HttpStatusCode.Conflict, ex.Response.StatusCode);
        Assert.Contains("the object has been modified", ex.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_FromListResourceVersion_DeliversAddModifyDeleteInOrder()
    {
        var client = Server.Client;
        var list = await client.CoreV1.ListNamespacedConfigMapAsync("default");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var reader = Collect(client.CoreV1.WatchListNamespacedConfigMapAsync("default",
            resourceVersion: list.Metadata.ResourceVersion, labelSelector: "app=client-test", cancellationToken: cts.Token), 3);
        var cm = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("three"), "default");
        cm.Data["v"] = "2";
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "three", "default");
        await client.CoreV1.DeleteNamespacedConfigMapAsync("three", "default");
        var events = await reader;
        Assert.Equal(
            [(WatchEventType.Added, "three", "1"), (WatchEventType.Modified, "three", "2"), (WatchEventType.Deleted, "three", "2")],
            events.Select(e => (e.Type, e.Object.Metadata.Name, e.Object.Data?["v"])).ToList());
    }

    [Fact]
    public async Task Watch_LabelChangeOutOfSelector_IsSentAsDeleted()
    {
        var client = Server.Client;
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("four"), "default");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var reader = Collect(client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: "0",
            labelSelector: "app=client-test", cancellationToken: cts.Token), 2);
        await Eventually.True(() => Task.FromResult(_received >= 1), what: "synthetic ADDED");
        var patch = new V1Patch("""{"metadata":{"labels":{"app":"other"}}}""", V1Patch.PatchType.MergePatch);
        await client.CoreV1.PatchNamespacedConfigMapAsync(patch, "four", "default");
        var events = await reader;
        Assert.Equal([WatchEventType.Added, WatchEventType.Deleted], events.Select(e => e.Type).ToList());
    }

    /// <summary>
    /// A server-side apply conflict names each field in a cause, as NewConflictError does
    /// (staging/src/k8s.io/apimachinery/pkg/util/managedfields/internal/conflict.go): the manager in the message, the
    /// path in the field, and details with nothing but the causes (errors.NewApplyConflict).
    /// </summary>
    [Fact]
    public async Task ServerSideApplyConflict_NamesEachFieldInACause()
    {
        var client = Server.Client;
        var applied = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"owned"},"data":{"a":"1","b":"1"}}""";
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(applied, V1Patch.PatchType.ApplyPatch), "owned", "default", fieldManager: "first");

        var ex = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(applied.Replace("\"1\"", "\"2\"", StringComparison.Ordinal), V1Patch.PatchType.ApplyPatch), "owned", "default", fieldManager: "second", force: false));

        Assert.Equal(HttpStatusCode.Conflict, ex.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(ex.Response.Content);
        Assert.Equal("Conflict", status.Reason);
        Assert.Equal("Apply failed with 2 conflicts: conflicts with \"first\":\n- .data.a\n- .data.b", status.Message);
        Assert.Null(status.Details.Name);
        Assert.Null(status.Details.Kind);
        Assert.Equal([("FieldManagerConflict", "conflict with \"first\"", ".data.a"), ("FieldManagerConflict", "conflict with \"first\"", ".data.b")],
            status.Details.Causes.Select(c => (c.Reason, c.Message, c.Field)).ToList());
    }

    private int _received;

    private async Task<List<(WatchEventType Type, V1ConfigMap Object)>> Collect(
        IAsyncEnumerable<(WatchEventType, V1ConfigMap)> stream, int count)
    {
        var events = new List<(WatchEventType, V1ConfigMap)>();
        await foreach (var (type, item) in stream)
        {
            events.Add((type, item));
            Interlocked.Increment(ref _received);
            if (events.Count == count)
            {
                break;
            }
        }
        return events;
    }
}
