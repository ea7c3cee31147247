using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Hostile;

/// <summary>
/// CEL's matches() is RE2's (cel-go's stdlib, Go regexp), linear in the string: ^(a+)+$ on "aaa…a!" is false, and a
/// policy whose expression is false denies with its "failed expression" message. .NET's backtracking engine ran it into
/// its time limit instead, so the request was denied as an evaluation error, after 100 ms of CPU per string.
/// </summary>
public sealed class CelPatternTests : ServerTest
{
    private const string Expression = "object.data.x.matches('^(a+)+$')";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task APatternThatBacktrackingCannotDecide_IsFalse_AndThePolicyDenies()
    {
        await Server.Http.CreateAsync("/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies", $$$"""
            {"metadata":{"name":"redos"},"spec":{"failurePolicy":"Fail",
              "matchConstraints":{"resourceRules":[{"apiGroups":[""],"apiVersions":["v1"],"operations":["CREATE"],"resources":["configmaps"]}]},
              "validations":[{"expression":"{{{Expression}}}"}]}}
            """);
        await Server.Http.CreateAsync("/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings",
            """{"metadata":{"name":"redos"},"spec":{"policyName":"redos","validationActions":["Deny"]}}""");
        var value = new string('a', 40) + "!";

        // The policy takes effect once this server's cache holds both objects: the first refusal shows it.
        var (code, status) = await Eventually.Get(
            () => Server.Http.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
                new JsonObject { ["metadata"] = new JsonObject { ["generateName"] = "c-" }, ["data"] = new JsonObject { ["x"] = value } }.ToJsonString()),
            r => r.Code != HttpStatusCode.Created, TimeSpan.FromSeconds(20), "a refusal from the policy");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.EndsWith($"ValidatingAdmissionPolicy 'redos' with binding 'redos' denied request: failed expression: {Expression}", status.Str("message"));
    }
}
