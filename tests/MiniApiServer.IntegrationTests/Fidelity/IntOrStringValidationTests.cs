using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>
/// intstr.IntOrString keeps a JSON string a string, <c>"80"</c> included, and 1.32's validation holds it to what a string
/// must be there: a port name (ValidatePortNumOrName, IsValidPortName) or a percentage (apps validation's
/// ValidatePositiveIntOrPercent, IsNotMoreThan100Percent). field.Error prints the IntOrString itself with %#v, as it is
/// no fmt.Stringer by value in 1.32. The client library's model would have turned "80" into the number 80.
/// </summary>
public sealed class IntOrStringValidationTests : ServerTest
{
    private const string Deployments = "/apis/apps/v1/namespaces/default/deployments";
    private const string DaemonSets = "/apis/apps/v1/namespaces/default/daemonsets";
    private const string PodSpec = """{"containers":[{"name":"c","image":"nginx"}]}""";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private static string Deployment(string name, string strategy, string podSpec = PodSpec) =>
        "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"" + name + "\"}},\"strategy\":" + strategy
        + ",\"template\":{\"metadata\":{\"labels\":{\"app\":\"" + name + "\"}},\"spec\":" + podSpec + "}}}";

    [Theory]
    [InlineData("""{"rollingUpdate":{"maxSurge":"3"}}""",
        "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"3\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")]
    [InlineData("""{"rollingUpdate":{"maxSurge":0,"maxUnavailable":"0%"}}""",
        "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"0%\"}: may not be 0 when `maxSurge` is 0")]
    [InlineData("""{"rollingUpdate":{"maxSurge":0,"maxUnavailable":0}}""",
        "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0")]
    [InlineData("""{"rollingUpdate":{"maxUnavailable":"101%"}}""",
        "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"101%\"}: must not be greater than 100%")]
    [InlineData("""{"rollingUpdate":{"maxSurge":-1}}""", "spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0")]
    public async Task DeploymentRollingUpdate_IsValidatedAsUpstream(string strategy, string cause) =>
        Assert.Equal($"Deployment.apps \"d\" is invalid: {cause}", await Server.Http.InvalidMessageAsync(HttpMethod.Post, Deployments, Deployment("d", strategy)));

    /// <summary>ValidateRollingUpdateDeployment holds only maxUnavailable to 100%; a surge of 200% is a valid rollout.</summary>
    [Fact]
    public async Task DeploymentMaxSurge_MayExceed100Percent_AndStaysAString()
    {
        var created = await Server.Http.CreateAsync(Deployments, Deployment("surge", """{"rollingUpdate":{"maxSurge":"200%","maxUnavailable":1}}"""));

        var rollingUpdate = created["spec"]!["strategy"]!["rollingUpdate"]!;
        Assert.Equal("200%", rollingUpdate["maxSurge"]!.GetValue<string>());
        Assert.Equal(1, rollingUpdate["maxUnavailable"]!.GetValue<int>());
    }

    [Fact]
    public async Task DaemonSetSurgeWithUnavailable_NamesTheSurgeItself()
    {
        var daemonSet = """{"metadata":{"name":"ds"},"spec":{"selector":{"matchLabels":{"app":"ds"}},"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1,"maxUnavailable":"10%"}},"template":{"metadata":{"labels":{"app":"ds"}},"spec":""" + PodSpec + "}}}";

        Assert.Equal("DaemonSet.apps \"ds\" is invalid: spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:\"\"}: may not be set when maxUnavailable is non-zero",
            await Server.Http.InvalidMessageAsync(HttpMethod.Post, DaemonSets, daemonSet));
    }

    [Fact]
    public async Task QuotedNumbers_AreNoPortNames()
    {
        Assert.Equal("Service \"quoted\" is invalid: spec.ports[0].targetPort: Invalid value: \"8080\": must contain at least one letter (a-z)",
            await Server.Http.InvalidMessageAsync(HttpMethod.Post, "/api/v1/namespaces/default/services",
                """{"metadata":{"name":"quoted"},"spec":{"ports":[{"port":80,"targetPort":"8080"}]}}"""));
        Assert.Equal("Deployment.apps \"probe\" is invalid: spec.template.spec.containers[0].readinessProbe.httpGet.port: Invalid value: \"8080\": must contain at least one letter (a-z)",
            await Server.Http.InvalidMessageAsync(HttpMethod.Post, Deployments,
                Deployment("probe", "{}", """{"containers":[{"name":"c","image":"nginx","readinessProbe":{"httpGet":{"port":"8080"}}}]}""")));
        // A named port and a number still pass, and each keeps its JSON type.
        var service = await Server.Http.CreateAsync("/api/v1/namespaces/default/services",
            """{"metadata":{"name":"named"},"spec":{"ports":[{"name":"a","port":80,"targetPort":"http"},{"name":"b","port":81,"targetPort":8081}]}}""");
        Assert.Equal("http", service["spec"]!["ports"]![0]!["targetPort"]!.GetValue<string>());
        Assert.Equal(8081, service["spec"]!["ports"]![1]!["targetPort"]!.GetValue<int>());
    }
}
