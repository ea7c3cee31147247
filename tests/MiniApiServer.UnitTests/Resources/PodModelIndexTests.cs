using k8s.Models;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.UnitTests.Resources;

/// <summary>
/// A pod's index taken from its model stands in for the writer's read of the stored bytes, so it must be that read's
/// answer: the values are written out here, and each pod is also indexed from its encoding by the byte reader.
/// </summary>
public class PodModelIndexTests
{
    [Fact]
    public void ABoundRunningPod_IndexesItsLabelsUidAndEverySelectableField()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = "web-0",
                NamespaceProperty = "shop",
                Uid = "6c1f0e4e-2b7a-4d2e-9a51-3f4f8f0b9d10",
                Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front \"quoted\" ü" },
            },
            Spec = new V1PodSpec
            {
                NodeName = "node-7",
                RestartPolicy = "Always",
                SchedulerName = "default-scheduler",
                ServiceAccountName = "builder",
                HostNetwork = true,
                Containers = [new V1Container { Name = "c", Image = "nginx" }],
            },
            Status = new V1PodStatus { Phase = "Running", PodIP = "10.0.0.7", NominatedNodeName = "node-8" },
        };

        var index = PodModelIndex.Of(pod)!;

        Assert.Equal("6c1f0e4e-2b7a-4d2e-9a51-3f4f8f0b9d10", index.Uid);
        Assert.Equal([new("app", "web"), new("tier", "front \"quoted\" ü")], index.Labels.ToArray());
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["metadata.name"] = "web-0",
                ["metadata.namespace"] = "shop",
                ["spec.nodeName"] = "node-7",
                ["spec.restartPolicy"] = "Always",
                ["spec.schedulerName"] = "default-scheduler",
                ["spec.serviceAccountName"] = "builder",
                ["spec.hostNetwork"] = "true",
                ["status.phase"] = "Running",
                ["status.podIP"] = "10.0.0.7",
                ["status.nominatedNodeName"] = "node-8",
            }.OrderBy(f => f.Key),
            index.Fields.OrderBy(f => f.Key));
        AssertSameAsTheBytes(pod, index);
    }

    [Fact]
    public void APodThatSetsNothing_SelectsAsEmptyStringsAndHostNetworkFalse()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "bare" }, Spec = new V1PodSpec { Containers = [] } };

        var index = PodModelIndex.Of(pod)!;

        Assert.Null(index.Uid);
        Assert.Empty(index.Labels);
        Assert.Equal("bare", index.Fields["metadata.name"]);
        Assert.Equal("false", index.Fields["spec.hostNetwork"]);
        foreach (var key in new[] { "metadata.namespace", "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "status.phase", "status.podIP", "status.nominatedNodeName" })
        {
            Assert.Equal("", index.Fields[key]);
        }
        AssertSameAsTheBytes(pod, index);
    }

    [Fact]
    public void EmptyStringsAnExplicitFalseAndManyLabels_IndexAsTheBytesDo()
    {
        var labels = Enumerable.Range(0, 20).ToDictionary(i => $"example.com/k{i}", i => i % 2 == 0 ? $"v{i}" : "");
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "many", NamespaceProperty = "default", Uid = "u", Labels = labels },
            Spec = new V1PodSpec { NodeName = "", HostNetwork = false, Containers = [] },
            Status = new V1PodStatus { Phase = "" },
        };

        var index = PodModelIndex.Of(pod)!;

        Assert.Equal(20, index.Labels.Count);
        Assert.Equal("", index.Labels["example.com/k1"]);
        Assert.Equal("v18", index.Labels["example.com/k18"]);
        Assert.Equal("false", index.Fields["spec.hostNetwork"]);
        Assert.Equal("", index.Fields["spec.nodeName"]);
        AssertSameAsTheBytes(pod, index);
    }

    [Fact]
    public void AnyOtherModel_IsLeftToTheByteReader()
    {
        Assert.Null(PodModelIndex.Of(new V1Node { Metadata = new V1ObjectMeta { Name = "n" } }));
        Assert.Null(PodModelIndex.Of(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" } }));
    }

    private static void AssertSameAsTheBytes(V1Pod pod, MiniApiServer.Storage.ObjectIndex index)
    {
        var fromBytes = new ResourceIndexer().Index("pods", ModelCodec.EncodeForStore(pod, out _));
        Assert.Equal(fromBytes.Uid, index.Uid);
        Assert.Equal(fromBytes.Labels.ToArray(), index.Labels.ToArray());
        Assert.Equal(fromBytes.Fields.OrderBy(f => f.Key), index.Fields.OrderBy(f => f.Key));
    }
}
