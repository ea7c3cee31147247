using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>
/// Services over HTTP, against pkg/apis/core/validation ValidateService, SetDefaults_Service (pkg/apis/core/v1/defaults.go)
/// and dropTypeDependentFields (pkg/registry/core/service/strategy.go). Expected messages are upstream's.
/// </summary>
public sealed class ServiceValidationTests : ServerTest
{
    private const string Services = "/api/v1/namespaces/default/services";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private Task<string> InvalidAsync(string json) => Server.Http.InvalidMessageAsync(HttpMethod.Post, Services, json);

    [Fact]
    public async Task Ports_AreUniqueByProtocolAndPort()
    {
        Assert.Equal("Service \"dup\" is invalid: spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", AppProtocol:(*string)(nil), Port:80, "
            + "TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}",
            await InvalidAsync("""{"metadata":{"name":"dup"},"spec":{"ports":[{"name":"a","port":80},{"name":"b","port":80}]}}"""));
        // The same port over two protocols is two ports (DNS over TCP and UDP).
        var dns = await Server.Http.CreateAsync(Services, """{"metadata":{"name":"dns"},"spec":{"ports":[{"name":"t","port":53},{"name":"u","port":53,"protocol":"UDP"}]}}""");
        Assert.Equal(2, dns["spec"]!["ports"]!.AsArray().Count);
    }

    [Fact]
    public async Task SessionAffinity_IsDefaultedAndBounded()
    {
        var sticky = await Server.Http.CreateAsync(Services, """{"metadata":{"name":"sticky"},"spec":{"ports":[{"port":80}],"sessionAffinity":"ClientIP"}}""");
        Assert.Equal(10800, (int)sticky["spec"]!["sessionAffinityConfig"]!["clientIP"]!["timeoutSeconds"]!);
        var none = await Server.Http.CreateAsync(Services,
            """{"metadata":{"name":"none"},"spec":{"ports":[{"port":80}],"sessionAffinity":"None","sessionAffinityConfig":{"clientIP":{"timeoutSeconds":5}}}}""");
        Assert.Null(none["spec"]!["sessionAffinityConfig"]);
        Assert.Equal("Service \"zero\" is invalid: spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400",
            await InvalidAsync("""{"metadata":{"name":"zero"},"spec":{"ports":[{"port":80}],"sessionAffinity":"ClientIP","sessionAffinityConfig":{"clientIP":{"timeoutSeconds":0}}}}"""));
    }

    [Fact]
    public async Task ExternalTrafficPolicy_OnlyForExternallyAccessibleServices()
    {
        Assert.Equal("Service \"local\" is invalid: spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set for externally-accessible services",
            await InvalidAsync("""{"metadata":{"name":"local"},"spec":{"ports":[{"port":80}],"externalTrafficPolicy":"Local"}}"""));
        Assert.Equal("Service \"foo\" is invalid: spec.externalTrafficPolicy: Unsupported value: \"Foo\": supported values: \"Cluster\", \"Local\"",
            await InvalidAsync("""{"metadata":{"name":"foo"},"spec":{"type":"NodePort","ports":[{"port":80}],"externalTrafficPolicy":"Foo"}}"""));
        Assert.Equal("Service \"hc\" is invalid: spec.healthCheckNodePort: Invalid value: 30000: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
            await InvalidAsync("""{"metadata":{"name":"hc"},"spec":{"ports":[{"port":80}],"healthCheckNodePort":30000}}"""));
        // A cluster IP with external IPs is reachable from outside, so it gets the default policy.
        var external = await Server.Http.CreateAsync(Services, """{"metadata":{"name":"ext"},"spec":{"ports":[{"port":80}],"externalIPs":["192.0.2.10"]}}""");
        Assert.Equal("Cluster", external.Str("spec", "externalTrafficPolicy"));
        // Without them it is not, and the defaulted policy goes rather than make the update invalid.
        var inside = await Server.Http.MergePatchAsync($"{Services}/ext", """{"spec":{"externalIPs":null}}""");
        Assert.Null(inside["spec"]!["externalTrafficPolicy"]);

        // Back from NodePort, the policy it was given goes with its node ports.
        var np = await Server.Http.CreateAsync(Services, """{"metadata":{"name":"np"},"spec":{"type":"NodePort","ports":[{"port":80}]}}""");
        Assert.Equal("Cluster", np.Str("spec", "externalTrafficPolicy"));
        var back = await Server.Http.MergePatchAsync($"{Services}/np", """{"spec":{"type":"ClusterIP"}}""");
        Assert.Null(back["spec"]!["externalTrafficPolicy"]);
        Assert.Null(back["spec"]!["ports"]![0]!["nodePort"]);
        var lb = await Server.Http.CreateAsync(Services, """{"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","ports":[{"port":80}]}}""");
        Assert.Equal(true, (bool?)lb["spec"]!["allocateLoadBalancerNodePorts"]);
        var fromLb = await Server.Http.MergePatchAsync($"{Services}/lb", """{"spec":{"type":"ClusterIP"}}""");
        Assert.Null(fromLb["spec"]!["allocateLoadBalancerNodePorts"]);
        Assert.Null(fromLb["spec"]!["externalTrafficPolicy"]);
    }

