using k8s.Models;
using MiniApiServer.Application.Admission;

namespace MiniApiServer.UnitTests.Admission;

/// <summary>
/// apimachinery's forked reflect.DeepEqual (third_party/forked/golang/reflect/deep_equal.go): "empty and nil slices
/// and maps are equal", and a struct member such as a container's resources is never nil in Go.
/// </summary>
public sealed class SemanticTests
{
    private static V1Container Container(V1ResourceRequirements? resources = null, IList<V1EnvVar>? env = null, IList<string>? args = null) =>
        new() { Name = "c", Image = "i", Resources = resources, Env = env, Args = args };

    [Fact]
    public void EmptyListsMapsAndStructsEqualAbsentOnes()
    {
        Assert.True(Semantic.DeepEqual(Container(), Container(new V1ResourceRequirements())));
        Assert.True(Semantic.DeepEqual(Container(), Container(new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity>() })));
        Assert.True(Semantic.DeepEqual(Container(), Container(env: [])));
    }

    [Fact]
    public void ContentStillCounts()
    {
        Assert.False(Semantic.DeepEqual(Container(), Container(new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1") } })));
        Assert.False(Semantic.DeepEqual(Container(args: []), Container(args: [""])));
        Assert.False(Semantic.DeepEqual(Container(env: [new V1EnvVar { Name = "A" }]), Container(env: [new V1EnvVar { Name = "B" }])));
    }

    /// <summary>A pointer to an empty struct is not nil upstream: namespaceSelector {} selects every namespace.</summary>
    [Fact]
    public void AnEmptySelectorIsNotAnAbsentOne()
    {
        static V1PodAffinityTerm Term(V1LabelSelector? namespaces) => new() { TopologyKey = "zone", NamespaceSelector = namespaces };
        Assert.False(Semantic.DeepEqual(Term(null), Term(new V1LabelSelector())));
        Assert.True(Semantic.DeepEqual(Term(new V1LabelSelector()), Term(new V1LabelSelector { MatchLabels = new Dictionary<string, string>() })));
    }

    [Fact]
    public void MemberOrderDoesNotCount()
    {
        var a = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" };
        var b = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" };
        Assert.True(Semantic.DeepEqual(a, b));
    }
}
