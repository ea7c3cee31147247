using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Services;

/// <summary>Ports of test/integration/endpointslice: slices follow the selected pods, their IPs and their readiness.</summary>
public sealed class EndpointSliceTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start(nodes: 2, settings: new Dictionary<string, string>
    {
        ["Controllers:SimulatedReadyDelay"] = "00:00:00.100",
    });

    private static V1Pod Pod(string name, string image = "nginx:1.27") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = "web", Image = image, Ports = [new V1ContainerPort { Name = "http", ContainerPort = 8080 }] }],
        },
    };

    private Task<V1EndpointSlice> SliceAsync(Func<V1EndpointSlice, bool> done, string what) =>
        Eventually.Get(async () => (await Client.ListNamespacedEndpointSliceAsync("default", labelSelector: "kubernetes.io/service-name=web")).Items.Single(),
            done, TimeSpan.FromSeconds(20), what);

    [Fact]
    public async Task Slice_HasReadyPods_NotReadyPodsAsNotServing_AndNamedTargetPortResolved()
    {
        await Client.CreateNamespacedPodAsync(Pod("ready-1"), "default");
        await Client.CreateNamespacedPodAsync(Pod("stuck", "nginx:non-existent"), "default");
        await Client.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "web" }, Ports = [new V1ServicePort { Port = 80, TargetPort = "http" }] },
        }, "default");

        var slice = await SliceAsync(s => s.Endpoints?.Count == 2 && s.Endpoints.Any(e => e.Conditions.Ready == true), "two endpoints, one ready");

        Assert.Equal("IPv4", slice.AddressType);
        Assert.Equal("endpointslice-controller.k8s.io", slice.Metadata.Labels["endpointslice.kubernetes.io/managed-by"]);
        Assert.StartsWith("web-", slice.Metadata.Name, StringComparison.Ordinal);
        var port = Assert.Single(slice.Ports);
        Assert.Equal(("", 8080, "TCP"), (port.Name, port.Port, port.Protocol));
        var pods = (await Client.ListNamespacedPodAsync("default", labelSelector: "app=web")).Items.ToDictionary(p => p.Metadata.Name);
        var ready = slice.Endpoints.Single(e => e.TargetRef.Name == "ready-1");
        Assert.Equal(pods["ready-1"].Status.PodIP, ready.Addresses.Single());
        Assert.Equal((true, true, false), (ready.Conditions.Ready, ready.Conditions.Serving, ready.Conditions.Terminating));
        Assert.Equal(pods["ready-1"].Spec.NodeName, ready.NodeName);
        var stuck = slice.Endpoints.Single(e => e.TargetRef.Name == "stuck");
        Assert.Equal((false, false, false), (stuck.Conditions.Ready, stuck.Conditions.Serving, stuck.Conditions.Terminating));

        var endpoints = await Eventually.Get(() => Client.ReadNamespacedEndpointsAsync("web", "default"),
            e => e.Subsets?.SingleOrDefault()?.Addresses?.Count == 1, what: "v1 endpoints");
        var subset = endpoints.Subsets.Single();
        Assert.Equal(pods["ready-1"].Status.PodIP, subset.Addresses.Single().Ip);
        Assert.Equal("stuck", subset.NotReadyAddresses.Single().TargetRef.Name);
        Assert.Equal(8080, subset.Ports.Single().Port);

        await Client.DeleteNamespacedPodAsync("stuck", "default", new V1DeleteOptions { GracePeriodSeconds = 0 });
        await SliceAsync(s => s.Endpoints?.Count == 1, "the deleted pod leaves the slice");
    }

    [Fact]
    public async Task ServiceWithoutPods_GetsAPlaceholderSlice_ThatGoesWithTheService()
    {
        await Client.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "web" }, Ports = [new V1ServicePort { Port = 80 }] },
        }, "default");

        var slice = await SliceAsync(_ => true, "placeholder slice");
        Assert.Null(slice.Endpoints);

        await Eventually.True(async () => (await Client.ListNamespacedEndpointsAsync("default", fieldSelector: "metadata.name=web")).Items.Count == 1, what: "endpoints");

        await Client.DeleteNamespacedServiceAsync("web", "default");
        await Eventually.True(async () => (await Client.ListNamespacedEndpointSliceAsync("default", labelSelector: "kubernetes.io/service-name=web")).Items.Count == 0,
            TimeSpan.FromSeconds(20), "slice collected with its service");
        await Eventually.True(async () => (await Client.ListNamespacedEndpointsAsync("default", fieldSelector: "metadata.name=web")).Items.Count == 0,
            TimeSpan.FromSeconds(20), "endpoints deleted with their service");
    }
}