    [Fact]
    public async Task OtherFields_AreChecked()
    {
        Assert.Equal("Service \"itp\" is invalid: spec.internalTrafficPolicy: Unsupported value: \"Foo\": supported values: \"Cluster\", \"Local\"",
            await InvalidAsync("""{"metadata":{"name":"itp"},"spec":{"ports":[{"port":80}],"internalTrafficPolicy":"Foo"}}"""));
        Assert.Equal("Service \"ip\" is invalid: spec.externalIPs[0]: Invalid value: \"foo\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
            await InvalidAsync("""{"metadata":{"name":"ip"},"spec":{"ports":[{"port":80}],"externalIPs":["foo"]}}"""));
        Assert.Equal("Service \"lo\" is invalid: spec.externalIPs[0]: Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)",
            await InvalidAsync("""{"metadata":{"name":"lo"},"spec":{"ports":[{"port":80}],"externalIPs":["127.0.0.1"]}}"""));
        // ParseIPSloppy takes any IPv6 spelling and leading zeros in a dotted quad, not .NET's shorthand "1.2".
        var v6 = await Server.Http.CreateAsync(Services, """{"metadata":{"name":"v6"},"spec":{"ports":[{"port":80}],"externalIPs":["2001:DB8::1","192.000.002.010"]}}""");
        Assert.Equal(2, v6["spec"]!["externalIPs"]!.AsArray().Count);
        Assert.Contains("must be a valid IP address",
            await InvalidAsync("""{"metadata":{"name":"short"},"spec":{"ports":[{"port":80}],"externalIPs":["1.2"]}}"""), StringComparison.Ordinal);
        Assert.Equal("Service \"sel\" is invalid: spec.selector: Invalid value: \"b c\": a valid label must be an empty string or consist of alphanumeric characters, "
            + "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
            await InvalidAsync("""{"metadata":{"name":"sel"},"spec":{"ports":[{"port":80}],"selector":{"a":"b c"}}}"""));
        Assert.Equal("Service \"src\" is invalid: spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
            await InvalidAsync("""{"metadata":{"name":"src"},"spec":{"ports":[{"port":80}],"loadBalancerSourceRanges":["10.0.0.0/8"]}}"""));
        Assert.Equal("Service \"alloc\" is invalid: spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'",
            await InvalidAsync("""{"metadata":{"name":"alloc"},"spec":{"ports":[{"port":80}],"allocateLoadBalancerNodePorts":false}}"""));
        // A fully qualified external name may end with its root dot.
        var fqdn = await Server.Http.CreateAsync(Services, """{"metadata":{"name":"fqdn"},"spec":{"type":"ExternalName","externalName":"db.example.com."}}""");
        Assert.Equal("db.example.com.", fqdn.Str("spec", "externalName"));
    }
}
