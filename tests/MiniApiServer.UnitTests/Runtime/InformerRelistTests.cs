using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Resources;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.Storage;

namespace MiniApiServer.UnitTests.Runtime;

/// <summary>
/// An informer stopped (its replica leads nothing) and started again relists against what it kept: handlers see the
/// changes made meanwhile as updates and deletes, never a second add, nothing for an object that did not change, and
/// the start waits for that list rather than the one before the stop.
/// </summary>
public sealed class InformerRelistTests : IDisposable
{
    private static readonly ResourceRegistry Registry = new();
    private readonly ObjectStore _store = new(new ScratchSqliteBackend(), new ResourceIndexer(), new StorageOptions(), TimeProvider.System);
    private readonly Informer<V1Pod> _informer;
    private readonly Recorder _events = new();

    public InformerRelistTests()
    {
        _informer = new Informer<V1Pod>(_store, Registry.Pods, new TestLogger());
        _informer.AddHandler(_events);
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task ARestartedInformer_DeliversOnlyWhatChangedWhileItWasStopped()
    {
        using (var first = new CancellationTokenSource())
        {
            var run = Task.Run(() => _informer.RunAsync(first.Token));
            foreach (var name in new[] { "kept", "changed", "deleted", "recreated" })
            {
                await WriteAsync(WriteKind.Create, name, "uid-" + name, null);
            }
            await Poll.UntilAsync(() => _events.Log.Count == 4, "the four adds");
            await first.CancelAsync();
            await run;
        }
        _informer.ReleaseModels();
        _events.Log.Clear();

        var changed = _store.Cache.Get(Registry.Pods.StorageKey, "default", "changed")!;
        await WriteAsync(WriteKind.Update, "changed", "uid-changed", changed.ResourceVersion, "v2");
        await _store.WriteAsync(new WriteCommand(WriteKind.Delete, Registry.Pods.StorageKey, "default", "deleted", null, null));
        await _store.WriteAsync(new WriteCommand(WriteKind.Delete, Registry.Pods.StorageKey, "default", "recreated", null, null));
        await WriteAsync(WriteKind.Create, "recreated", "uid-recreated-2", null);
        await WriteAsync(WriteKind.Create, "new", "uid-new", null);

        _informer.ExpectRelist();
        Assert.False(_informer.WaitForSyncAsync(CancellationToken.None).IsCompleted, "synced before the second list");
        using var second = new CancellationTokenSource();
        var again = Task.Run(() => _informer.RunAsync(second.Token));
        await _informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(
            ["add new uid-new", "delete deleted uid-deleted", "update changed uid-changed v1->v2", "update recreated uid-recreated->uid-recreated-2"],
            _events.Log.Order(StringComparer.Ordinal));
        Assert.Equal("v1", _informer.Get("default", "kept")!.Metadata.Labels["version"]);
        Assert.Null(_informer.Get("default", "deleted"));
        await second.CancelAsync();
        await again;
    }

    [Fact]
    public async Task ASecondRunWhileOneIsGoing_IsRefused_AndARunAfterTheStopIsNot()
    {
        using var first = new CancellationTokenSource();
        var run = Task.Run(() => _informer.RunAsync(first.Token));
        await _informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        await Assert.ThrowsAsync<InvalidOperationException>(() => _informer.RunAsync(CancellationToken.None));

        await first.CancelAsync();
        await run;
        using var second = new CancellationTokenSource();
        var again = Task.Run(() => _informer.RunAsync(second.Token));
        await second.CancelAsync();
        await again;
    }

    private async Task WriteAsync(WriteKind kind, string name, string uid, long? expected, string version = "v1")
    {
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default", ["uid"] = uid, ["labels"] = new JsonObject { ["version"] = version } },
        };
        var result = await _store.WriteAsync(new WriteCommand(kind, Registry.Pods.StorageKey, "default", name, pod, expected));
        Assert.True(result.Succeeded, result.Outcome.ToString());
    }

    private sealed class Recorder : IInformerHandler<V1Pod>
    {
        public ConcurrentQueue<string> Log { get; } = new();

        public void OnAdd(V1Pod obj) => Log.Enqueue($"add {obj.Metadata.Name} {obj.Metadata.Uid}");

        public void OnUpdate(V1Pod oldObj, V1Pod newObj) => Log.Enqueue(oldObj.Metadata.Uid == newObj.Metadata.Uid
            ? $"update {newObj.Metadata.Name} {newObj.Metadata.Uid} {oldObj.Metadata.Labels["version"]}->{newObj.Metadata.Labels["version"]}"
            : $"update {newObj.Metadata.Name} {oldObj.Metadata.Uid}->{newObj.Metadata.Uid}");

        public void OnDelete(V1Pod obj) => Log.Enqueue($"delete {obj.Metadata.Name} {obj.Metadata.Uid}");
    }
}
