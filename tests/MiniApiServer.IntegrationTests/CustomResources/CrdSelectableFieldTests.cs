using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.CustomResources.CrdKit;

namespace MiniApiServer.IntegrationTests.CustomResources;

/// <summary>
/// CRD selectableFields (CustomResourceFieldSelectors, GA in 1.32): field selectors on a CRD version's declared
/// fields for lists, watches and kubectl, an absent field selecting as "" (registry/customresource/strategy.go), and
/// the CRD's own validation of them (apiextensions validation.go ValidateCustomResourceSelectableFields).
/// </summary>
public sealed class CrdSelectableFieldTests : ServerTest
{
    private const string Shirts = "/apis/example.com/v1/namespaces/default/shirts";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private static string Crd(string selectable) => """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"shirts.example.com"},
         "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"shirts","singular":"shirt","kind":"Shirt"},
          "versions":[{"name":"v1","served":true,"storage":true,"selectableFields":SELECTABLE,
           "schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","properties":{
             "color":{"type":"string"},"size":{"type":"integer"},"ironed":{"type":"boolean"},
             "tags":{"type":"array","items":{"type":"string"}},"extra":{"type":"object","additionalProperties":{"type":"string"}}}}}}}}]}}
        """.Replace("SELECTABLE", selectable, StringComparison.Ordinal);

    private const string Fields = """[{"jsonPath":".spec.color"},{"jsonPath":".spec.size"},{"jsonPath":".spec.ironed"}]""";

    private static string Shirt(string name, string spec) => $$"""{"apiVersion":"example.com/v1","kind":"Shirt","metadata":{"name":"{{name}}"},"spec":{{spec}}}""";

    private async Task<string[]> NamesAsync(string selector)
    {
        var list = await Server.Http.GetJsonAsync($"{Shirts}?fieldSelector={Uri.EscapeDataString(selector)}");
        return [.. list!["items"]!.AsArray().Select(i => i!["metadata"]!.Str("name")!).Order()];
    }

    [Fact]
    public async Task Lists_SelectOnTheDeclaredFields()
    {
        await InstallAsync(Server.Http, Crd(Fields), "example.com/v1");
        await Server.Http.CreateAsync(Shirts, Shirt("red-s", """{"color":"red","size":1,"ironed":true}"""));
        await Server.Http.CreateAsync(Shirts, Shirt("red-l", """{"color":"red","size":3}"""));
        await Server.Http.CreateAsync(Shirts, Shirt("plain", """{}"""));

        Assert.Equal(["red-l", "red-s"], await NamesAsync("spec.color=red"));
        Assert.Equal(["red-l"], await NamesAsync("spec.color=red,spec.size=3"));
        Assert.Equal(["red-s"], await NamesAsync("spec.ironed=true"));
        Assert.Equal(["plain"], await NamesAsync("spec.color="));
        Assert.Equal(["plain", "red-s"], await NamesAsync("spec.size!=3"));
        Assert.Equal(["plain"], await NamesAsync("metadata.name=plain"));

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Get, $"{Shirts}?fieldSelector=spec.tags%3Dx");
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("field label not supported: spec.tags", status.Str("message"));
    }

    [Fact]
    public async Task Watches_SelectOnTheDeclaredFields()
    {
        await InstallAsync(Server.Http, Crd(Fields), "example.com/v1");
        var created = await Server.Http.CreateAsync(Shirts, Shirt("blue", """{"color":"blue"}"""));
        var rv = created["metadata"]!.Str("resourceVersion");
        await Server.Http.CreateAsync(Shirts, Shirt("green", """{"color":"green"}"""));

        var first = await Server.Http.FirstWatchEventAsync($"{Shirts}?watch=true&resourceVersion={rv}&fieldSelector=spec.color%3Dgreen");

        Assert.Equal(("ADDED", "green"), (first.Str("type"), first["object"]!["metadata"]!.Str("name")));
    }

    [KubectlFact]
    public async Task Kubectl_GetWithFieldSelector()
    {
        await InstallAsync(Server.Http, Crd(Fields), "example.com/v1");
        await Server.Http.CreateAsync(Shirts, Shirt("red-s", """{"color":"red","size":1}"""));
        await Server.Http.CreateAsync(Shirts, Shirt("plain", """{}"""));

        var output = await Kubectl.OkAsync("get", "shirts", "--field-selector", "spec.color=red", "-o", "name");

        Assert.Equal("shirt.example.com/red-s\n", output);
    }

    [Fact]
    public async Task Crd_WithInvalidSelectableFields_IsInvalid()
    {
        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Crds, Crd(
            """[{"jsonPath":".spec.color"},{"jsonPath":".spec.color"},{"jsonPath":".spec.nope"},{"jsonPath":".spec.tags"},{"jsonPath":"spec.size"},{"jsonPath":".metadata.name"},{}]"""));

        Assert.Equal("CustomResourceDefinition.apiextensions.k8s.io \"shirts.example.com\" is invalid: ["
            + "spec.selectableFields[1].jsonPath: Duplicate value: \".spec.color\", "
            + "spec.selectableFields[2].jsonPath: Invalid value: \".spec.nope\": is an invalid path: does not refer to a valid field, "
            + "spec.selectableFields[3].jsonPath: Invalid value: \".spec.tags\": must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed., "
            + "spec.selectableFields[4].jsonPath: Invalid value: \"spec.size\": is an invalid path: expected [ or . but got: spec, "
            + "spec.selectableFields[5].jsonPath: Invalid value: \".metadata.name\": is an invalid path: does not refer to a valid field, "
            + "spec.selectableFields[6].jsonPath: Required value]", message);
    }
}
