using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Services;

/// <summary>
/// Ports of test/integration/servicecidr and the service allocation parts of test/integration/service: cluster IPs
/// and node ports come from their ranges, a taken value is refused as upstream words it, and a deleted Service's
/// values are free again at once.
/// </summary>
public sealed class ServiceAllocationTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private static V1Service Svc(string name, string? clusterIp = null, string type = "ClusterIP", int? nodePort = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1ServiceSpec
        {
            Type = type,
            ClusterIP = clusterIp,
            Selector = new Dictionary<string, string> { ["app"] = name },
            Ports = [new V1ServicePort { Port = 80, NodePort = nodePort }],
        },
    };

    private async Task<string> RefusedAsync(V1Service svc)
    {
        var ex = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CreateNamespacedServiceAsync(svc, "default"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, ex.Response.StatusCode);
        return JsonNode.Parse(ex.Response.Content)!["message"]!.GetValue<string>();
    }

    [Fact]
    public async Task KubernetesService_ExistsInDefault_WithTheFirstAddressAndThisServersPort()
    {
        var svc = await Eventually.Get(() => Client.ReadNamespacedServiceAsync("kubernetes", "default"), _ => true, what: "kubernetes service");

        Assert.Equal("10.96.0.1", svc.Spec.ClusterIP);
        var port = Assert.Single(svc.Spec.Ports);
        Assert.Equal(("https", 443, "TCP", Server.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (port.Name, port.Port, port.Protocol, port.TargetPort.Value));
        var slice = await Client.ReadNamespacedEndpointSliceAsync("kubernetes", "default");
        Assert.Equal("127.0.0.1", slice.Endpoints.Single().Addresses.Single());
        Assert.Equal(Server.BaseAddress.Port, slice.Ports.Single().Port);
        var endpoints = await Client.ReadNamespacedEndpointsAsync("kubernetes", "default");
        Assert.Equal(("127.0.0.1", Server.BaseAddress.Port), (endpoints.Subsets.Single().Addresses.Single().Ip, endpoints.Subsets.Single().Ports.Single().Port));
    }

    [Fact]
    public async Task DeletingANamespace_RemovesItsServices_AndFreesTheirClusterIps()
    {
        await Client.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team" } });
        await Client.CreateNamespacedServiceAsync(Svc("api", "10.96.0.60"), "team");

        await Client.DeleteNamespaceAsync("team");
        await Eventually.True(async () => (await Client.ListNamespaceAsync()).Items.All(n => n.Metadata.Name != "team"), TimeSpan.FromSeconds(30), "namespace gone");

        var reused = await Client.CreateNamespacedServiceAsync(Svc("api", "10.96.0.60"), "default");
        Assert.Equal("10.96.0.60", reused.Spec.ClusterIP);
    }

    [Fact]
    public async Task Create_AllocatesAClusterIpFromTheRange_AndDefaultsAsUpstream()
    {
        var svc = await Client.CreateNamespacedServiceAsync(Svc("web"), "default");

        var ip = IPAddress.Parse(svc.Spec.ClusterIP).GetAddressBytes();
        Assert.Equal(10, ip[0]);
        Assert.InRange(ip[1], 96, 111);
        Assert.Equal([svc.Spec.ClusterIP], svc.Spec.ClusterIPs);
        Assert.Equal(["IPv4"], svc.Spec.IpFamilies);
        Assert.Equal("SingleStack", svc.Spec.IpFamilyPolicy);
        Assert.Equal("None", svc.Spec.SessionAffinity);
        Assert.Equal("Cluster", svc.Spec.InternalTrafficPolicy);
        Assert.Equal(("TCP", "80"), (svc.Spec.Ports[0].Protocol, svc.Spec.Ports[0].TargetPort.Value));
    }

    [Fact]
    public async Task RequestedClusterIp_AlreadyAllocated_IsRefused_UntilItsServiceIsDeleted()
    {
        await Client.CreateNamespacedServiceAsync(Svc("first", "10.96.0.50"), "default");

        var message = await RefusedAsync(Svc("second", "10.96.0.50"));
        Assert.Equal("Service \"second\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.96.0.50\"}: failed to allocate IP 10.96.0.50: provided IP is already allocated", message);

        await Client.DeleteNamespacedServiceAsync("first", "default");
        var second = await Client.CreateNamespacedServiceAsync(Svc("second", "10.96.0.50"), "default");
        Assert.Equal("10.96.0.50", second.Spec.ClusterIP);
    }

    [Fact]
    public async Task RequestedClusterIp_OutsideTheRange_IsRefused()
    {
        var message = await RefusedAsync(Svc("outside", "192.168.1.1"));

        Assert.Equal("Service \"outside\" is invalid: spec.clusterIPs: Invalid value: []string{\"192.168.1.1\"}: failed to allocate IP 192.168.1.1: the provided IP (192.168.1.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12", message);
    }

    [Fact]
    public async Task Headless_GetsNoClusterIp()
    {
        var svc = await Client.CreateNamespacedServiceAsync(Svc("headless", "None"), "default");

        Assert.Equal("None", svc.Spec.ClusterIP);
        Assert.Equal(["None"], svc.Spec.ClusterIPs);
    }

    [Fact]
    public async Task NodePort_AllocatedFromItsRange_ConflictAndOutOfRangeRefused_FreedOnDelete()
    {
        var svc = await Client.CreateNamespacedServiceAsync(Svc("np", type: "NodePort"), "default");
        Assert.InRange(svc.Spec.Ports[0].NodePort ?? 0, 30000, 32767);
        Assert.Equal("Cluster", svc.Spec.ExternalTrafficPolicy);

        await Client.CreateNamespacedServiceAsync(Svc("fixed", type: "NodePort", nodePort: 30080), "default");
        Assert.Equal("Service \"clash\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated",
            await RefusedAsync(Svc("clash", type: "NodePort", nodePort: 30080)));
        Assert.Equal("Service \"low\" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767",
            await RefusedAsync(Svc("low", type: "NodePort", nodePort: 80)));

        await Client.DeleteNamespacedServiceAsync("fixed", "default");
        var again = await Client.CreateNamespacedServiceAsync(Svc("clash", type: "NodePort", nodePort: 30080), "default");
        Assert.Equal(30080, again.Spec.Ports[0].NodePort);
    }

    /// <summary>
    /// A LoadBalancer with externalTrafficPolicy Local gets a health check node port from the node port range
    /// (alloc.go's allocHealthCheckNodePort), keeps it when an update leaves it out, frees it when it stops needing it
    /// (dropTypeDependentFields, updateHealthCheckNodePort) and when it is deleted.
    /// </summary>
    [Fact]
    public async Task LoadBalancerWithLocalTraffic_GetsAHealthCheckNodePort_KeptOnUpdate_FreedWhenNoLongerNeeded()
    {
        var local = Svc("local", type: "LoadBalancer");
        local.Spec.ExternalTrafficPolicy = "Local";
        var created = await Client.CreateNamespacedServiceAsync(local, "default");
        var healthCheck = created.Spec.HealthCheckNodePort ?? 0;
        Assert.InRange(healthCheck, 30000, 32767);
        Assert.NotEqual(created.Spec.Ports[0].NodePort, healthCheck);

        var cluster = Svc("cluster-policy", type: "LoadBalancer");
        Assert.Null((await Client.CreateNamespacedServiceAsync(cluster, "default")).Spec.HealthCheckNodePort);

        // The port is taken: neither a node port nor another Service's health check port may have it.
        Assert.Equal($"Service \"clash\" is invalid: spec.ports[0].nodePort: Invalid value: {healthCheck}: provided port is already allocated",
            await RefusedAsync(Svc("clash", type: "NodePort", nodePort: healthCheck)));
        var asking = Svc("asking", type: "LoadBalancer");
        asking.Spec.ExternalTrafficPolicy = "Local";
        asking.Spec.HealthCheckNodePort = healthCheck;
        Assert.Equal($"Service \"asking\" is invalid: spec.healthCheckNodePort: Invalid value: {healthCheck}: failed to allocate requested HealthCheck NodePort {healthCheck}: provided port is already allocated",
            await RefusedAsync(asking));

        // Neither its own node port nor, on update, another value: validateServiceExternalTrafficFieldsUpdate.
        var own = Svc("own", type: "LoadBalancer", nodePort: 30123);
        own.Spec.ExternalTrafficPolicy = "Local";
        own.Spec.HealthCheckNodePort = 30123;
        Assert.Equal("Service \"own\" is invalid: spec.healthCheckNodePort: Invalid value: 30123: failed to allocate requested HealthCheck NodePort 30123: provided port is already allocated",
            await RefusedAsync(own));
        created.Spec.HealthCheckNodePort = 30124;
        var changed = await Assert.ThrowsAsync<HttpOperationException>(() => Client.ReplaceNamespacedServiceAsync(created, "local", "default"));
        Assert.Equal("Service \"local\" is invalid: spec.healthCheckNodePort: Forbidden: field is immutable", JsonNode.Parse(changed.Response.Content)!["message"]!.GetValue<string>());
        // Nor may one of its node ports take the health check port it holds.
        created.Spec.HealthCheckNodePort = healthCheck;
        created.Spec.Ports.Add(new V1ServicePort { Name = "extra", Port = 81, NodePort = healthCheck });
        created.Spec.Ports[0].Name = "main";
        var clash = await Assert.ThrowsAsync<HttpOperationException>(() => Client.ReplaceNamespacedServiceAsync(created, "local", "default"));
        Assert.Equal($"Service \"local\" is invalid: spec.ports[1].nodePort: Invalid value: {healthCheck}: provided port is already allocated", JsonNode.Parse(clash.Response.Content)!["message"]!.GetValue<string>());
        created.Spec.Ports.RemoveAt(1);
        created.Spec.Ports[0].Name = null;

        // A replace that leaves the field out keeps the port.
        created.Spec.HealthCheckNodePort = null;
        created.Metadata.Labels = new Dictionary<string, string> { ["touched"] = "yes" };
        var replaced = await Client.ReplaceNamespacedServiceAsync(created, "local", "default");
        Assert.Equal(healthCheck, replaced.Spec.HealthCheckNodePort);

        // Cluster traffic needs no health check: the port is dropped and free for another Service.
        replaced.Spec.ExternalTrafficPolicy = "Cluster";
        var switched = await Client.ReplaceNamespacedServiceAsync(replaced, "local", "default");
        Assert.Null(switched.Spec.HealthCheckNodePort);
        var taker = await Client.CreateNamespacedServiceAsync(asking, "default");
        Assert.Equal(healthCheck, taker.Spec.HealthCheckNodePort);

        // Deleted, its health check port is free at once.
        await Client.DeleteNamespacedServiceAsync("asking", "default");
        var again = await Client.CreateNamespacedServiceAsync(Svc("after", type: "NodePort", nodePort: healthCheck), "default");
        Assert.Equal(healthCheck, again.Spec.Ports[0].NodePort);
    }

    [Fact]
    public async Task NodePortToClusterIp_DropsAndFreesTheNodePort()
    {
        var svc = await Client.CreateNamespacedServiceAsync(Svc("switch", type: "NodePort", nodePort: 30111), "default");

        svc.Spec.Type = "ClusterIP";
        var switched = await Client.ReplaceNamespacedServiceAsync(svc, "switch", "default");

        Assert.Null(switched.Spec.Ports[0].NodePort);
        var other = await Client.CreateNamespacedServiceAsync(Svc("takes-it", type: "NodePort", nodePort: 30111), "default");
        Assert.Equal(30111, other.Spec.Ports[0].NodePort);
    }

    [Fact]
    public async Task ConcurrentCreates_OfOneIp_ExactlyOneWins_AndDynamicOnesAreUnique()
    {
        var same = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            try
            {
                await Client.CreateNamespacedServiceAsync(Svc($"race-{i}", "10.96.0.77"), "default");
                return true;
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.UnprocessableEntity)
            {
                return false;
            }
        }));
        Assert.Single(same, won => won);

        var dynamic = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Client.CreateNamespacedServiceAsync(Svc($"dyn-{i}"), "default")));
        Assert.Equal(20, dynamic.Select(s => s.Spec.ClusterIP).Distinct().Count());
    }

    [Fact]
    public async Task Update_CannotChangeTheClusterIp_ButKeepsItWhenLeftOut()
    {
        var svc = await Client.CreateNamespacedServiceAsync(Svc("keep"), "default");
        var ip = svc.Spec.ClusterIP;

        svc.Spec.ClusterIP = null;
        svc.Spec.ClusterIPs = null;
        var replaced = await Client.ReplaceNamespacedServiceAsync(svc, "keep", "default");
        Assert.Equal(ip, replaced.Spec.ClusterIP);

        replaced.Spec.ClusterIP = "10.96.0.99";
        replaced.Spec.ClusterIPs = ["10.96.0.99"];
        var ex = await Assert.ThrowsAsync<HttpOperationException>(() => Client.ReplaceNamespacedServiceAsync(replaced, "keep", "default"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, ex.Response.StatusCode);
        Assert.Contains("may not change once set", ex.Response.Content, StringComparison.Ordinal);
    }

    /// <summary>
    /// patchAllocatedValues matches NodePorts by port name: a resubmitted manifest with a changed port number keeps its
    /// NodePort (kubectl replace of the original file), while a NodePort another port of the new spec still claims is
    /// not handed to a second port.
    /// </summary>
    [Fact]
    public async Task Replace_KeepsNodePortsByPortName_EvenWhenThePortChanges()
    {
        var svc = await Client.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "named" },
            Spec = new V1ServiceSpec
            {
                Type = "NodePort",
                Selector = new Dictionary<string, string> { ["app"] = "named" },
                Ports = [new V1ServicePort { Name = "http", Port = 80 }, new V1ServicePort { Name = "admin", Port = 9000 }],
            },
        }, "default");
        var http = svc.Spec.Ports[0].NodePort;
        var admin = svc.Spec.Ports[1].NodePort;

        svc.Spec.Ports[0] = new V1ServicePort { Name = "http", Port = 8080 };
        svc.Spec.Ports[1] = new V1ServicePort { Name = "admin", Port = 9000 };
        var replaced = await Client.ReplaceNamespacedServiceAsync(svc, "named", "default");
        Assert.Equal((8080, http, admin), (replaced.Spec.Ports[0].Port, replaced.Spec.Ports[0].NodePort, replaced.Spec.Ports[1].NodePort));

        // "admin" asks for http's NodePort outright; "http", left out, may not have it again, so it gets a fresh one.
        replaced.Spec.Ports[0] = new V1ServicePort { Name = "http", Port = 8080 };
        replaced.Spec.Ports[1] = new V1ServicePort { Name = "admin", Port = 9000, NodePort = http };
        var swapped = await Client.ReplaceNamespacedServiceAsync(replaced, "named", "default");
        Assert.Equal(http, swapped.Spec.Ports[1].NodePort);
        Assert.NotEqual(http, swapped.Spec.Ports[0].NodePort);
        Assert.InRange(swapped.Spec.Ports[0].NodePort!.Value, 30000, 32767);
    }
}
