using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.UnitTests.Serialization;

/// <summary>intstr.IntOrString keeps its JSON type through a decode and an encode, "80" included.</summary>
public sealed class IntOrStringConverterTests
{
    [Theory]
    [InlineData("""{"port":"80"}""", true)]
    [InlineData("""{"port":" 5"}""", true)]
    [InlineData("""{"port":"http"}""", true)]
    [InlineData("""{"port":80}""", false)]
    public void RoundTrip_KeepsTheJsonType(string json, bool isString)
    {
        var port = ModelCodec.Decode<V1NetworkPolicyPort>(JsonNode.Parse(json)!.AsObject());

        Assert.Equal(isString, IntOrStringType.IsString(port.Port));
        Assert.Equal(json, JsonSerializer.Serialize(port, ModelCodec.Options));
    }

    [Fact]
    public void ValuesBuiltInCode_AreIntegersWhenTheyReadAsOne()
    {
        Assert.False(IntOrStringType.IsString(8080));
        Assert.True(IntOrStringType.IsString("25%"));
        Assert.Equal("""{"port":8080}""", JsonSerializer.Serialize(new V1NetworkPolicyPort { Port = 8080 }, ModelCodec.Options));
    }
}
