using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MiniApiServer.Application.Resources;
using MiniApiServer.Controllers.DaemonSets;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.Storage;
using MiniApiServer.UnitTests.Runtime;

namespace MiniApiServer.UnitTests.DaemonSets;

/// <summary>daemon_controller.go addPod/updatePod/deletePod: which pod events observe the owner's expectations.</summary>
public sealed class DaemonSetExpectationEventsTests : IDisposable
{
    private const string Key = "default/ds";
    private static readonly ResourceRegistry Registry = new();
    private readonly ObjectStore _store = new(new ScratchSqliteBackend(), new ResourceIndexer(), new StorageOptions(), TimeProvider.System);
    private readonly CancellationTokenSource _stop = new();
    private readonly SharedInformers _informers;
    private readonly ControllerExpectations _expectations = new(new FakeTimeProvider(), "test");
    private readonly DaemonSetEventHandlers _handlers;
    private readonly WorkQueue<string> _queue = new(new FakeTimeProvider());

    public DaemonSetExpectationEventsTests()
    {
        _informers = new SharedInformers(_store, Registry, NullLogger<SharedInformers>.Instance);
        _handlers = new DaemonSetEventHandlers(_informers, _queue, _expectations);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _queue.Dispose();
        _store.Dispose();
    }

    [Fact]
    public async Task OwnedPodAdd_ObservesACreation_AndDeleteObservesADeletion()
    {
        await StartWithDaemonSetAsync("ds-uid");
        _expectations.SetExpectations(Key, 1, 1);

        _handlers.OnAdd(Pod("p1", "ds-uid"));
        Assert.Equal((0L, 1L), _expectations.GetExpectations(Key));
        _handlers.OnDelete(Pod("p2", "ds-uid"));
        Assert.True(_expectations.SatisfiedExpectations(Key));
        Assert.Equal(1, _queue.Depth);
    }

    [Fact]
    public async Task PodUpdateThatSetsDeletionTimestamp_ObservesTheDeletionAtOnce()
    {
        await StartWithDaemonSetAsync("ds-uid");
        _expectations.ExpectDeletions(Key, 1);
        var terminating = Pod("p1", "ds-uid");
        terminating.Metadata.DeletionTimestamp = DateTime.UtcNow;

        _handlers.OnUpdate(Pod("p1", "ds-uid"), terminating);

        Assert.True(_expectations.SatisfiedExpectations(Key));
    }

    [Fact]
    public async Task PodOfAnEarlierDaemonSetWithTheSameName_ObservesNothing()
    {
        await StartWithDaemonSetAsync("ds-uid");
        _expectations.ExpectCreations(Key, 1);

        _handlers.OnAdd(Pod("p1", "old-uid"));

        Assert.False(_expectations.SatisfiedExpectations(Key));
    }

    [Fact]
    public async Task DaemonSetDelete_ForgetsItsExpectations()
    {
        await StartWithDaemonSetAsync("ds-uid");
        _expectations.ExpectCreations(Key, 3);

        _handlers.OnDelete(_informers.DaemonSets.Get("default", "ds")!);

        Assert.Null(_expectations.GetExpectations(Key));
    }

    private async Task StartWithDaemonSetAsync(string uid)
    {
        var ds = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "DaemonSet",
            ["metadata"] = new JsonObject { ["name"] = "ds", ["namespace"] = "default", ["uid"] = uid },
            ["spec"] = new JsonObject { ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "x" } } },
        };
        await _store.WriteAsync(new WriteCommand(WriteKind.Create, Registry.DaemonSets.StorageKey, "default", "ds", ds));
        _ = Task.Run(() => _informers.DaemonSets.RunAsync(_stop.Token));
        await _informers.DaemonSets.WaitForSyncAsync(_stop.Token);
    }

    private static V1Pod Pod(string name, string ownerUid) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Uid = "uid-" + name,
            Labels = new Dictionary<string, string> { ["app"] = "x" },
            OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "DaemonSet", Name = "ds", Uid = ownerUid, Controller = true }],
        },
    };
}
