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
    [InlineData("/spec/containers/3", "error in add for path: '/spec/containers/3': Unable to access invalid index: 3: invalid index referenced")]
    [InlineData("/spec/containers/x", "error in add for path: '/spec/containers/x': value was not a proper array index: 'x': strconv.Atoi: parsing \"x\": invalid syntax")]
    public void Apply_AddAtInvalidIndex_Throws(string path, string message)
    {
        var error = Assert.Throws<PatchException>(() => Apply(Pod, $$$"""[{"op":"add","path":"{{{path}}}","value":{"name":"c"}}]"""));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Apply_RemoveArrayElement_ShiftsFollowingElements()
    {
        var result = Apply(Pod, """[{"op":"remove","path":"/spec/containers/0"}]""");

        JsonAssert.Equal("""[{"name":"b"}]""", result!["spec"]!["containers"]);
    }

    [Theory]
    [InlineData("/spec/foo", "error in remove for path: '/spec/foo': Unable to remove nonexistent key: foo: missing value")]
    [InlineData("/spec/foo/bar", "remove operation does not apply: doc is missing path: \"/spec/foo/bar\": missing value")]
    [InlineData("/spec/containers/5", "error in remove for path: '/spec/containers/5': Unable to access invalid index: 5: invalid index referenced")]
    public void Apply_RemoveMissing_SaysWhatJsonPatchV4Says(string path, string message)
    {
        var error = Assert.Throws<PatchException>(() => Apply(Pod, $$$"""[{"op":"remove","path":"{{{path}}}"}]"""));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Apply_ReplaceExistingMember_ReplacesValue()
    {
        var result = Apply(Pod, """[{"op":"replace","path":"/spec/containers/1/name","value":"z"}]""");

        Assert.Equal("z", result!["spec"]!["containers"]![1]!["name"]!.GetValue<string>());
    }

    /// <summary>json-patch.v4's partialDoc.get never fails, so a replace of a key the object lacks sets it.</summary>
    [Fact]
    public void Apply_ReplaceMissingMember_SetsIt_ButNotUnderAMissingParent()
    {
        var result = Apply(Pod, """[{"op":"replace","path":"/spec/nodeName","value":"n1"}]""");
        Assert.Equal("n1", result!["spec"]!["nodeName"]!.GetValue<string>());

        var error = Assert.Throws<PatchException>(() => Apply(Pod, """[{"op":"replace","path":"/spec/foo/bar","value":1}]"""));
        Assert.Equal("replace operation does not apply: doc is missing path: /spec/foo/bar: missing value", error.Message);
        error = Assert.Throws<PatchException>(() => Apply(Pod, """[{"op":"replace","path":"/spec/containers/5","value":1}]"""));
        Assert.Equal("replace operation does not apply: doc is missing key: /spec/containers/5: missing value", error.Message);
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

    /// <summary>v4 removes the source first, so moving into its own child finds no destination.</summary>
    [Fact]
    public void Apply_MoveIntoOwnChild_Throws()
    {
        var error = Assert.Throws<PatchException>(() => Apply(Pod, """[{"op":"move","from":"/metadata","path":"/metadata/labels/m"}]"""));

        Assert.Equal("move operation does not apply: doc is missing destination path: /metadata/labels/m: missing value", error.Message);
    }

    [Fact]
    public void Apply_Copy_DuplicatesValueIndependently()
    {
        var result = Apply(Pod, """[{"op":"copy","from":"/spec/containers/0","path":"/spec/containers/-"},{"op":"replace","path":"/spec/containers/2/name","value":"c"}]""");

        JsonAssert.Equal("""[{"name":"a"},{"name":"b"},{"name":"c"}]""", result!["spec"]!["containers"]);
    }

    [Fact]
    public void Apply_CopyFromMissingPath_Throws_AndAMissingKeyCopiesNull()
    {
        var error = Assert.Throws<PatchException>(() => Apply(Pod, """[{"op":"copy","from":"/nope/deeper","path":"/x"}]"""));
        Assert.Equal("copy operation does not apply: doc is missing from path: /nope/deeper: missing value", error.Message);

        var result = Apply(Pod, """[{"op":"copy","from":"/nope","path":"/x"}]""");
        Assert.True(result!.AsObject().ContainsKey("x"));
        Assert.Null(result["x"]);
    }

    [Fact]
    public void Apply_TestMatchingValue_Succeeds()
    {
        var result = Apply(Pod, """[{"op":"test","path":"/spec/containers/1","value":{"name":"b"}},{"op":"remove","path":"/spec/containers/1"}]""");

        JsonAssert.Equal("""[{"name":"a"}]""", result!["spec"]!["containers"]);
    }

    [Theory]
    [InlineData("""[{"op":"test","path":"/metadata/name","value":"other"}]""", "/metadata/name")]
    [InlineData("""[{"op":"test","path":"/x","value":1}]""", "/x")]
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
    [InlineData("""[{"op":"add","value":1}]""", "add operation failed to decode path: missing value")]
    [InlineData("""[{"op":"replace","value":1}]""", "replace operation failed to decode path: operation missing path field: missing value")]
    [InlineData("""[{"op":"move","path":"/a"}]""", "move operation failed to decode from: operation, missing from field: missing value")]
    [InlineData("""[{"op":"add","path":"a","value":1}]""", "add operation does not apply: doc is missing path: \"a\": missing value")]
    [InlineData("""[{"op":"add","path":"","value":1}]""", "add operation does not apply: doc is missing path: \"\": missing value")]
    [InlineData("""[1]""", "Unexpected kind: unknown")]
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

    /// <summary>lazyNode.equal compares two scalars as their compacted JSON text, so a number written otherwise is another value.</summary>
    [Theory]
    [InlineData("""{"spec":{"replicas":2}}""", "/spec/replicas", "2.0")]
    [InlineData("""{"metadata":{"name":"a"}}""", "/metadata/name", "\"\\u0061\"")]
    [InlineData("""{"spec":{"ports":[{"port":80}]}}""", "/spec/ports", "[{\"port\":8e1}]")]
    public void Apply_TestOfAScalarWrittenDifferently_Fails(string document, string path, string value)
    {
        var error = Assert.Throws<PatchException>(() => Apply(document, $$"""[{"op":"test","path":"{{path}}","value":{{value}}}]"""));

        Assert.Equal($"testing value {path} failed: test failed", error.Message);
    }

    /// <summary>
    /// The document side is compared as Go's encoder writes it, not as this server stores it: the store writes an emoji as
    /// an escaped surrogate pair, Go writes it raw and escapes &amp;, &lt; and &gt; as \u0026, \u003c and \u003e.
    /// </summary>
    [Theory]
    [InlineData("\"\\ud83d\\ude00\"", "\"😀\"", true)]
    [InlineData("\"a&b\"", "\"a\\u0026b\"", true)]
    [InlineData("\"a&b\"", "\"a&b\"", false)]
    [InlineData("\"tab\\there\"", "\"tab\\there\"", true)]
    public void Apply_TestOfAString_ComparesGoEncodersText(string stored, string value, bool passes)
    {
        var operations = $$"""[{"op":"test","path":"/a","value":{{value}}}]""";

        if (passes)
        {
            Apply($$"""{"a":{{stored}}}""", operations);
        }
        else
        {
            Assert.Throws<PatchException>(() => Apply($$"""{"a":{{stored}}}""", operations));
        }
    }

    [Fact]
    public void Apply_TestOfEqualObjects_IgnoresMemberOrderAndSpacing()
    {
        var result = Apply("""{"spec":{"selector":{"a":"1","b":[1,2]}}}""", """[{"op":"test","path":"/spec/selector","value":{ "b" : [1, 2], "a":"1" }},{"op":"add","path":"/ok","value":true}]""");

        Assert.True(result!["ok"]!.GetValue<bool>());
    }

    /// <summary>SupportNegativeIndices (true in v4.12.0): -1 is the last element, and for an add the place after it.</summary>
    [Fact]
    public void Apply_NegativeIndices_CountFromTheEnd()
    {
        var result = Apply("""{"list":["a","b","c"]}""",
            """[{"op":"test","path":"/list/-1","value":"c"},{"op":"replace","path":"/list/-3","value":"A"},{"op":"remove","path":"/list/-2"},{"op":"add","path":"/list/-1","value":"z"}]""");

        JsonAssert.Equal("""["A","c","z"]""", result!["list"]);
    }

    [Theory]
    [InlineData("""[{"op":"remove","path":"/list/-4"}]""", "error in remove for path: '/list/-4': Unable to access invalid index: -4: invalid index referenced")]
    [InlineData("""[{"op":"add","path":"/list/-5","value":1}]""", "error in add for path: '/list/-5': Unable to access invalid index: -5: invalid index referenced")]
    [InlineData("""[{"op":"replace","path":"/list/-4","value":1}]""", "replace operation does not apply: doc is missing key: /list/-4: missing value")]
    public void Apply_NegativeIndexBeforeTheFirst_Throws(string operations, string message)
    {
        var error = Assert.Throws<PatchException>(() => Apply("""{"list":["a","b","c"]}""", operations));

        Assert.Equal(message, error.Message);
    }

    /// <summary>findObject drops the first segment whatever it holds: "spec/replicas" is the root's "replicas".</summary>
    [Fact]
    public void Apply_PathWithoutLeadingSlash_LosesItsFirstSegment()
    {
        var result = Apply("""{"spec":{"replicas":2}}""", """[{"op":"add","path":"spec/replicas","value":3},{"op":"replace","path":"x/spec/replicas","value":4}]""");

        JsonAssert.Equal("""{"spec":{"replicas":4},"replicas":3}""", result);
    }

    /// <summary>A missing key tests as null in json-patch.v4 (its get gives a nil node), so a test for null passes.</summary>
    [Fact]
    public void Apply_TestOfAMissingKeyForNull_Passes()
    {
        var result = Apply(Pod, """[{"op":"test","path":"/x","value":null},{"op":"add","path":"/y","value":1}]""");

        Assert.Equal(1, result!["y"]!.GetValue<int>());
    }
}
