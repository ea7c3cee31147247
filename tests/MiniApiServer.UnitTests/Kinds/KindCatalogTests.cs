using System.Text.Json.Nodes;
using MiniApiServer.Application.Kinds;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.UnitTests.Kinds;

/// <summary>The invariants every kind definition must keep; a new kind file is checked by these without a new test.</summary>
public sealed class KindCatalogTests
{
    public static TheoryData<string> StorageKeys => [.. KindCatalog.All.Select(k => k.Type.StorageKey)];

    [Fact]
    public void Catalog_GroupVersionResources_AreUnique() =>
        Assert.Equal(KindCatalog.All.Count, KindCatalog.All.Select(k => k.Type.StorageKey).Distinct().Count());

    [Theory]
    [MemberData(nameof(StorageKeys))]
    public void Kind_StrategyHandlesItsOwnType(string storageKey)
    {
        var kind = KindCatalog.All.Single(k => k.Type.StorageKey == storageKey);
        Assert.True(kind.CreateStrategy().Handles(kind.Type));
    }

    [Theory]
    [MemberData(nameof(StorageKeys))]
    public void Kind_SubresourceHandlers_AreAdvertisedSubresources(string storageKey)
    {
        var kind = KindCatalog.All.Single(k => k.Type.StorageKey == storageKey);
        foreach (var sub in new[] { "binding", "status", "finalize", "scale", "eviction" })
        {
            Assert.True(kind.Subresource(sub) is null || kind.Type.Subresources.Contains(sub), $"{storageKey}/{sub}");
        }
    }

    [Fact]
    public void Registry_KindOf_IsTheDeclaringKind()
    {
        var registry = new ResourceRegistry();
        Assert.IsType<PodKind>(registry.KindOf(registry.Pods));
        Assert.IsType<NamespaceKind>(registry.KindOf(registry.Namespaces));
    }

    [Fact]
    public void Indexer_SelectableFields_ComeFromTheKind()
    {
        var fields = ResourceIndexer.SelectableFields("pods");
        Assert.Contains("spec.nodeName", fields);
        Assert.Contains("metadata.name", fields);
        Assert.DoesNotContain("spec.unschedulable", fields);
    }

    [Fact]
    public void Indexer_EventSource_IsSourceComponent()
    {
        var index = new ResourceIndexer().Index("events", """{"metadata":{"name":"e"},"source":{"component":"kubelet"}}"""u8);
        Assert.Equal("kubelet", index.Fields["source"]);
    }

    [Fact]
    public void Indexer_AbsentBooleanField_IsFalse()
    {
        var index = new ResourceIndexer().Index("nodes", """{"metadata":{"name":"n"}}"""u8);
        Assert.Equal("false", index.Fields["spec.unschedulable"]);
    }

    [Theory]
    [InlineData("namespaces", "a.b", false)]
    [InlineData("configmaps", "a.b", true)]
    [InlineData("clusterroles.rbac.authorization.k8s.io", "system:controller:x", true)]
    [InlineData("clusterroles.rbac.authorization.k8s.io", "a/b", false)]
    public void Kind_NameRule(string storageKey, string name, bool valid) =>
        Assert.Equal(valid, KindCatalog.All.Single(k => k.Type.StorageKey == storageKey).NameError(name) is null);

    [Theory]
    [InlineData("""{"spec":{}}""", 0)]
    [InlineData("""{"spec":{"nodeName":"n"},"status":{"phase":"Succeeded"}}""", 0)]
    [InlineData("""{"spec":{"nodeName":"n"}}""", 30)]
    [InlineData("""{"spec":{"nodeName":"n","terminationGracePeriodSeconds":5}}""", 5)]
    public void PodGracefulDelete_FollowsCheckGracefulDelete(string pod, long expected) =>
        Assert.Equal(expected, new PodGracefulDelete().GracePeriodSeconds(JsonNode.Parse(pod)!.AsObject(), DeleteOptions.Default));

    [Fact]
    public void OnlyNamespacesAndCrdsReplaceTheGenericDelete() =>
        Assert.Equal(["namespaces", "customresourcedefinitions.apiextensions.k8s.io"], KindCatalog.All.Where(k => k.DeleteRule is not null).Select(k => k.Type.StorageKey));

    [Fact]
    public void EveryProtobufKind_HasAProtobufMessage() =>
        Assert.All(KindCatalog.All.Where(k => k.WireFormats.HasFlag(WireFormats.Protobuf)), k => Assert.NotNull(MiniApiServer.Application.Serialization.Protobuf.ProtoSchema.MessageFor(k.Type.GroupVersion, k.Type.Kind)));
}
