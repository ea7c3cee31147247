using MiniApiServer.Application.CustomResources;

namespace MiniApiServer.UnitTests.CustomResources;

/// <summary>apimachinery version/helpers_test.go's order: GA by major, then beta, then alpha, then the rest lexically.</summary>
public sealed class KubeAwareVersionsTests
{
    [Fact]
    public void Versions_SortAsDiscoveryOrdersThem()
    {
        string[] shuffled = ["foo10", "v11alpha2", "v1", "v12alpha1", "v3beta1", "foo1", "v10beta3", "v2", "v11beta2", "v10"];

        var sorted = shuffled.Order(KubeAwareVersions.Comparer);

        Assert.Equal(["v10", "v2", "v1", "v11beta2", "v10beta3", "v3beta1", "v12alpha1", "v11alpha2", "foo1", "foo10"], sorted);
    }
}
