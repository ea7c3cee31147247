using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.UnitTests.Serialization;

/// <summary>The checks a request body gets on its way to a model: null list items, unknown fields, quantities.</summary>
public sealed class ModelCodecBodyCheckTests
{
    [Theory]
    [InlineData("""{"spec":{"containers":[{"name":"a","env":[{"name":"x"},null]}]}}""", "spec.containers[0].env[1]")]
    [InlineData("""{"spec":{"containers":[null]}}""", "spec.containers[0]")]
    // A map's keys read as fields here, as they did when the check walked JsonNodes.
    [InlineData("""{"spec":{"nodeSelector":{"a":[null]}}}""", "spec.nodeSelector.a[0]")]
    [InlineData("""{"metadata":{"finalizers":["f",null]}}""", "metadata.finalizers[1]")]
    public void NullListItem_IsRefusedWithItsPath(string body, string path)
    {
        var ex = Assert.Throws<ApiException>(() => ModelCodec.Decode<V1Pod>(JsonNode.Parse(body)!.AsObject()));

        Assert.Equal(400, ex.Code);
        Assert.Equal($"{path}: null is not allowed as a list item", ex.Message);
    }

    [Fact]
    public void UnknownFields_AreListedInDocumentOrder_NullsAndKnownFieldsAside()
    {
        var body = JsonNode.Parse("""
            {"metadata":{"name":"p","labels":{"a":"b"},"zzz":null},
             "spec":{"b\u006fgus":1,"nodeSelector":{"x":"y"},
              "containers":[{"name":"c","extra":{"a":[1]}},{"name":"d","resources":{"limits":{"cpu":"1"}},"what":true}]},
             "status":{"phase":"Pending","conditions":[{"type":"Ready","nope":"x"}]}}
            """);

        Assert.Equal(["spec.bogus", "spec.containers[0].extra", "spec.containers[1].what", "status.conditions[0].nope"],
            ModelCodec.UnknownFields(body, typeof(V1Pod)));
    }

    /// <summary>sigs.k8s.io/json's field stack appends a map's key as it does a field's name (appendStrictFieldStackKey).</summary>
    [Fact]
    public void UnknownFields_InsideMapValues_NameTheKeyAsAField()
    {
        var body = JsonNode.Parse("""{"web":{"name":"web","imagex":"i"},"db":{"name":"db"}}""");

        Assert.Equal(["web.imagex"], ModelCodec.UnknownFields(body, typeof(Dictionary<string, V1Container>)));
    }

    [Fact]
    public void Quantities_DecodeToTheirCanonicalForm_TheSecondTimeAsTheFirst()
    {
        const string body = """{"spec":{"containers":[{"name":"c","resources":{"requests":{"cpu":"1000m","memory":"1024Mi"},"limits":{"cpu":0.5,"memory":"1.5Gi"}}}]}}""";
        for (var i = 0; i < 2; i++)
        {
            var pod = ModelCodec.Decode<V1Pod>(JsonNode.Parse(body)!.AsObject());
            var resources = ModelCodec.Encode(pod)["spec"]!["containers"]![0]!["resources"]!;

            Assert.Equal("1", (string?)resources["requests"]!["cpu"]);
            Assert.Equal("1Gi", (string?)resources["requests"]!["memory"]);
            Assert.Equal("500m", (string?)resources["limits"]!["cpu"]);
            Assert.Equal("1536Mi", (string?)resources["limits"]!["memory"]);
        }
    }

    [Fact]
    public void ResourceQuantity_HasNoPublicSetter_SoDecodedInstancesCanBeShared()
    {
        Assert.Empty(typeof(ResourceQuantity).GetProperties().Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.Name));
    }
}
