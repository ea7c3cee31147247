using System.Text.Json.Nodes;
using MiniApiServer.Application.Patching;

namespace MiniApiServer.UnitTests.Patching;

public class JsonPatchTests
{
    private const string Pod = """{"metadata":{"name":"p","labels":{"app":"x"}},"spec":{"containers":[{"name":"a"},{"name":"b"}]}}""";

    private static JsonNode? Apply(string document, string operations) =>
        JsonPatch.Apply(JsonNode.Parse(document), JsonAssert.Array(operations));

    [Fact]
    public void Apply_AddObjectMember_SetsValue()
    {
        var result = Apply(Pod, """[{"op":"add","path":"/metadata/labels/tier","value":"web"}]""");

        Assert.Equal("web", result!["metadata"]!["labels"]!["tier"]!.GetValue<string>());
        Assert.Equal("x", result["metadata"]!["labels"]!["app"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_AddAtArrayIndex_InsertsBeforeElement()
    {
        var result = Apply(Pod, """[{"op":"add","path":"/spec/containers/1","value":{"name":"c"}}]""");

        JsonAssert.Equal("""[{"name":"a"},{"name":"c"},{"name":"b"}]""", result!["spec"]!["containers"]);
    }

    [Fact]
    public void Apply_AddWithDash_AppendsToArray()
    {
        var result = Apply(Pod, """[{"op":"add","path":"/spec/containers/-","value":{"name":"c"}}]""");

        JsonAssert.Equal("""[{"name":"a"},{"name":"b"},{"name":"c"}]""", result!["spec"]!["containers"]);
    }

    [Fact]
    public void Apply_AddUnderMissingParent_ThrowsMissingPath()
    {
        var error = Assert.Throws<PatchException>(() => Apply(Pod, """[{"op":"add","path":"/spec/foo/bar","value":1}]"""));

        Assert.Contains("doc is missing path: \"/spec/foo/bar\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/spec/containers/3")]
    [InlineData("/spec/containers/01")]
    [InlineData("/spec/containers/x")]
    public void Apply_AddAtInvalidIndex_Throws(string path)
    {
        var error = Assert.Throws<PatchException>(() => Apply(Pod, $$$"""[{"op":"add","path":"{{{path}}}","value":{"name":"c"}}]"""));

        Assert.Contains("invalid index", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_RemoveArrayElement_ShiftsFollowingElements()
    {
        var result = Apply(Pod, """[{"op":"remove","path":"/spec/containers/0"}]""");

        JsonAssert.Equal("""[{"name":"b"}]""", result!["spec"]!["containers"]);
    }

    [Fact]
    public void Apply_RemoveMissingMember_ThrowsMissingPath()
    {
        var error = Assert.Throws<PatchException>(() => Apply(Pod, """[{"op":"remove","path":"/spec/foo"}]"""));

        Assert.Equal("remove operation does not apply: doc is missing path: \"/spec/foo\": missing value", error.Message);
    }

    [Fact]
    public void Apply_ReplaceExistingMember_ReplacesValue()
    {
        var result = Apply(Pod, """[{"op":"replace","path":"/spec/containers/1/name","value":"z"}]""");

        Assert.Equal("z", result!["spec"]!["containers"]![1]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_ReplaceMissingMember_Throws()
    {
        var error = Assert.Throws<PatchException>(() => Apply(Pod, """[{"op":"replace","path":"/spec/nodeName","value":"n1"}]"""));

        Assert.Contains("doc is missing path: \"/spec/nodeName\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_ReplaceRoot_ReplacesDocument()
    {
        var result = Apply(Pod, """[{"op":"replace","path":"","value":{"kind":"Pod"}}]""");

        JsonAssert.Equal("""{"kind":"Pod"}""", result);
    }

    [Fact]
    public void Apply_Move_RemovesSourceAndAddsTarget()
    {
        var result = Apply(Pod, """[{"op":"move","from":"/metadata/labels/app","path":"/metadata/labels/name"}]""");

        JsonAssert.Equal("""{"name":"x"}""", result!["metadata"]!["labels"]);
    }

    [Fact]
    public void Apply_MoveIntoOwnChild_Throws()
    {
        Assert.Throws<PatchException>(() => Apply(Pod, """[{"op":"move","from":"/metadata","path":"/metadata/labels/m"}]"""));
    }

    [Fact]
    public void Apply_Copy_DuplicatesValueIndependently()
    {
        var result = Apply(Pod, """[{"op":"copy","from":"/spec/containers/0","path":"/spec/containers/-"},{"op":"replace","path":"/spec/containers/2/name","value":"c"}]""");

        JsonAssert.Equal("""[{"name":"a"},{"name":"b"},{"name":"c"}]""", result!["spec"]!["containers"]);
    }

    [Fact]
    public void Apply_CopyFromMissingPath_Throws()
    {
        var error = Assert.Throws<PatchException>(() => Apply(Pod, """[{"op":"copy","from":"/nope","path":"/x"}]"""));

        Assert.Contains("doc is missing from path: \"/nope\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_TestMatchingValue_Succeeds()
    {
        var result = Apply(Pod, """[{"op":"test","path":"/spec/containers/1","value":{"name":"b"}},{"op":"remove","path":"/spec/containers/1"}]""");

        JsonAssert.Equal("""[{"name":"a"}]""", result!["spec"]!["containers"]);
    }

    [Theory]
    [InlineData("""[{"op":"test","path":"/metadata/name","value":"other"}]""", "/metadata/name")]
    [InlineData("""[{"op":"test","path":"/x","value":null}]""", "/x")]
    public void Apply_TestMismatch_ThrowsTestFailed(string operations, string path)
    {
        var error = Assert.Throws<PatchException>(() => Apply(Pod, operations));

        Assert.Equal($"testing value {path} failed: test failed", error.Message);
    }

    [Fact]
    public void Apply_EscapedPointer_AddressesKeysWithSlashAndTilde()
    {
        var document = """{"metadata":{"annotations":{"example.com/a~b":"1"}}}""";

        var result = Apply(document, """[{"op":"replace","path":"/metadata/annotations/example.com~1a~0b","value":"2"},{"op":"add","path":"/metadata/annotations/x~1y","value":"3"}]""");

        JsonAssert.Equal("""{"example.com/a~b":"2","x/y":"3"}""", result!["metadata"]!["annotations"]);
    }

    [Theory]
    [InlineData("""[{"op":"frobnicate","path":"/a"}]""", "Unexpected kind: frobnicate")]
    [InlineData("""[{"op":"add","value":1}]""", "add operation does not apply: missing path")]
    [InlineData("""[{"op":"add","path":"a","value":1}]""", "JSON pointer must be empty or start with a \"/\": a")]
    [InlineData("""[1]""", "the server rejected our request due to an error in our request")]
    public void Apply_MalformedOperation_Throws(string operations, string message)
    {
        var error = Assert.Throws<PatchException>(() => Apply(Pod, operations));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Apply_FailingLaterOperation_LeavesInputUntouched()
    {
        var document = JsonNode.Parse(Pod);

        Assert.Throws<PatchException>(() => JsonPatch.Apply(document, JsonAssert.Array("""[{"op":"remove","path":"/spec"},{"op":"remove","path":"/spec"}]""")));

        JsonAssert.Equal(Pod, document);
    }

    [Fact]
    public void Apply_TestEqualNumberWrittenDifferently_Succeeds()
    {
        var result = Apply("""{"spec":{"replicas":2}}""", """[{"op":"test","path":"/spec/replicas","value":2.0},{"op":"replace","path":"/spec/replicas","value":3}]""");

        Assert.Equal(3, result!["spec"]!["replicas"]!.GetValue<int>());
    }
}
