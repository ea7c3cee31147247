using MiniApiServer.Discovery;
using MiniApiServer.OpenApi;
using System.Text.Json.Nodes;

namespace MiniApiServer.UnitTests.OpenApi;

public class OpenApiV3GeneratorTests
{
    private static readonly JsonObject Apps = TestResources.Generator.Generate("apps", "v1");
    private static readonly JsonObject Core = TestResources.Generator.Generate("", "v1");

    private static JsonObject Schema(JsonObject document, string name) =>
        document["components"]!["schemas"]![name]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"schema {name} missing");

    private static JsonObject Resolve(JsonObject document, JsonNode property)
    {
        var reference = (property["$ref"] ?? property["allOf"]![0]!["$ref"])!.GetValue<string>();
        Assert.StartsWith("#/components/schemas/", reference, StringComparison.Ordinal);
        return Schema(document, reference["#/components/schemas/".Length..]);
    }

    [Fact]
    public void DaemonSetSchemaCarriesXmlDocDescriptionAndGvk()
    {
        var ds = Schema(Apps, "io.k8s.api.apps.v1.DaemonSet");

        Assert.StartsWith("DaemonSet represents the configuration of a daemon set.", ds["description"]!.GetValue<string>(), StringComparison.Ordinal);
        var gvk = Assert.Single(ds["x-kubernetes-group-version-kind"]!.AsArray())!;
        Assert.Equal(("apps", "v1", "DaemonSet"), (gvk["group"]!.GetValue<string>(), gvk["version"]!.GetValue<string>(), gvk["kind"]!.GetValue<string>()));
        Assert.Contains("Standard object's metadata.", ds["properties"]!["metadata"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void SpecUpdateStrategyResolvesThroughAllOf()
    {
        var spec = Resolve(Apps, Schema(Apps, "io.k8s.api.apps.v1.DaemonSet")["properties"]!["spec"]!);
        var updateStrategy = spec["properties"]!["updateStrategy"]!;
        var strategy = Resolve(Apps, updateStrategy);

        Assert.Equal("An update strategy to replace existing DaemonSet pods with new pods.", updateStrategy["description"]!.GetValue<string>());
        Assert.Contains("rollingUpdate", strategy["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["selector", "template"], spec["required"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void DaemonSetPatchOperationIsFoundByKubectlsFieldValidationCheck()
    {
        var patch = Apps["paths"]!["/apis/apps/v1/namespaces/{namespace}/daemonsets/{name}"]!["patch"]!;

        Assert.Equal("patchAppsV1NamespacedDaemonSet", patch["operationId"]!.GetValue<string>());
        Assert.Equal("patch", patch["x-kubernetes-action"]!.GetValue<string>());
        var gvk = patch["x-kubernetes-group-version-kind"]!.AsObject();
        Assert.Equal("apps", gvk["group"]!.GetValue<string>());
        Assert.Equal("v1", gvk["version"]!.GetValue<string>());
        Assert.Equal("DaemonSet", gvk["kind"]!.GetValue<string>());
        Assert.Contains(patch["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "fieldValidation" && p["in"]!.GetValue<string>() == "query");
        Assert.NotNull(patch["requestBody"]!["content"]!["application/strategic-merge-patch+json"]);
    }

    [Fact]
    public void CoreDocumentHasStrategicMergeMetadataAndSpecialTypes()
    {
        var podSpec = Schema(Core, "io.k8s.api.core.v1.PodSpec");
        var containers = podSpec["properties"]!["containers"]!;
        Assert.Equal("name", containers["x-kubernetes-patch-merge-key"]!.GetValue<string>());
        Assert.Equal("merge", containers["x-kubernetes-patch-strategy"]!.GetValue<string>());
        Assert.Equal(["containers"], podSpec["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["name"], Schema(Core, "io.k8s.api.core.v1.Container")["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("int-or-string", Schema(Core, "io.k8s.apimachinery.pkg.util.intstr.IntOrString")["format"]!.GetValue<string>());
        Assert.Equal("date-time", Schema(Core, "io.k8s.apimachinery.pkg.apis.meta.v1.Time")["format"]!.GetValue<string>());
        Assert.Equal("uid", Schema(Core, "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")["properties"]!["ownerReferences"]!["x-kubernetes-patch-merge-key"]!.GetValue<string>());
        Assert.NotNull(Core["paths"]!["/api/v1/namespaces/{namespace}/pods/{name}/binding"]!["post"]);
        Assert.NotNull(Core["paths"]!["/api/v1/nodes/{name}/status"]!["patch"]);
        Assert.NotNull(Core["paths"]!["/api/v1/pods"]!["get"]);
    }

    [Fact]
    public void EveryReferenceResolves()
    {
        foreach (var (_, document) in TestResources.Generator.GenerateAll())
        {
            var schemas = document["components"]!["schemas"]!.AsObject();
            foreach (var reference in References(document))
            {
                Assert.True(schemas.ContainsKey(reference["#/components/schemas/".Length..]), $"dangling {reference}");
            }
        }
    }

    [Fact]
    public void GenerationIsByteForByteDeterministic()
    {
        var first = ApiSpecFiles.Serialize(new OpenApiV3Generator(TestResources.Types, TestResources.Docs).GenerateAll());
        var second = ApiSpecFiles.Serialize(new OpenApiV3Generator(TestResources.Types, TestResources.Docs).GenerateAll());

        Assert.Equal(first.Keys, second.Keys);
        Assert.All(first, d => Assert.Equal(d.Value, second[d.Key]));
        Assert.Equal(
            ["api/v1", "apis/admissionregistration.k8s.io/v1", "apis/apiextensions.k8s.io/v1", "apis/apiregistration.k8s.io/v1", "apis/apps/v1", "apis/autoscaling/v1", "apis/autoscaling/v2", "apis/batch/v1", "apis/certificates.k8s.io/v1", "apis/coordination.k8s.io/v1", "apis/discovery.k8s.io/v1", "apis/events.k8s.io/v1", "apis/flowcontrol.apiserver.k8s.io/v1", "apis/networking.k8s.io/v1", "apis/node.k8s.io/v1", "apis/policy/v1", "apis/rbac.authorization.k8s.io/v1", "apis/scheduling.k8s.io/v1", "apis/storage.k8s.io/v1"],
            first.Keys);
    }

    [Fact]
    public void IndexPointsAtHashedDocuments()
    {
        var bytes = ApiSpecFiles.Serialize(TestResources.Generator.GenerateAll());
        var index = OpenApiV3Index.Build(bytes);

        var url = index["paths"]!["apis/apps/v1"]!["serverRelativeURL"]!.GetValue<string>();
        Assert.Equal("/openapi/v3/apis/apps/v1?hash=" + OpenApiV3Index.Hash(bytes["apis/apps/v1"]), url);
        Assert.Matches("hash=[0-9A-F]{128}$", url);
    }

    [Fact]
    public void FilesRoundTripWithUpstreamNames()
    {
        var directory = Path.Combine(Path.GetTempPath(), "openapi-" + Guid.NewGuid().ToString("N"));
        try
        {
            ApiSpecFiles.WriteAll(TestResources.Generator, directory);

            Assert.True(File.Exists(Path.Combine(directory, "openapi-v3", "api__v1_openapi.json")));
            Assert.True(File.Exists(Path.Combine(directory, "openapi-v3", "apis__rbac.authorization.k8s.io__v1_openapi.json")));
            var read = ApiSpecFiles.ReadAll(directory);
            var expected = ApiSpecFiles.Serialize(TestResources.Generator.GenerateAll());
            Assert.Equal(expected.Keys, read.Keys);
            Assert.All(expected, d => Assert.Equal(d.Value, read[d.Key]));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        // JSONSchemaProps has a property named "$ref" (a schema under "properties"); a reference's value is a string.
        JsonObject obj => obj.SelectMany(p => p.Key == "$ref" && p.Value is JsonValue ? [p.Value.GetValue<string>()] : References(p.Value)),
        JsonArray array => array.SelectMany(References),
        _ => [],
    };

    /// <summary>ServiceSpec.ports and DeploymentSpec.strategy as k8s.io/api v0.32's markers declare them.</summary>
    [Fact]
    public void ServicePortsAndDeploymentStrategy_CarryUpstreamsPatchMetadata()
    {
        var ports = Schema(Core, "io.k8s.api.core.v1.ServiceSpec")["properties"]!["ports"]!;
        Assert.Equal(("port", "merge", "map"), (ports["x-kubernetes-patch-merge-key"]!.GetValue<string>(), ports["x-kubernetes-patch-strategy"]!.GetValue<string>(), ports["x-kubernetes-list-type"]!.GetValue<string>()));
        Assert.Equal(["port", "protocol"], ports["x-kubernetes-list-map-keys"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("atomic", Schema(Core, "io.k8s.api.core.v1.ServiceSpec")["properties"]!["clusterIPs"]!["x-kubernetes-list-type"]!.GetValue<string>());
        Assert.Equal("retainKeys", Schema(Apps, "io.k8s.api.apps.v1.DeploymentSpec")["properties"]!["strategy"]!["x-kubernetes-patch-strategy"]!.GetValue<string>());
    }

    /// <summary>
    /// Every field the server's strategic merge patch merges by key is advertised so (kubectl builds its patches from the
    /// document): the oracle is the list in k8s.io/api v0.32's types.go markers, written out here for the served groups.
    /// </summary>
    [Theory]
    [InlineData("", "io.k8s.api.core.v1.ServiceSpec", "ports", "merge", "port")]
    [InlineData("", "io.k8s.api.core.v1.ServiceStatus", "conditions", "merge", "type")]
    [InlineData("", "io.k8s.api.core.v1.PersistentVolumeClaimStatus", "conditions", "merge", "type")]
    [InlineData("", "io.k8s.api.core.v1.ServiceAccount", "secrets", "merge", "name")]
    [InlineData("", "io.k8s.api.core.v1.NodeSpec", "podCIDRs", "merge", null)]
    [InlineData("", "io.k8s.api.core.v1.PodSpec", "volumes", "merge,retainKeys", "name")]
    [InlineData("apps", "io.k8s.api.apps.v1.StatefulSetStatus", "conditions", "merge", "type")]
    [InlineData("batch", "io.k8s.api.batch.v1.JobStatus", "conditions", "merge", "type")]
    [InlineData("policy", "io.k8s.api.policy.v1.PodDisruptionBudgetStatus", "conditions", "merge", "type")]
    public void PatchStrategies_MatchUpstreamsMarkers(string group, string schema, string field, string strategy, string? key)
    {
        var document = TestResources.Generator.Generate(group, "v1");
        var property = Schema(document, schema)["properties"]![field]!;

        Assert.Equal(strategy, property["x-kubernetes-patch-strategy"]?.GetValue<string>());
        Assert.Equal(key, property["x-kubernetes-patch-merge-key"]?.GetValue<string>());
    }
}
