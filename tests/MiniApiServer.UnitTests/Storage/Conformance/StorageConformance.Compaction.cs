using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MiniApiServer.Application.Resources;
using MiniApiServer.Storage;

namespace MiniApiServer.UnitTests.Storage.Conformance;

/// <summary>
/// The log holds each version's bytes once; the objects table points at the current one. Compaction therefore
/// deletes what later rows superseded and the deletions, as kine does, and keeps every live object's current
/// version however old it is. A database from the schema before that change is migrated without loss.
/// </summary>
public abstract partial class StorageConformance
{
    /// <summary>A DbContext on this test's database, for driving its migrations directly.</summary>
    protected abstract DbContext OpenSchema();

    /// <summary>The last migration before objects lost their own copy of the bytes.</summary>
    protected abstract string MigrationBeforeLogHoldsObjects { get; }

    [Fact]
    public void Compaction_DeletesSupersededVersionsAndDeletions_AndKeepsEveryLiveObjectsCurrentVersion()
    {
        using (var backend = Open())
        {
            Commit(backend, Writes.Create("a", "a1"), Writes.Create("b", "b1"), Writes.Create("c", "c1")); // 1, 2, 3
            Commit(backend, Unconditional(WriteKind.Update, "a", "a2"));                                   // 4 supersedes 1
            Commit(backend, Writes.Update("b", 2, "b2"));                                                  // 5 supersedes 2
            Commit(backend, Unconditional(WriteKind.Delete, "c", null));                                   // 6 supersedes 3
            Commit(backend, Writes.Create("d", "d1"));                                                     // 7
            Commit(backend, Writes.Update("a", 4, "a3"));                                                  // 8 supersedes 4

            Assert.Equal(new CompactionOutcome(7, 4), backend.Compact(7, 1000));
            // 1, 2 and 3 were superseded by rows at or below the mark, 6 is a deletion; 4 goes when 8 is compacted.
            Assert.Equal([4L, 5L, 7L, 8L], backend.ReadLog(0, 100).Select(r => r.Revision));
        }
        using (var reopened = Open())
        {
            var snapshot = reopened.Load(new ResourceIndexer());
            Assert.Equal(7, snapshot.CompactedThrough);
            Assert.Equal([("a", 8L, "a3"), ("b", 5L, "b2"), ("d", 7L, "d1")],
                snapshot.Objects.OrderBy(o => o.Name).Select(o => (o.Name, o.ResourceVersion, Data(o.Json))));
            Assert.Equal([8L], snapshot.RecentChanges.Select(c => c.Revision));

            // b's only copy is a row below the mark: deleting it still returns its last state.
            var deleted = reopened.Commit([Unconditional(WriteKind.Delete, "b", null)], RevisionStamper.Instance, DateTimeOffset.UnixEpoch);
            Assert.Equal((WriteOutcome.Ok, 9L), (deleted[0].Outcome, deleted[0].Revision));
            Assert.Equal("b2", Data(reopened.ReadLog(8, 1)[0].Json));

            Assert.Equal(new CompactionOutcome(2, 3), reopened.Compact(9, 1000));
            Assert.Equal([7L, 8L], reopened.ReadLog(0, 100).Select(r => r.Revision));
        }
    }

