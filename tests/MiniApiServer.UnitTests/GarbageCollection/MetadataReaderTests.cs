using System.Text;
using k8s;
using k8s.Models;
using MiniApiServer.Controllers.GarbageCollection;

namespace MiniApiServer.UnitTests.GarbageCollection;

/// <summary>The collector's view of stored metadata: uid, ownerReferences, deletionTimestamp and finalizers, and nothing else.</summary>
public sealed class MetadataReaderTests
{
    [Fact]
    public void ReadsTheCollectorsFields_WhereverMetadataSits_AndIgnoresNestedMetadata()
    {
        const string json = """
            {"spec":{"template":{"metadata":{"uid":"decoy","finalizers":["decoy"]}}},"kind":"DaemonSet",
             "metadata":{"name":"ds","labels":{"a":"b"},"uid":"u-1","finalizers":["foregroundDeletion"],
                         "deletionTimestamp":"2026-12-03T23:41:54Z",
                         "ownerReferences":[{"apiVersion":"v1","kind":"Node","name":"n","uid":"o-1","controller":true,"blockOwnerDeletion":true}]},
             "status":{"metadata":{"uid":"decoy"}}}
            """;

        var meta = MetadataReader.Read(Encoding.UTF8.GetBytes(json));

        Assert.Equal("u-1", meta.Uid);
        Assert.Equal(["foregroundDeletion"], meta.Finalizers);
        Assert.Equal(new DateTime(2026, 12, 3, 23, 41, 54, DateTimeKind.Utc), meta.DeletionTimestamp?.ToUniversalTime());
        var owner = Assert.Single(meta.OwnerReferences);
        Assert.Equal(("v1", "Node", "n", "o-1", true, true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
    }

    [Theory]
    [InlineData("""{"kind":"Pod"}""")]
    [InlineData("""{"metadata":null,"spec":{}}""")]
    [InlineData("""{"metadata":{"name":"x","uid":null,"finalizers":null,"ownerReferences":null,"deletionTimestamp":null}}""")]
    [InlineData("""[]""")]
    public void AbsentOrNullMetadata_ReadsAsEmpty(string json)
    {
        var meta = MetadataReader.Read(Encoding.UTF8.GetBytes(json));

        Assert.Null(meta.Uid);
        Assert.Null(meta.OwnerReferences);
        Assert.Null(meta.DeletionTimestamp);
        Assert.Null(meta.Finalizers);
    }

    [Fact]
    public void AgreesWithTheClientLibrarysFullDecode_OnStoredPods()
    {
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var pod = new V1Pod
            {
                ApiVersion = "v1",
                Kind = "Pod",
                Metadata = new V1ObjectMeta
                {
                    Name = "p" + i,
                    Uid = random.Next(4) == 0 ? null : Guid.NewGuid().ToString(),
                    Labels = new Dictionary<string, string> { ["app"] = "x" },
                    Finalizers = random.Next(2) == 0 ? null : ["f" + random.Next(3), "orphan"],
                    DeletionTimestamp = random.Next(2) == 0 ? null : new DateTime(2026, 1, 1, 0, 0, random.Next(60), DateTimeKind.Utc),
                    OwnerReferences = random.Next(2) == 0 ? null :
                        [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "DaemonSet", Name = "ds", Uid = "o" + random.Next(9), BlockOwnerDeletion = random.Next(2) == 0, Controller = true }],
                },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "x" }], NodeName = "n" },
            };
            var json = KubernetesJson.Serialize(pod);
            var expected = KubernetesJson.Deserialize<V1Pod>(json).Metadata;

            var meta = MetadataReader.Read(Encoding.UTF8.GetBytes(json));

            Assert.Equal(expected.Uid, meta.Uid);
            Assert.Equal(expected.Finalizers, meta.Finalizers);
            Assert.Equal(expected.DeletionTimestamp?.ToUniversalTime(), meta.DeletionTimestamp?.ToUniversalTime());
            Assert.Equal(
                expected.OwnerReferences?.Select(o => (o.ApiVersion, o.Kind, o.Name, o.Uid, o.BlockOwnerDeletion, o.Controller)),
                meta.OwnerReferences?.Select(o => (o.ApiVersion, o.Kind, o.Name, o.Uid, o.BlockOwnerDeletion, o.Controller)));
            Assert.Null(meta.Labels);
        }
    }
}
