using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.CustomResources.CrdKit;

namespace MiniApiServer.IntegrationTests.CustomResources;

/// <summary>
/// allOf, anyOf, oneOf and not in a CRD schema, as kube-openapi's schemaPropsValidator checks them and
/// apiextensions-apiserver turns its errors into field errors (pkg/apiserver/validation/validation.go): the quantity
/// shape controller-gen writes for resource lists (anyOf integer or string), an exclusive choice, and a forbidden value.
/// </summary>
public sealed class CrdSchemaCompositionTests : ServerTest
{
    private const string Jobs = "/apis/example.com/v1/namespaces/default/batchjobs";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private const string Crd = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"batchjobs.example.com"},
         "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"batchjobs","singular":"batchjob","kind":"BatchJob"},
          "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object",
            "oneOf":[{"required":["image"]},{"required":["command"]}],
            "properties":{
              "image":{"type":"string"},
              "command":{"type":"string"},
              "limits":{"type":"object","additionalProperties":{"anyOf":[{"type":"integer"},{"type":"string"}],"x-kubernetes-int-or-string":true,
                "pattern":"^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$"}},
              "name":{"type":"string","allOf":[{"minLength":2},{"maxLength":5}]},
              "mode":{"type":"string","not":{"enum":["legacy"]}}}}}}}}]}}
        """;

    private static string Job(string name, string spec) => $$"""{"apiVersion":"example.com/v1","kind":"BatchJob","metadata":{"name":"{{name}}"},"spec":{{spec}}}""";

    [Fact]
    public async Task CompositionFailures_AreReportedAsKubeApiserverDoes()
    {
        await InstallAsync(Server.Http, Crd, "example.com/v1");

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Jobs, Job("j1",
            """{"image":"a","command":"b","limits":{"cpu":true,"memory":"1Gi"},"name":"x","mode":"legacy"}"""));

        Assert.Equal("BatchJob.example.com \"j1\" is invalid: ["
            + "spec: Invalid value: \"\": \"spec\" must validate one and only one schema (oneOf). Found 2 valid alternatives, "
            + "spec.limits.cpu: Invalid value: \"\": \"spec.limits.cpu\" must validate at least one schema (anyOf), "
            + "spec.name: Invalid value: \"x\": spec.name in body should be at least 2 chars long, "
            + "spec.name: Invalid value: \"\": \"spec.name\" must validate all the schemas (allOf), "
            + "spec.mode: Invalid value: \"\": \"spec.mode\" must not validate the schema (not)]", message);

        var none = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Jobs, Job("j2", """{}"""));
        Assert.Equal("BatchJob.example.com \"j2\" is invalid: spec: Invalid value: \"\": \"spec\" must validate one and only one schema (oneOf). Found none valid", none);

        var created = await Server.Http.CreateAsync(Jobs, Job("j3", """{"image":"a","limits":{"cpu":2,"memory":"1Gi"},"name":"abc","mode":"fast"}"""));
        Assert.Equal("1Gi", created["spec"]!["limits"]!.Str("memory"));
    }
}