    [Fact]
    public void DatabaseFromTheSchemaWithObjectCopies_Migrates_WithoutLosingAnObjectOrKeepingASupersededRow()
    {
        using (var db = OpenSchema())
        {
            db.GetService<IMigrator>().Migrate(MigrationBeforeLogHoldsObjects);
            // The old shape after an old compaction through 3: "kept" was last written at 2, so its log row is gone
            // and only the objects table had its bytes; "moved" was created at 3 (compacted) and updated
            // unconditionally at 4, which logged prev_revision 0; "gone" was created at 5 and deleted at 6.
            db.Database.ExecuteSqlRaw(
                "INSERT INTO objects (resource, namespace, name, revision, json) VALUES ('configmaps', 'default', 'kept', 2, {0}), ('configmaps', 'default', 'moved', 4, {1})",
                Bytes("kept", "k2", 2), Bytes("moved", "m4", 4));
            db.Database.ExecuteSqlRaw(
                "INSERT INTO changes (id, resource, namespace, name, type, prev_revision, committed_at_ms, json) VALUES " +
                "(4, 'configmaps', 'default', 'moved', 2, 0, 0, {0}), (5, 'configmaps', 'default', 'gone', 1, 0, 0, {1}), (6, 'configmaps', 'default', 'gone', 3, 0, 0, {2})",
                Bytes("moved", "m4", 4), Bytes("gone", "g5", 5), Bytes("gone", "g5", 6));
            db.Database.ExecuteSqlRaw("UPDATE cluster_meta SET value = CASE WHEN key = 'revision' THEN 6 ELSE 3 END");
        }
        using var backend = Open();
        var snapshot = backend.Load(new ResourceIndexer());
        Assert.Equal([("kept", 2L, "k2"), ("moved", 4L, "m4")],
            snapshot.Objects.OrderBy(o => o.Name).Select(o => (o.Name, o.ResourceVersion, Data(o.Json))));
        Assert.Equal([4L, 5L, 6L], snapshot.RecentChanges.Select(c => c.Revision));

        // Compaction now removes "gone" entirely and keeps both live objects' rows; "moved" at 4 is current.
        Assert.Equal(new CompactionOutcome(3, 2), backend.Compact(6, 1000));
        Assert.Equal([2L, 4L], backend.ReadLog(0, 100).Select(r => r.Revision));
        var updated = backend.Commit([Unconditional(WriteKind.Update, "moved", "m7")], RevisionStamper.Instance, DateTimeOffset.UnixEpoch);
        Assert.Equal(7, updated[0].Revision);
        Assert.Equal(new CompactionOutcome(1, 1), backend.Compact(7, 1000));
        Assert.Equal([2L, 7L], backend.ReadLog(0, 100).Select(r => r.Revision));
    }

    /// <summary>The load indexes rows in chunks on the thread pool while it reads: order and pairing must hold across chunks.</summary>
    [Fact]
    public void LoadOfMoreRowsThanAChunk_KeepsEveryObjectAndTheLogInRevisionOrder()
    {
        const int count = 2500;
        using (var backend = Open())
        {
            Commit(backend, Enumerable.Range(0, count).Select(i => Writes.Create($"o{i:D4}", $"v{i}")).ToArray());
            // Every third object gets a second version; revisions count + 1, count + 2, ... in name order.
            Commit(backend, Enumerable.Range(0, count).Where(i => i % 3 == 0).Select(i => Writes.Update($"o{i:D4}", i + 1, $"w{i}")).ToArray());
        }
        using var reopened = Open();
        var snapshot = reopened.Load(new ResourceIndexer());

        var updated = Enumerable.Range(0, count).Where(i => i % 3 == 0).ToList();
        var expected = Enumerable.Range(0, count).Select(i => (
            $"o{i:D4}",
            i % 3 == 0 ? count + 1L + updated.IndexOf(i) : i + 1L,
            (string?)(i % 3 == 0 ? $"w{i}" : $"v{i}")));
        Assert.Equal(expected, snapshot.Objects.OrderBy(o => o.Name, StringComparer.Ordinal).Select(o => (o.Name, o.ResourceVersion, Data(o.Json))));
        Assert.Equal(Enumerable.Range(1, count + updated.Count).Select(r => (long)r), snapshot.RecentChanges.Select(c => c.Revision));
        // Each update's previous state is the object's create, and its object is the current one the snapshot holds.
        var byName = snapshot.Objects.ToDictionary(o => o.Name);
        Assert.All(snapshot.RecentChanges.Skip(count), c =>
        {
            Assert.Equal(c.Object.ResourceVersion - count - 1, updated.IndexOf(int.Parse(c.Object.Name[1..], System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(int.Parse(c.Object.Name[1..], System.Globalization.CultureInfo.InvariantCulture) + 1L, c.Previous!.ResourceVersion);
            Assert.Same(byName[c.Object.Name], c.Object);
        });
    }

    private static void Commit(IStorageBackend backend, params WriteCommand[] writes) =>
        Assert.All(backend.Commit(writes, RevisionStamper.Instance, DateTimeOffset.UnixEpoch), o => Assert.Equal(WriteOutcome.Ok, o.Outcome));

    private static WriteCommand Unconditional(WriteKind kind, string name, string? value) =>
        new(kind, Writes.ConfigMaps, "default", name, value is null ? null : Writes.ConfigMap(name, value));

    private static string? Data(byte[] json) => (string?)JsonNode.Parse(json)!["data"]!["k"];

    private static byte[] Bytes(string name, string value, long revision)
    {
        var obj = Writes.ConfigMap(name, value);
        obj["metadata"]!["resourceVersion"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return System.Text.Encoding.UTF8.GetBytes(obj.ToJsonString());
    }
}
