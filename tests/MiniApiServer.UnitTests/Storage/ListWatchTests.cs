using System.Text.Json.Nodes;
using MiniApiServer.Application.Resources;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Sqlite;
using MiniApiServer.Storage.Watching;

namespace MiniApiServer.UnitTests.Storage;

public sealed class ListWatchTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly TempDatabase _db = new();

    /// <summary>
    /// The tailer applies a batch to the cache before the feed publishes it, so a LIST may return revision 2
    /// while the feed is still at 1. A watch from 2 must get only what comes after 2 (found by the watch
    /// consistency property test's review; reproduced here by publishing by hand).
    /// </summary>
    [Fact]
    public void WatchFromARevisionTheFeedHasNotReached_DoesNotReceiveItAgain()
    {
        var feed = new ChangeFeed(new StorageOptions(), TimeProvider.System);
        feed.Publish([Change(1)]);
        using var sub = feed.Subscribe("configmaps", fromRevision: 2, capacity: 10);
        feed.Publish([Change(2), Change(3)]);

        var received = new List<long>();
        while (sub.Reader.TryRead(out var c))
        {
            received.Add(c.Revision);
        }
        Assert.Equal([3L], received);
    }

    /// <summary>
    /// The list of an empty log is at revision 0. A change published between that list and the subscription
    /// must still arrive; "after 0" is everything, not "only what comes next" (an informer on a fresh store
    /// lost the first pod this way under CI load).
    /// </summary>
    [Fact]
    public void WatchFromTheEmptyLogsRevision_ReceivesAChangePublishedBeforeItSubscribed()
    {
        var feed = new ChangeFeed(new StorageOptions(), TimeProvider.System);
        feed.Publish([Change(1)]);
        using var sub = feed.Subscribe("configmaps", fromRevision: 0, capacity: 10);
        feed.Publish([Change(2)]);

        var received = new List<long>();
        while (sub.Reader.TryRead(out var c))
        {
            received.Add(c.Revision);
        }
        Assert.Equal([1L, 2L], received);
    }

    /// <summary>cacher.go: leaving the selector is DELETED with the state it had while it matched, at the new revision.</summary>
    [Fact]
    public async Task ObjectLeavingTheSelector_IsDeletedWithItsLastMatchingState_AtTheNewRevision()
    {
        using var store = new ObjectStore(new SqliteBackend(_db.File), new ResourceIndexer(), new StorageOptions(), TimeProvider.System);
        var created = await store.WriteAsync(new WriteCommand(WriteKind.Create, Writes.ConfigMaps, "default", "x", Labelled("x", "a"))).WaitAsync(Deadline);
        using var watch = ListWatch.Start(store, new WatchSpec(Writes.ConfigMaps, "default",
            o => o.Index.Labels.TryGetValue("set", out var v) && v == "a", FromRevision: created.Object!.ResourceVersion));

        var moved = await store.WriteAsync(new WriteCommand(WriteKind.Update, Writes.ConfigMaps, "default", "x", Labelled("x", "b"),
            created.Object.ResourceVersion)).WaitAsync(Deadline);

        Assert.True(watch.TryRead(out var e));
        Assert.Equal(WatchEventType.Deleted, e.Type);
        var body = JsonNode.Parse(e.Object.Json)!;
        Assert.Equal("a", (string?)body["metadata"]!["labels"]!["set"]);
        Assert.Equal(moved.Object!.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)body["metadata"]!["resourceVersion"]);
        Assert.Equal(moved.Object.ResourceVersion, e.Revision);
    }

    public void Dispose() => _db.Dispose();

    private static JsonObject Labelled(string name, string set)
    {
        var cm = Writes.ConfigMap(name);
        cm["metadata"]!["labels"] = new JsonObject { ["set"] = set };
        return cm;
    }

    private static ObjectChange Change(long revision)
    {
        var obj = new StoredObject
        {
            Resource = "configmaps",
            Namespace = "default",
            Name = "c" + revision,
            ResourceVersion = revision,
            Json = "{}"u8.ToArray(),
            Index = ObjectIndex.Empty,
        };
        return new ObjectChange(revision, ChangeType.Added, obj, null, DateTimeOffset.UnixEpoch);
    }
}
