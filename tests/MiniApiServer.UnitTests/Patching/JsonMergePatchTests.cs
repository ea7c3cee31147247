using MiniApiServer.Application.Patching;

namespace MiniApiServer.UnitTests.Patching;

public class JsonMergePatchTests
{
    // RFC 7386 appendix A.
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""["a","b"]""", """["c","d"]""", """["c","d"]""")]
    [InlineData("""{"a":"b"}""", """["c"]""", """["c"]""")]
    [InlineData("""{"a":"foo"}""", "null", "null")]
    [InlineData("""{"a":"foo"}""", "\"bar\"", "\"bar\"")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void Apply_RfcExamples_ProduceExpectedDocument(string target, string patch, string expected)
    {
        var result = JsonMergePatch.Apply(System.Text.Json.Nodes.JsonNode.Parse(target), System.Text.Json.Nodes.JsonNode.Parse(patch));

        JsonAssert.Equal(expected, result);
    }

    [Fact]
    public void Apply_LabelsPatch_MergesMapAndDeletesNulls()
    {
        var target = JsonAssert.Object("""{"metadata":{"name":"n","labels":{"a":"1","b":"2"}},"spec":{"unschedulable":true}}""");
        var patch = JsonAssert.Object("""{"metadata":{"labels":{"b":null,"c":"3"}},"spec":{"unschedulable":null}}""");

        var result = JsonMergePatch.Apply(target, patch);

        JsonAssert.Equal("""{"metadata":{"name":"n","labels":{"a":"1","c":"3"}},"spec":{}}""", result);
    }

    [Fact]
    public void Apply_AnyPatch_DoesNotMutateInputs()
    {
        var target = JsonAssert.Object("""{"a":{"b":1,"c":[1,2]}}""");
        var patch = JsonAssert.Object("""{"a":{"b":null,"d":{"e":1}}}""");

        var result = JsonMergePatch.Apply(target, patch)!;
        result["a"]!["d"]!["e"] = 2;

        JsonAssert.Equal("""{"a":{"b":1,"c":[1,2]}}""", target);
        JsonAssert.Equal("""{"a":{"b":null,"d":{"e":1}}}""", patch);
        JsonAssert.Equal("""{"a":{"c":[1,2],"d":{"e":2}}}""", result);
    }
}
