using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;
using MiniApiServer.Application.Patching;

namespace MiniApiServer.UnitTests.Patching;

public class PatchMetaTests
{
    [Fact]
    public void TaggedFields_EveryEntry_NamesAPropertyOfItsModelType()
    {
        var missing = PatchMeta.TaggedFields
            .Where(f => !f.Owner.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Any(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name == f.Field))
            .Select(f => $"{f.Owner.Name}.{f.Field}")
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void TaggedFields_MergeListsOfObjects_DeclareAMergeKey()
    {
        var withoutKey = PatchMeta.TaggedFields
            .Where(f => PatchMeta.For(f.Owner, f.Field) is { Merges: true, MergeKey: null })
            .Select(f => $"{f.Owner.Name}.{f.Field}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(["V1NodeSpec.podCIDRs", "V1ObjectMeta.finalizers"], withoutKey);
    }

    [Theory]
    [InlineData(typeof(V1PodSpec), "containers", "merge", "name")]
    [InlineData(typeof(V1PodSpec), "volumes", "merge,retainKeys", "name")]
    [InlineData(typeof(V1Container), "ports", "merge", "containerPort")]
    [InlineData(typeof(V1ObjectMeta), "ownerReferences", "merge", "uid")]
    [InlineData(typeof(V1NodeStatus), "addresses", "merge", "type")]
    public void For_TaggedField_ReturnsUpstreamTag(Type owner, string field, string strategy, string mergeKey)
    {
        Assert.Equal(new PatchMeta(strategy, mergeKey), PatchMeta.For(owner, field));
    }

    [Theory]
    [InlineData(typeof(V1NodeSpec), "taints")]
    [InlineData(typeof(V1PodSpec), "tolerations")]
    [InlineData(typeof(V1Container), "envFrom")]
    [InlineData(typeof(V1DaemonSetSpec), "updateStrategy")]
    public void For_AtomicField_ReturnsNull(Type owner, string field)
    {
        Assert.Null(PatchMeta.For(owner, field));
    }
}
