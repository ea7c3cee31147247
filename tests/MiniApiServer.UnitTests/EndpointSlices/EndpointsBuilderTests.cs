using k8s.Models;
using MiniApiServer.Controllers.EndpointSlices;

namespace MiniApiServer.UnitTests.EndpointSlices;

/// <summary>The v1 Endpoints of a Service, in the order RepackSubsets gives them.</summary>
public sealed class EndpointsBuilderTests
{
    private static V1Pod Pod(string name, string ip, string uid, bool ready = true) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = uid },
        Spec = new V1PodSpec { NodeName = "node-1", Containers = [new V1Container { Name = "c" }] },
        Status = new V1PodStatus { Phase = "Running", PodIP = ip, Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }] },
    };

    [Fact]
    public void Addresses_AreOrderedByIpAsBytes_ThenByUid_WhateverThePodNames()
    {
        var service = new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default" },
            Spec = new V1ServiceSpec { ClusterIP = "10.96.0.10", Selector = new Dictionary<string, string> { ["app"] = "web" }, Ports = [new V1ServicePort { Port = 80, Protocol = "TCP", TargetPort = 8080 }] },
        };
        var pods = new[]
        {
            Pod("a", "10.244.0.30", "u1"), Pod("b", "10.244.0.15", "u2"), Pod("c", "10.244.0.100", "u3"), Pod("d", "10.244.0.17", "u4"),
            Pod("e", "10.244.0.9", "u5", ready: false), Pod("f", "10.244.0.10", "u6", ready: false),
        };

        var subset = Assert.Single(EndpointsBuilder.Desired(service, pods).Subsets!);

        // Byte order, as bytes.Compare gives it: "10.244.0.100" sorts before "10.244.0.15".
        Assert.Equal(["10.244.0.100", "10.244.0.15", "10.244.0.17", "10.244.0.30"], subset.Addresses!.Select(a => a.Ip));
        Assert.Equal(["10.244.0.10", "10.244.0.9"], subset.NotReadyAddresses!.Select(a => a.Ip));
    }
}
