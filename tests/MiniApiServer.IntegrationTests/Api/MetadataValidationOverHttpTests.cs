using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Api;

/// <summary>
/// Name, label and annotation rules (apimachinery's ValidateObjectMeta: ValidateLabels, ValidateAnnotations) on a
/// create: a JSON pod takes the typed path, which reads the model's maps, and the same pod as YAML takes the JsonNode
/// path; both answer with the same 422 and causes.
/// </summary>
public sealed class MetadataValidationOverHttpTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private static string Pod(string name, string labels, string annotations) => $$$"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","labels":{{{labels}}},"annotations":{{{annotations}}}},
         "spec":{"containers":[{"name":"c","image":"busybox"}]}}
        """;

    public static TheoryData<string, string, string[]> BadMetadata => new()
    {
        { """{"bad key!":"v"}""", "{}", ["metadata.labels"] },
        { """{"app":"-starts-with-dash"}""", "{}", ["metadata.labels"] },
        { """{"app":"v"}""", """{"not/a/qualified/key":"x"}""", ["metadata.annotations"] },
        { """{"app":"v"}""", $$"""{"big":"{{new string('x', 262_145)}}"}""", ["metadata.annotations"] },
        { """{"a b":"c d","ok":"fine"}""", """{"UPPER/ok":"x","x/y/z":"w"}""", ["metadata.annotations", "metadata.labels", "metadata.labels"] },
    };

    [Theory]
    [MemberData(nameof(BadMetadata))]
    public async Task BadLabelsOrAnnotations_Are422_TheSameOnTheTypedAndTheJsonNodePath(string labels, string annotations, string[] fields)
    {
        var json = await Server.Http.PostAsync("/api/v1/namespaces/default/pods", CrudOverHttpTests.Json(Pod("json-pod", labels, annotations)));
        var yaml = await Server.Http.PostAsync("/api/v1/namespaces/default/pods",
            CrudOverHttpTests.Json(Pod("json-pod", labels, annotations), "application/yaml"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, json.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, yaml.StatusCode);
        var fromJson = JsonNode.Parse(await json.Content.ReadAsStringAsync())!;
        var fromYaml = JsonNode.Parse(await yaml.Content.ReadAsStringAsync())!;
        Assert.Equal("Invalid", fromJson["reason"]!.GetValue<string>());
        Assert.Equal(fields, fromJson["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()).Order());
        Assert.True(JsonNode.DeepEquals(fromYaml, fromJson), $"{fromYaml.ToJsonString()}\n{fromJson.ToJsonString()}");
        var get = await Server.Http.GetAsync("/api/v1/namespaces/default/pods/json-pod");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task ValidLabelsAndAnnotations_AreKept()
    {
        var resp = await Server.Http.PostAsync("/api/v1/namespaces/default/pods", CrudOverHttpTests.Json(
            Pod("fine", """{"app.kubernetes.io/name":"web","tier":"","v":"1.2_3"}""", """{"example.com/note":"any text: at all!"}""")));

        Assert.Equal(HttpStatusCode.Created, resp.StatusCode);
        var pod = JsonNode.Parse(await resp.Content.ReadAsStringAsync())!;
        Assert.Equal("", pod["metadata"]!["labels"]!["tier"]!.GetValue<string>());
        Assert.Equal("any text: at all!", pod["metadata"]!["annotations"]!["example.com/note"]!.GetValue<string>());
    }
}
