using k8s.Models;
using MiniApiServer.Controllers.Namespaces;

namespace MiniApiServer.UnitTests.Namespaces;

/// <summary>The namespace deleter's conditions (status_condition_utils.go): ok variants, and times kept while unchanged.</summary>
public sealed class NamespaceConditionsTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void NothingRemaining_GivesTheFiveOkConditions()
    {
        var conditions = NamespaceConditions.Merge(null, new Dictionary<string, int>(), new Dictionary<string, int>(), T0);

        Assert.Equal(
            [
                "NamespaceDeletionDiscoveryFailure False ResourcesDiscovered All resources successfully discovered",
                "NamespaceDeletionGroupVersionParsingFailure False ParsedGroupVersions All legacy kube types successfully parsed",
                "NamespaceDeletionContentFailure False ContentDeleted All content successfully deleted, may be waiting on finalization",
                "NamespaceContentRemaining False ContentRemoved All content successfully removed",
                "NamespaceFinalizersRemaining False ContentHasNoFinalizers All content-preserving finalizers finished",
            ],
            conditions.Select(c => $"{c.Type} {c.Status} {c.Reason} {c.Message}"));
    }

    [Fact]
    public void RemainingContent_IsListedSorted_AndAnUnchangedConditionKeepsItsTime()
    {
        var remaining = new Dictionary<string, int> { ["pods."] = 2, ["deployments.apps"] = 1 };
        var finalizers = new Dictionary<string, int> { ["example.com/b"] = 1, ["example.com/a"] = 2 };
        var first = NamespaceConditions.Merge(null, remaining, finalizers, T0);

        var second = NamespaceConditions.Merge(first, remaining, finalizers, T0.AddMinutes(1));

        var content = second.Single(c => c.Type == "NamespaceContentRemaining");
        Assert.Equal("Some resources are remaining: deployments.apps has 1 resource instances, pods. has 2 resource instances", content.Message);
        Assert.Equal("Some content in the namespace has finalizers remaining: example.com/a in 2 resource instances, example.com/b in 1 resource instances",
            second.Single(c => c.Type == "NamespaceFinalizersRemaining").Message);
        Assert.All(second, c => Assert.Equal(T0, c.LastTransitionTime));
    }
}
