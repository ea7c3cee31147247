using k8s.Models;
using MiniApiServer.Controllers.EndpointSlices;

namespace MiniApiServer.UnitTests.EndpointSlices;

/// <summary>The desired slices of a Service: which pods, which ports, how many per slice.</summary>
public sealed class EndpointSliceBuilderTests
{
    private static V1Service Service(string targetPort = "8080") => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "svc-uid" },
        Spec = new V1ServiceSpec
        {
            ClusterIP = "10.96.0.10",
            Selector = new Dictionary<string, string> { ["app"] = "web" },
            Ports = [new V1ServicePort { Name = "http", Port = 80, Protocol = "TCP", TargetPort = targetPort }],
        },
    };

    private static V1Pod Pod(int i, string? ip = "10.244.0.1", string phase = "Running", bool ready = true, int containerPort = 8080) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"web-{i:D4}", NamespaceProperty = "default", Uid = $"uid-{i}" },
        Spec = new V1PodSpec
        {
            NodeName = "node-1",
            Containers = [new V1Container { Name = "c", Ports = [new V1ContainerPort { Name = "web", ContainerPort = containerPort }] }],
        },
        Status = new V1PodStatus
        {
            Phase = phase,
            PodIP = ip,
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }],
        },
    };

    [Fact]
    public void MoreThanAHundredEndpoints_SplitIntoSlicesOfAtMostAHundred()
    {
        var pods = Enumerable.Range(0, 250).Select(i => Pod(i, $"10.244.{i / 200}.{i % 200 + 1}"));

        var slices = EndpointSliceBuilder.Desired(Service(), pods, _ => null);

        Assert.Equal([100, 100, 50], slices.Select(s => s.Endpoints.Count));
        Assert.All(slices, s => Assert.Equal("web", s.Metadata.Labels["kubernetes.io/service-name"]));
        Assert.All(slices, s => Assert.Equal("svc-uid", s.Metadata.OwnerReferences.Single().Uid));
    }

    [Fact]
    public void PodsWithoutIp_AndTerminalPods_AreLeftOut_AndNoneLeftMeansOnePlaceholder()
    {
        var slices = EndpointSliceBuilder.Desired(Service(), [Pod(1, ip: null), Pod(2, phase: "Succeeded"), Pod(3, phase: "Failed")], _ => null);

        var placeholder = Assert.Single(slices);
        Assert.Null(placeholder.Endpoints);
        Assert.Null(placeholder.Ports);
    }

    [Fact]
    public void NamedTargetPort_ResolvesPerPod_AndGroupsPodsByTheirPorts()
    {
        var slices = EndpointSliceBuilder.Desired(Service("web"), [Pod(1, containerPort: 8080), Pod(2, "10.244.0.2", containerPort: 9090)], _ => null);

        Assert.Equal([8080, 9090], slices.Select(s => s.Ports.Single().Port).Order());
        Assert.All(slices, s => Assert.Equal("http", s.Ports.Single().Name));
    }

    [Fact]
    public void Conditions_FollowPodReadiness_AndDeletion()
    {
        var terminating = Pod(3, "10.244.0.3");
        terminating.Metadata.DeletionTimestamp = DateTime.UtcNow;

        var endpoints = EndpointSliceBuilder.Desired(Service(), [Pod(1), Pod(2, "10.244.0.2", ready: false), terminating], _ => null).Single().Endpoints;

        Assert.Equal((true, true, false), Conditions(endpoints[0]));
        Assert.Equal((false, false, false), Conditions(endpoints[1]));
        Assert.Equal((false, true, true), Conditions(endpoints[2]));
    }

    private static (bool?, bool?, bool?) Conditions(V1Endpoint e) => (e.Conditions.Ready, e.Conditions.Serving, e.Conditions.Terminating);
}
