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
