using k8s.Models;
using MiniApiServer.Controllers.StatefulSets;

namespace MiniApiServer.UnitTests.StatefulSets;

/// <summary>updateClaimOwnerRefForSetAndPod (stateful_set_utils.go): which owner references each retention policy puts on a claim.</summary>
public class ClaimRetentionTests
{
    private static V1StatefulSet Set(string whenDeleted, string whenScaled) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "set-uid" },
        Spec = new V1StatefulSetSpec
        {
            Replicas = 2,
            PersistentVolumeClaimRetentionPolicy = new V1StatefulSetPersistentVolumeClaimRetentionPolicy { WhenDeleted = whenDeleted, WhenScaled = whenScaled },
        },
    };

    private static V1Pod Pod(int ordinal) => new() { Metadata = new V1ObjectMeta { Name = $"web-{ordinal}", Uid = $"pod-{ordinal}" } };

    private static string Owners(string whenDeleted, string whenScaled, int ordinal, params string[] existing)
    {
        var claim = new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = $"www-web-{ordinal}", OwnerReferences = existing.Length == 0 ? null : [.. existing.Select(uid => new V1OwnerReference { Uid = uid })] },
        };
        ClaimRetention.UpdateOwners(claim, Set(whenDeleted, whenScaled), Pod(ordinal));
        return string.Join(",", claim.Metadata.OwnerReferences?.Select(r => r.Uid) ?? []);
    }

    [Theory]
    [InlineData("Retain", "Retain", 0, "")]
    [InlineData("Retain", "Retain", 5, "")]
    [InlineData("Delete", "Retain", 0, "set-uid")]
    [InlineData("Delete", "Retain", 5, "set-uid")]
    [InlineData("Retain", "Delete", 0, "")]
    [InlineData("Retain", "Delete", 5, "pod-5")]
    [InlineData("Delete", "Delete", 1, "set-uid")]
    [InlineData("Delete", "Delete", 2, "pod-2")]
    public void Policy_DecidesTheClaimsOwners(string whenDeleted, string whenScaled, int ordinal, string owners)
    {
        Assert.Equal(owners, Owners(whenDeleted, whenScaled, ordinal));
    }

    [Fact]
    public void Retain_RemovesReferencesAnEarlierPolicySet_AndKeepsOthers()
    {
        Assert.Equal("other", Owners("Retain", "Retain", 3, "set-uid", "pod-3", "other"));
    }

    [Fact]
    public void ClaimAlreadyAsThePolicyWants_IsNotChanged()
    {
        var claim = new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { OwnerReferences = [new V1OwnerReference { Uid = "set-uid" }] } };

        Assert.False(ClaimRetention.UpdateOwners(claim, Set("Delete", "Retain"), Pod(0)));
    }
}
