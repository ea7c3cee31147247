using System.Text;
using k8s.Models;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.GarbageCollection;
using MiniApiServer.Storage;

namespace MiniApiServer.UnitTests.GarbageCollection;

/// <summary>
/// What the garbage collector's graph observes of a stored version is the same whether it reads the version's shared
/// model (a typed write's) or parses the bytes, and the shared model's uid string is the one kept.
/// </summary>
public sealed class ObservedObjectTests
{
    private static readonly ResourceRegistry Registry = new();

    private static StoredObject Stored(string json) => new()
    {
        Resource = "pods",
        Namespace = "default",
        Name = "p",
        ResourceVersion = 7,
        Json = Encoding.UTF8.GetBytes(json),
        Index = new ResourceIndexer().Index("pods", Encoding.UTF8.GetBytes(json)),
    };

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default","uid":"u-1","resourceVersion":"7"}}""")]
    [InlineData("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default","uid":"u-2","resourceVersion":"7",
         "deletionTimestamp":"2026-12-04T10:00:00Z","finalizers":["foregroundDeletion","example.com/x"],
         "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","uid":"o-1","blockOwnerDeletion":true},
                            {"apiVersion":"v1","kind":"Node","name":"n","uid":"o-2"}]}}
        """)]
    public void SharedModelAndBytes_GiveTheSameObservation(string json)
    {
        var fromBytes = ObservedObject.From(Stored(json), Registry)!;
        var shared = Stored(json);
        var model = ModelCodec.Decode<V1Pod>(shared.Json);
        shared.ShareModel(model);

        var fromModel = ObservedObject.From(shared, Registry)!;

        Assert.Equal(fromBytes.Identity, fromModel.Identity);
        Assert.Equal(fromBytes.Owners, fromModel.Owners);
        Assert.Equal(fromBytes.BeingDeleted, fromModel.BeingDeleted);
        Assert.Equal(fromBytes.Finalizers, fromModel.Finalizers);
        Assert.Equal((fromBytes.Orphaning, fromBytes.DeletingDependents), (fromModel.Orphaning, fromModel.DeletingDependents));
        Assert.Same(model.Metadata.Uid, fromModel.Identity.Uid);
    }
}
