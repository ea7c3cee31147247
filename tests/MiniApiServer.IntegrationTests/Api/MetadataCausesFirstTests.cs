using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Api;

/// <summary>
/// ValidatePod, like every kind's validation (pkg/apis/core/validation/validation.go), starts with ValidateObjectMeta:
/// a metadata error leads the Status causes and the message, before the spec's. Before, the strategy's causes came
/// first. On the typed (JSON) and the JsonNode (YAML) path, for a create and an update.
/// </summary>
public sealed class MetadataCausesFirstTests : ServerTest
{
    private const string NamePart =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private const string Pods = "/api/v1/namespaces/default/pods";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private static string Pod(string name, string labels, string image) => $$$"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","labels":{{{labels}}}},
         "spec":{"containers":[{"name":"c","image":"{{{image}}}"}]}}
        """;

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/yaml")]
    public async Task ACreate_ListsTheMetadataErrorFirst(string mediaType)
    {
        var resp = await Server.Http.PostAsync(Pods, CrudOverHttpTests.Json(Pod("both-bad", """{"-a":"v"}""", ""), mediaType));

        await AssertMetadataFirst(resp, "both-bad");
    }

    [Fact]
    public async Task AnUpdate_ListsTheMetadataErrorFirst()
    {
        var name = "upd-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await Server.Http.PostAsync(Pods, CrudOverHttpTests.Json(Pod(name, "{}", "busybox")))).StatusCode);

        var resp = await Server.Http.PutAsync($"{Pods}/{name}", CrudOverHttpTests.Json(Pod(name, """{"-a":"v"}""", "")));

        await AssertMetadataFirst(resp, name);
    }

    /// <summary>
    /// ValidatePodDisruptionBudget (pkg/apis/policy/validation) checks the spec only, and rest.BeforeCreate
    /// (apiserver pkg/registry/rest/create.go) returns the strategy's errors alone: a create with a bad label and a bad
    /// spec has only the spec's cause; with a good spec, the label's. Before, both, the label's first.
    /// </summary>
    [Fact]
    public async Task APodDisruptionBudgetCreate_ListsOnlyTheSpecError_AndTheMetadataErrorOnlyWithoutOne()
    {
        const string Budgets = "/apis/policy/v1/namespaces/default/poddisruptionbudgets";
        static string Budget(string name, string maxUnavailable) =>
            $$$"""{"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"{{{name}}}","labels":{"-a":"v"}},"spec":{"maxUnavailable":"{{{maxUnavailable}}}"}}""";

        var both = await Server.Http.PostAsync(Budgets, CrudOverHttpTests.Json(Budget("both-bad", "150%")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, both.StatusCode);
        var status = JsonNode.Parse(await both.Content.ReadAsStringAsync())!;
        Assert.Equal("PodDisruptionBudget.policy \"both-bad\" is invalid: spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%", status["message"]!.GetValue<string>());
        Assert.Single(status["details"]!["causes"]!.AsArray());

        var label = await Server.Http.PostAsync(Budgets, CrudOverHttpTests.Json(Budget("label-bad", "50%")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, label.StatusCode);
        Assert.Equal($"PodDisruptionBudget.policy \"label-bad\" is invalid: metadata.labels: Invalid value: \"-a\": {NamePart}",
            JsonNode.Parse(await label.Content.ReadAsStringAsync())!["message"]!.GetValue<string>());
    }

    private static async Task AssertMetadataFirst(HttpResponseMessage resp, string name)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, resp.StatusCode);
        var status = JsonNode.Parse(await resp.Content.ReadAsStringAsync())!;
        var causes = status["details"]!["causes"]!.AsArray().Select(c => $"{c!["field"]}: {c["message"]}").ToList();
        Assert.Equal($"metadata.labels: Invalid value: \"-a\": {NamePart}", causes[0]);
        Assert.Contains("spec.containers[0].image: Required value", causes);
        Assert.StartsWith($"Pod \"{name}\" is invalid: [metadata.labels: Invalid value: \"-a\": {NamePart}, ", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
