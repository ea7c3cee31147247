using k8s.Models;
using MiniApiServer.Controllers.Volumes;

namespace MiniApiServer.UnitTests.Volumes;

/// <summary>FindMatchingVolume, checkVolumeSatisfyClaim and reclaimVolume's choices, each case worked by hand from pv_helpers.go and pv_controller.go.</summary>
public class VolumeMatchingTests
{
    private static V1PersistentVolume Volume(string name, string size, string cls = "c", string phase = "Available", V1ObjectReference? claimRef = null,
        string[]? modes = null, string? node = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Uid = name + "-uid" },
        Spec = new V1PersistentVolumeSpec
        {
            Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) },
            AccessModes = modes ?? ["ReadWriteOnce"],
            StorageClassName = cls,
            ClaimRef = claimRef,
            NodeAffinity = node is null ? null : new V1VolumeNodeAffinity
            {
                Required = new V1NodeSelector
                {
                    NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "kubernetes.io/hostname", OperatorProperty = "In", Values = [node] }] }],
                },
            },
        },
        Status = new V1PersistentVolumeStatus { Phase = phase },
    };

    private static V1PersistentVolumeClaim Claim(string size, string cls = "c", string[]? modes = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "data", NamespaceProperty = "ns", Uid = "claim-uid" },
        Spec = new V1PersistentVolumeClaimSpec
        {
            StorageClassName = cls,
            AccessModes = modes ?? ["ReadWriteOnce"],
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) } },
        },
    };

    private static V1Node Node(string name) => new() { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name } } };

    [Fact]
    public void TheSmallestVolumeThatHoldsTheRequest_OfTheSameClassAndModes_Wins()
    {
        var volumes = new[]
        {
            Volume("tiny", "1Gi"), Volume("huge", "100Gi"), Volume("three", "3Gi"), Volume("two-other-class", "2Gi", cls: "d"),
            Volume("two-released", "2Gi", phase: "Released"), Volume("two-rox", "2Gi", modes: ["ReadOnlyMany"]),
        };

        Assert.Equal("three", VolumeMatching.FindBest(Claim("2Gi"), volumes, node: null, delayBinding: false)?.Metadata.Name);
    }

    [Fact]
    public void TheVolumeWithTheFewestExtraAccessModes_WinsOverASmallerOneWithMore()
    {
        // index.go findByClaim: the RWO group is tried before the RWO+RWX group, whatever the sizes.
        var volumes = new[] { Volume("rwo-10", "10Gi"), Volume("rwo-rwx-5", "5Gi", modes: ["ReadWriteOnce", "ReadWriteMany"]) };

        Assert.Equal("rwo-10", VolumeMatching.FindBest(Claim("1Gi"), volumes, node: null, delayBinding: false)?.Metadata.Name);
        // The scheduler's path checks access modes per volume instead, and takes the smallest.
        Assert.Equal("rwo-rwx-5", VolumeMatching.FindBest(Claim("1Gi"), volumes, new V1Node { Metadata = new V1ObjectMeta { Name = "n" } }, delayBinding: true)?.Metadata.Name);
    }

    [Fact]
    public void AVolumePreBoundToTheClaim_WinsOverASmallerOne_EvenWhenBindingWaits()
    {
        var preBound = Volume("pre", "10Gi", cls: "other", phase: "Pending", claimRef: new V1ObjectReference { NamespaceProperty = "ns", Name = "data" });
        var volumes = new[] { Volume("small", "1Gi"), preBound };

        Assert.Equal("pre", VolumeMatching.FindBest(Claim("1Gi"), volumes, node: null, delayBinding: true)?.Metadata.Name);
        // Without a node, a claim that waits for its consumer takes no volume that is not pre-bound to it.
        Assert.Null(VolumeMatching.FindBest(Claim("1Gi"), [Volume("small", "1Gi")], node: null, delayBinding: true));
        // A pre-bound volume for another uid is not this claim's.
        preBound.Spec.ClaimRef.Uid = "someone-else";
        Assert.Equal("small", VolumeMatching.FindBest(Claim("1Gi"), volumes, node: null, delayBinding: false)?.Metadata.Name);
    }

    [Fact]
    public void WithANode_OnlyVolumesPinnedThereOrNowhereMatch()
    {
        var volumes = new[] { Volume("on-a", "1Gi", node: "a"), Volume("on-b", "2Gi", node: "b") };

        Assert.Equal("on-b", VolumeMatching.FindBest(Claim("1Gi"), volumes, Node("b"), delayBinding: true)?.Metadata.Name);
        Assert.Null(VolumeMatching.FindBest(Claim("1Gi"), volumes, Node("c"), delayBinding: true));
    }

    [Fact]
    public void Unsatisfied_GivesCheckVolumeSatisfyClaimsReasons_InItsOrder()
    {
        Assert.Equal("requested PV is too small", VolumeMatching.Unsatisfied(Volume("v", "1Gi", cls: "x"), Claim("2Gi")));
        Assert.Equal("storageClassName does not match", VolumeMatching.Unsatisfied(Volume("v", "2Gi", cls: "x"), Claim("2Gi")));
        Assert.Equal("incompatible accessMode", VolumeMatching.Unsatisfied(Volume("v", "2Gi", modes: ["ReadOnlyMany"]), Claim("2Gi")));
        Assert.Null(VolumeMatching.Unsatisfied(Volume("v", "2Gi", modes: ["ReadOnlyMany", "ReadWriteOnce"]), Claim("2Gi")));
    }

    [Theory]
    [InlineData("Retain", "/data/x", null, "Keep")]
    [InlineData("Delete", "/tmp/x", null, "DeleteObject")]
    [InlineData("Delete", "/tmp/", null, "Fail")]
    [InlineData("Delete", "/data/x", null, "Fail")]
    [InlineData("Delete", "/data/x", "example.com/provisioner", "Keep")]
    [InlineData("Delete", "/data/x", "kubernetes.io/host-path", "Fail")]
    [InlineData("Recycle", "/data/x", null, "Recycle")]
    public void ReclaimPlan_FollowsThePolicyAndWhoMadeTheVolume(string policy, string path, string? provisionedBy, string expected)
    {
        var volume = Volume("v", "1Gi");
        volume.Spec.PersistentVolumeReclaimPolicy = policy;
        volume.Spec.HostPath = new V1HostPathVolumeSource { Path = path };
        if (provisionedBy is not null)
        {
            volume.Metadata.Annotations = new Dictionary<string, string> { ["pv.kubernetes.io/provisioned-by"] = provisionedBy };
        }

        Assert.Equal(expected, ReclaimPlan.For(volume).ToString());
    }

    [Fact]
    public void ReclaimFailures_UseThePluginsWords()
    {
        var local = Volume("disk", "1Gi");
        local.Spec.PersistentVolumeReclaimPolicy = "Delete";
        local.Spec.Local = new V1LocalVolumeSource { Path = "/mnt/disk" };

        Assert.Equal(("VolumeFailedDelete", "error getting deleter volume plugin for volume \"disk\": no deletable volume plugin matched"), ReclaimPlan.Failure(local));
        local.Spec.PersistentVolumeReclaimPolicy = "Recycle";
        Assert.Equal(("VolumeFailedRecycle", "No recycler plugin found for the volume!"), ReclaimPlan.Failure(local));
    }

    [Fact]
    public void Provisioner_RefusesWhatLocalPathCannotMake()
    {
        var storageClass = SimulatedStorage.DefaultClass();

        Assert.Equal("NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes",
            SimulatedProvisioner.Plan(Claim("1Gi", modes: ["ReadWriteMany"]), storageClass, Node("a")).Error);
        Assert.Equal("configuration error, no node was specified", SimulatedProvisioner.Plan(Claim("1Gi"), storageClass, null).Error);
        var (volume, error) = SimulatedProvisioner.Plan(Claim("3Gi"), storageClass, Node("a"));
        Assert.Null(error);
        Assert.Equal(("pvc-claim-uid", "3Gi", "Delete", "/var/lib/miniapiserver/storage/pvc-claim-uid_ns_data"),
            (volume!.Metadata.Name, volume.Spec.Capacity["storage"].ToString(), volume.Spec.PersistentVolumeReclaimPolicy, volume.Spec.Local.Path));
        Assert.True(VolumeMatching.NodeAffinityMatches(volume, Node("a")));
        Assert.False(VolumeMatching.NodeAffinityMatches(volume, Node("b")));
    }
}
