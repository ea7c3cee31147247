using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.Storage;

namespace MiniApiServer.UnitTests.Runtime;

/// <summary>
/// An informer keeps a new object's model when its controllers will read it, or once something reads it or the object
/// changes; until then the store's bytes stand for it, and every read still sees the object as written.
/// </summary>
public sealed class InformerRetentionTests : IDisposable
{
    private static readonly ResourceRegistry Registry = new();
    private readonly ObjectStore _store = new(new ScratchSqliteBackend(), new ResourceIndexer(), new StorageOptions(), TimeProvider.System);
    private readonly CancellationTokenSource _stop = new();
    private readonly Informer<V1Pod> _informer;
    private readonly Recorder _handler = new();

    public InformerRetentionTests()
    {
        _informer = new Informer<V1Pod>(_store, Registry.Pods, new TestLogger());
        _informer.AddIndex("tier", p => p.Metadata.Labels is { } l && l.TryGetValue("tier", out var t) ? [t] : []);
        _informer.AddHandler(_handler);
        _informer.ReadByControllers = p => p.Metadata.Labels is { } labels && labels.TryGetValue("tier", out var tier) && tier == "kept";
        _ = Task.Run(() => _informer.RunAsync(_stop.Token));
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _store.Dispose();
    }

    [Fact]
    public async Task NewObjectNobodyRead_LetsItsModelGo_AndAFirstReadDecodesTheStoredVersion()
    {
        var v1 = await WriteAsync(WriteKind.Create, "a", "web", null);
        await Poll.UntilAsync(() => _handler.Added.Contains("a") && v1.SharedModel is null, "the handler saw it and the version holds no model");

        var read = _informer.Get("default", "a");

        Assert.NotNull(read);
        Assert.Equal("a", read.Metadata.Name);
        Assert.Equal("web", read.Metadata.Labels["tier"]);
        Assert.Equal(v1.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), read.Metadata.ResourceVersion);
        Assert.Same(read, _informer.Get("default", "a"));
        Assert.Same(read, v1.SharedModel);
        Assert.NotSame(_handler.Delivered["a"], read);
    }

    [Fact]
    public async Task NewObjectItsControllersWillRead_KeepsTheDeliveredModel()
    {
        var kept = await WriteAsync(WriteKind.Create, "a", "kept", null);
        var other = await WriteAsync(WriteKind.Create, "b", "web", null);
        // The feed delivers in order: once b's model is let go, a's event is behind it.
        await Poll.UntilAsync(() => _handler.Added.Contains("b") && other.SharedModel is null, "b delivered and let go");

        Assert.NotNull(kept.SharedModel);
        Assert.Same(_handler.Delivered["a"], _informer.Get("default", "a"));
        Assert.Same(kept.SharedModel, _informer.Get("default", "a"));
    }

    [Fact]
    public async Task ObjectsNobodyRead_AreListedAndIndexed_AsWritten()
    {
        await WriteAsync(WriteKind.Create, "a", "web", null);
        await WriteAsync(WriteKind.Create, "b", "db", null);
        await Poll.UntilAsync(() => _handler.Added.Count == 2, "both delivered");

        Assert.Equal(["db", "web"], _informer.Snapshot().Select(p => p.Metadata.Labels["tier"]).Order());
        Assert.Equal(["a"], _informer.ByIndex("tier", "web").Select(p => p.Metadata.Name));
        Assert.Equal(["a", "b"], _informer.List().Select(p => p.Metadata.Name).Order());
        Assert.Same(_informer.Get("default", "b"), _informer.Snapshot().Single(p => p.Metadata.Name == "b"));
    }

    [Fact]
    public async Task ChangeOfAnObjectNobodyRead_GivesHandlersTheOldVersion_AndKeepsTheNewModel()
    {
        var v1 = await WriteAsync(WriteKind.Create, "a", "web", null);
        await Poll.UntilAsync(() => _handler.Added.Contains("a") && v1.SharedModel is null, "first version delivered and let go");

        var v2 = await WriteAsync(WriteKind.Update, "a", "db", v1.ResourceVersion);
        await Poll.UntilAsync(() => _handler.Updated.ContainsKey("a"), "the change delivered");

        var (oldTier, newTier) = _handler.Updated["a"];
        Assert.Equal("web", oldTier);
        Assert.Equal("db", newTier);
        Assert.NotNull(v2.SharedModel);
        Assert.Same(v2.SharedModel, _informer.Get("default", "a"));
        Assert.Empty(_informer.ByIndex("tier", "web"));
        Assert.Equal(["a"], _informer.ByIndex("tier", "db").Select(p => p.Metadata.Name));
    }

    [Fact]
    public async Task DeleteOfAnObjectNobodyRead_IsDeliveredAndUnindexed()
    {
        var v1 = await WriteAsync(WriteKind.Create, "a", "web", null);
        await Poll.UntilAsync(() => _handler.Added.Contains("a") && v1.SharedModel is null, "delivered and let go");

        await _store.WriteAsync(new WriteCommand(WriteKind.Delete, Registry.Pods.StorageKey, "default", "a", null, v1.ResourceVersion));
        await Poll.UntilAsync(() => _handler.Deleted.Contains("a"), "the delete delivered");

        Assert.Null(_informer.Get("default", "a"));
        Assert.Empty(_informer.ByIndex("tier", "web"));
        Assert.Empty(_informer.List());
    }

    // As a typed write does: the writer shares the model it encoded with the committed version.
    private async Task<StoredObject> WriteAsync(WriteKind kind, string name, string tier, long? expected)
    {
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default", ["uid"] = "uid-" + name, ["labels"] = new JsonObject { ["tier"] = tier } },
        };
        var command = new WriteCommand(kind, Registry.Pods.StorageKey, "default", name, pod, expected)
        {
            Committed = v => v.ShareModel(ModelCodec.Decode<V1Pod>(pod)),
        };
        var result = await _store.WriteAsync(command);
        Assert.True(result.Succeeded, result.Outcome.ToString());
        return result.Object!;
    }

    private sealed class Recorder : IInformerHandler<V1Pod>
    {
        public ConcurrentBag<string> Added { get; } = [];

        public ConcurrentDictionary<string, (string Old, string New)> Updated { get; } = new();

        public ConcurrentBag<string> Deleted { get; } = [];

        public ConcurrentDictionary<string, V1Pod> Delivered { get; } = new();

        public void OnAdd(V1Pod obj)
        {
            Delivered[obj.Metadata.Name] = obj;
            Added.Add(obj.Metadata.Name);
        }

        public void OnUpdate(V1Pod oldObj, V1Pod newObj) =>
            Updated[newObj.Metadata.Name] = (oldObj.Metadata.Labels["tier"], newObj.Metadata.Labels["tier"]);

        public void OnDelete(V1Pod obj) => Deleted.Add(obj.Metadata.Name);
    }
}
