using k8s.Models;
using MiniApiServer.Controllers.ApiRegistration;

namespace MiniApiServer.UnitTests.ApiRegistration;

/// <summary>kube-aggregator pkg/controllers/status/remote/remote_available_controller.go sync's checks, in their order.</summary>
public class APIServiceAvailabilityTests
{
    private static V1APIService Remote(int? port = 443) => new()
    {
        Metadata = new V1ObjectMeta { Name = "v1beta1.wardle.example.com" },
        Spec = new V1APIServiceSpec
        {
            Group = "wardle.example.com", Version = "v1beta1", GroupPriorityMinimum = 1000, VersionPriority = 15,
            Service = new Apiregistrationv1ServiceReference { Name = "api", NamespaceProperty = "wardle", Port = port },
        },
    };

    private static V1Service ClusterIp(int port, string? portName = "https") => new()
    {
        Metadata = new V1ObjectMeta { Name = "api", NamespaceProperty = "wardle" },
        Spec = new V1ServiceSpec { Type = "ClusterIP", ClusterIP = "10.96.0.40", Ports = [new V1ServicePort { Port = port, Name = portName }] },
    };

    private static V1Endpoints Endpoints(string portName, bool withAddresses = true) => new()
    {
        Metadata = new V1ObjectMeta { Name = "api", NamespaceProperty = "wardle" },
        Subsets = [new V1EndpointSubset
        {
            Addresses = withAddresses ? [new V1EndpointAddress { Ip = "10.244.0.7" }] : null,
            Ports = [new Corev1EndpointPort { Port = 8443, Name = portName }],
        }],
    };

    [Fact]
    public void Local_IsAlwaysAvailable()
    {
        var local = new V1APIService { Metadata = new V1ObjectMeta { Name = "v1.apps" }, Spec = new V1APIServiceSpec { Group = "apps", Version = "v1" } };
        Assert.Equal(("True", "Local", "Local APIServices are always available"), APIServiceAvailability.Evaluate(local, null, null));
    }

    [Fact]
    public void MissingService()
    {
        Assert.Equal(("False", "ServiceNotFound", "service/api in \"wardle\" is not present"), APIServiceAvailability.Evaluate(Remote(), null, null));
    }

    [Fact]
    public void ServiceWithoutThePort()
    {
        Assert.Equal(("False", "ServicePortError", "service/api in \"wardle\" is not listening on port 443"),
            APIServiceAvailability.Evaluate(Remote(), ClusterIp(8080), null));
    }

    [Fact]
    public void NoEndpointsObject()
    {
        Assert.Equal(("False", "EndpointsNotFound", "cannot find endpoints for service/api in \"wardle\""),
            APIServiceAvailability.Evaluate(Remote(), ClusterIp(443), null));
    }

    [Fact]
    public void EndpointsWithoutAddressesOnThePortName()
    {
        Assert.Equal(("False", "MissingEndpoints", "endpoints for service/api in \"wardle\" have no addresses with port name \"https\""),
            APIServiceAvailability.Evaluate(Remote(), ClusterIp(443), Endpoints("https", withAddresses: false)));
        Assert.Equal("MissingEndpoints", APIServiceAvailability.Evaluate(Remote(), ClusterIp(443), Endpoints("metrics")).Reason);
    }

    [Fact]
    public void ReadyEndpoints_StillFailTheDiscoveryCheck_AtTheClusterIp()
    {
        var (status, reason, message) = APIServiceAvailability.Evaluate(Remote(), ClusterIp(443), Endpoints("https"));
        Assert.Equal(("False", "FailedDiscoveryCheck"), (status, reason));
        Assert.StartsWith("failing or missing response from https://10.96.0.40:443/apis/wardle.example.com/v1beta1: ", message);
    }

    [Fact]
    public void ExternalName_SkipsTheEndpointChecks()
    {
        var external = new V1Service { Metadata = new V1ObjectMeta { Name = "api", NamespaceProperty = "wardle" }, Spec = new V1ServiceSpec { Type = "ExternalName", ExternalName = "wardle.example.com" } };
        var (_, reason, message) = APIServiceAvailability.Evaluate(Remote(), external, null);
        Assert.Equal("FailedDiscoveryCheck", reason);
        Assert.StartsWith("failing or missing response from https://wardle.example.com:443/apis/wardle.example.com/v1beta1: ", message);
    }
}
