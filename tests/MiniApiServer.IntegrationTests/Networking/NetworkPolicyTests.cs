using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Networking.NetworkingKit;

namespace MiniApiServer.IntegrationTests.Networking;

/// <summary>
/// NetworkPolicies over HTTP: SetDefaults_NetworkPolicy/Port (pkg/apis/networking/v1/defaults.go), the generation of
/// networkpolicy/strategy.go, and ValidateNetworkPolicy/Update's messages (pkg/apis/networking/validation, 1.32).
/// </summary>
public sealed class NetworkPolicyTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task Create_DefaultsProtocolAndPolicyTypes()
    {
        var ingressOnly = await Server.Http.CreateAsync(NetworkPolicies, NetworkPolicy("in", """{"ingress":[{"ports":[{"port":80},{"port":"dns","protocol":"UDP"}]}]}"""));
        var withEgress = await Server.Http.CreateAsync(NetworkPolicies, NetworkPolicy("out", """{"podSelector":{"matchLabels":{"app":"web"}},"egress":[{"ports":[{"port":5432,"endPort":5440}]}]}"""));
        var explicitTypes = await Server.Http.CreateAsync(NetworkPolicies, NetworkPolicy("deny", """{"podSelector":{},"egress":[{}],"policyTypes":["Egress"]}"""));

        Assert.Equal("""{"ingress":[{"ports":[{"port":80,"protocol":"TCP"},{"port":"dns","protocol":"UDP"}]}],"podSelector":{},"policyTypes":["Ingress"]}""", ingressOnly["spec"]!.ToJsonString());
        Assert.Equal("""["Ingress","Egress"]""", withEgress["spec"]!["policyTypes"]!.ToJsonString());
        Assert.Equal("TCP", withEgress["spec"]!["egress"]![0]!["ports"]![0].Str("protocol"));
        Assert.Equal("""["Egress"]""", explicitTypes["spec"]!["policyTypes"]!.ToJsonString());
        Assert.Equal(1, ingressOnly["metadata"]!["generation"]!.GetValue<int>());
        Assert.Equal(["deny", "in", "out"], (await Server.Http.ListItemsAsync(NetworkPolicies)).Select(p => p.Str("metadata", "name")));
    }

    [Fact]
    public async Task SpecChange_BumpsTheGeneration_LabelChangeDoesNot()
    {
        await Server.Http.CreateAsync(NetworkPolicies, NetworkPolicy("p", """{"podSelector":{}}"""));

        var labelled = await Server.Http.MergePatchAsync($"{NetworkPolicies}/p", """{"metadata":{"labels":{"team":"a"}}}""");
        var changed = await Server.Http.MergePatchAsync($"{NetworkPolicies}/p", """{"spec":{"podSelector":{"matchLabels":{"app":"db"}}}}""");

        Assert.Equal(1, labelled["metadata"]!["generation"]!.GetValue<int>());
        Assert.Equal(2, changed["metadata"]!["generation"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"ingress":[{"ports":[{"port":0}]}]}""", "spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive")]
    [InlineData("""{"ingress":[{"ports":[{"port":8080,"endPort":80}]}]}""", "spec.ingress[0].ports[0].endPort: Invalid value: 8080: must be greater than or equal to `port`")]
    [InlineData("""{"egress":[{"ports":[{"port":"http","endPort":90}]}]}""", "spec.egress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is non-numeric")]
    [InlineData("""{"egress":[{"ports":[{"endPort":90}]}]}""", "spec.egress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is not specified")]
    [InlineData("""{"ingress":[{"ports":[{"port":"HTTP"}]}]}""",
        "[spec.ingress[0].ports[0].port: Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-), spec.ingress[0].ports[0].port: Invalid value: \"HTTP\": must contain at least one letter (a-z)]")]
    [InlineData("""{"ingress":[{"ports":[{"port":""}]}]}""",
        "[spec.ingress[0].ports[0].port: Invalid value: \"\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-), spec.ingress[0].ports[0].port: Invalid value: \"\": must contain at least one letter (a-z)]")]
    // intstr keeps a quoted number a string, so "80" is a port name with no letter (IsValidPortName), not port 80.
    [InlineData("""{"ingress":[{"ports":[{"port":"80"}]}]}""", "spec.ingress[0].ports[0].port: Invalid value: \"80\": must contain at least one letter (a-z)")]
    [InlineData("""{"ingress":[{"ports":[{"port":53,"protocol":"ICMP"}]}]}""", "spec.ingress[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"TCP\", \"UDP\", \"SCTP\"")]
    [InlineData("""{"ingress":[{"from":[{}]}]}""", "spec.ingress[0].from[0]: Required value: must specify a peer")]
    [InlineData("""{"ingress":[{"from":[{"podSelector":{},"ipBlock":{"cidr":"10.0.0.0/8"}}]}]}""", "spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer")]
    [InlineData("""{"ingress":[{"from":[{"ipBlock":{}}]}]}""", "spec.ingress[0].from[0].ipBlock.cidr: Required value")]
    [InlineData("""{"egress":[{"to":[{"ipBlock":{"cidr":"10.0.0.0/33"}}]}]}""", "spec.egress[0].to[0].ipBlock.cidr: Invalid value: \"10.0.0.0/33\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")]
    [InlineData("""{"egress":[{"to":[{"ipBlock":{"cidr":"10.0.0.0/16","except":["10.1.0.0/24","10.0.0.0/16","10.0.5.0/24","bad"]}}]}]}""",
        "[spec.egress[0].to[0].ipBlock.except[0]: Invalid value: \"10.1.0.0/24\": must be a strict subset of `cidr`, spec.egress[0].to[0].ipBlock.except[1]: Invalid value: \"10.0.0.0/16\": must be a strict subset of `cidr`, "
        + "spec.egress[0].to[0].ipBlock.except[3]: Invalid value: \"bad\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)]")]
    [InlineData("""{"policyTypes":["Ingress","Foo"]}""", "spec.policyTypes[1]: Unsupported value: \"Foo\": supported values: \"Ingress\", \"Egress\"")]
    [InlineData("""{"policyTypes":["Ingress","Egress","Ingress"]}""", "spec.policyTypes: Invalid value: []networking.PolicyType{\"Ingress\", \"Egress\", \"Ingress\"}: may not specify more than two policyTypes")]
    [InlineData("""{"podSelector":{"matchExpressions":[{"key":"app","operator":"In","values":["bad value"]}]}}""",
        "spec.podSelector.matchExpressions[0].values[0]: Invalid value: \"bad value\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")]
    public async Task InvalidSpec_Is422_WithUpstreamsMessage(string spec, string cause)
    {
        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Post, NetworkPolicies, NetworkPolicy("bad", spec));

        Assert.Equal($"NetworkPolicy.networking.k8s.io \"bad\" is invalid: {cause}", message);
    }

    /// <summary>ValidateUpdate runs ValidateNetworkPolicy and ValidateNetworkPolicyUpdate: one message, the cause twice.</summary>
    [Fact]
    public async Task InvalidUpdate_ListsTheCauseTwice_AndTheMessageOnce()
    {
        await Server.Http.CreateAsync(NetworkPolicies, NetworkPolicy("p", """{"podSelector":{}}"""));

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{NetworkPolicies}/p", """{"spec":{"ingress":[{"ports":[{"port":70000}]}]}}""", "application/merge-patch+json");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal("NetworkPolicy.networking.k8s.io \"p\" is invalid: spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive", status.Str("message"));
        Assert.Equal(2, status["details"]!["causes"]!.AsArray().Count);
    }
}
