using k8s;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Services;

/// <summary>--service-cluster-ip-range moves every cluster IP, the kubernetes Service's first.</summary>
public sealed class ServiceRangeFlagTests : ServerTest
{
    protected override ApiServerHost StartServer() =>
        ApiServerHost.Start(settings: new Dictionary<string, string> { ["service-cluster-ip-range"] = "10.100.0.0/28" });

    [Fact]
    public async Task CustomRange_KubernetesServiceTakesItsFirstAddress_AndOthersStayInside()
    {
        var kubernetes = await Eventually.Get(() => Client.ReadNamespacedServiceAsync("kubernetes", "default"), _ => true, what: "kubernetes service");
        Assert.Equal("10.100.0.1", kubernetes.Spec.ClusterIP);

        // A /28 has 14 usable addresses; the kubernetes Service holds one, so 13 more fit and the 14th is refused.
        for (var i = 0; i < 13; i++)
        {
            var svc = await Client.CreateNamespacedServiceAsync(new k8s.Models.V1Service
            {
                Metadata = new k8s.Models.V1ObjectMeta { Name = $"s{i}" },
                Spec = new k8s.Models.V1ServiceSpec { Ports = [new k8s.Models.V1ServicePort { Port = 80 }] },
            }, "default");
            Assert.StartsWith("10.100.0.", svc.Spec.ClusterIP, StringComparison.Ordinal);
        }
        var ex = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => Client.CreateNamespacedServiceAsync(new k8s.Models.V1Service
        {
            Metadata = new k8s.Models.V1ObjectMeta { Name = "full" },
            Spec = new k8s.Models.V1ServiceSpec { Ports = [new k8s.Models.V1ServicePort { Port = 80 }] },
        }, "default"));
        Assert.Contains("range is full", ex.Response.Content, StringComparison.Ordinal);
    }
}
