using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Resources;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.Storage;

namespace MiniApiServer.UnitTests.Runtime;

/// <summary>One faulty handler or indexer must not stall delivery to every other controller.</summary>
public sealed class InformerFaultTests : IDisposable
{
    private static readonly ResourceRegistry Registry = new();
    private readonly ObjectStore _store = new(new ScratchSqliteBackend(), new ResourceIndexer(), new StorageOptions(), TimeProvider.System);
    private readonly CancellationTokenSource _stop = new();
    private readonly TestLogger _logger = new();

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _store.Dispose();
    }

    [Fact]
    public async Task HandlerThatThrowsOnFirstEvent_DoesNotStopDeliveryToOtherHandlers()
    {
        var informer = NewInformer();
        var thrown = 0;
        informer.AddHandler(new Recorder(_ => Interlocked.Exchange(ref thrown, 1) == 0 ? throw new InvalidOperationException("boom") : null));
        var second = new Recorder(null);
        informer.AddHandler(second);
        _ = Task.Run(() => informer.RunAsync(_stop.Token));

        await CreatePodAsync("a");
        await CreatePodAsync("b");

        await Poll.UntilAsync(() => second.Added.Contains("a") && second.Added.Contains("b"), "both pods delivered to the second handler");
        var error = Assert.Single(_logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("default/a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InformerWhoseRunLoopDies_IsRestartedAndRelists()
    {
        var informer = NewInformer();
        var thrown = 0;
        informer.AddIndex("fragile", p => p.Metadata.Name == "a" && Interlocked.Exchange(ref thrown, 1) == 0 ? throw new InvalidOperationException("boom") : []);
        var handler = new Recorder(null);
        informer.AddHandler(handler);
        _ = Task.Run(() => informer.RunAsync(_stop.Token));

        await CreatePodAsync("a");
        await CreatePodAsync("b");

        await Poll.UntilAsync(() => informer.Get("default", "a") is not null && handler.Added.Contains("b"), "both pods in the cache after a restart");
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("pods", StringComparison.Ordinal));
    }

    private Informer<V1Pod> NewInformer() => new(_store, Registry.Pods, _logger);

    private Task CreatePodAsync(string name)
    {
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default", ["uid"] = "uid-" + name },
        };
        return _store.WriteAsync(new WriteCommand(WriteKind.Create, Registry.Pods.StorageKey, "default", name, pod));
    }

    private sealed class Recorder(Func<V1Pod, object?>? onAdd) : IInformerHandler<V1Pod>
    {
        public ConcurrentBag<string> Added { get; } = [];

        public void OnAdd(V1Pod obj)
        {
            onAdd?.Invoke(obj);
            Added.Add(obj.Metadata.Name);
        }

        public void OnUpdate(V1Pod oldObj, V1Pod newObj)
        {
        }

        public void OnDelete(V1Pod obj)
        {
        }
    }
}
