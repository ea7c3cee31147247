using System.Text;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.UnitTests.Serialization;

/// <summary>
/// Bodies that repeat a key, decoded as encoding/json (sigs.k8s.io/json) and go-yaml v2 decode them: what the tree holds
/// afterwards, and which repeats are strict errors.
/// </summary>
public sealed class RequestBodyDuplicateTests
{
    private static (JsonNode? Node, BodyDuplicates? Duplicates) Parse(string body, Type? type, bool yaml = false)
    {
        var node = RequestBody.Parse(Encoding.UTF8.GetBytes(body), yaml, type, out var duplicates);
        return (node, duplicates);
    }

    [Fact]
    public void ABodyWithoutRepeats_HasNoDuplicates()
    {
        var (node, duplicates) = Parse("""{"metadata":{"name":"a"}}""", typeof(V1Pod));

        Assert.Null(duplicates);
        Assert.Equal("""{"metadata":{"name":"a"}}""", node!.ToJsonString());
    }

    /// <summary>decode.go's array(): item i decodes into item i, and the slice is cut to the repeat's length.</summary>
    [Fact]
    public void ARepeatedList_MergesItemByItem_AndTakesTheNewLength()
    {
        var (node, duplicates) = Parse("""
            {"spec":{"containers":[{"name":"a","image":"x"},{"name":"b"}],
                     "containers":[{"image":"y"}],
                     "tolerations":[{"key":"k"}],
                     "tolerations":[]}}
            """, typeof(V1Pod));

        Assert.Equal("""{"spec":{"containers":[{"name":"a","image":"y"}],"tolerations":[]}}""", node!.ToJsonString());
        Assert.Equal(["duplicate field \"spec.containers\"", "duplicate field \"spec.tolerations\""], BodyDuplicates.StrictErrors(duplicates, []));
    }

    /// <summary>A map's entry is decoded afresh (mapElem.SetZero()): a repeated key within one map replaces, never merges.</summary>
    [Fact]
    public void ARepeatedMapKey_ReplacesItsValue()
    {
        var (node, duplicates) = Parse("""
            {"spec":{"containers":[{"name":"c","resources":{"limits":{"cpu":"1"},"limits":{"memory":"1Gi"}}}],
                     "nodeSelector":{"a":"1","a":"2"}}}
            """, typeof(V1Pod));

        // limits is a field of a struct: the map there keeps cpu and gains memory. nodeSelector's "a" is one map's key.
        Assert.Equal("""{"spec":{"containers":[{"name":"c","resources":{"limits":{"cpu":"1","memory":"1Gi"}}}],"nodeSelector":{"a":"2"}}}""", node!.ToJsonString());
        Assert.Equal(
            ["duplicate field \"spec.containers[0].resources.limits\"", "duplicate field \"spec.nodeSelector.a\""],
            BodyDuplicates.StrictErrors(duplicates, []));
    }

    [Fact]
    public void ARepeatUnderAnUnknownField_IsNotReported_AndTheUnknownFieldKeepsItsFirstPlace()
    {
        var (_, duplicates) = Parse("""
            {"spec":{"bogus":{"x":1,"x":2},"bogus":3,"restartPolicy":"Never","restartPolicy":"Always"}}
            """, typeof(V1Pod));

        Assert.Equal(["unknown field \"spec.bogus\"", "duplicate field \"spec.restartPolicy\""], BodyDuplicates.StrictErrors(duplicates, []));
    }

    /// <summary>The decoder reports an unknown field as it meets it, so one in a value a later repeat replaces still counts.</summary>
    [Fact]
    public void AnUnknownFieldInAReplacedValue_IsStillReported()
    {
        var (node, duplicates) = Parse("""{"spec":{"containers":[{"name":"a","bogus":1}]},"spec":{"containers":[]}}""", typeof(V1Pod));

        Assert.Equal("""{"spec":{"containers":[]}}""", node!.ToJsonString());
        Assert.Equal(["unknown field \"spec.containers[0].bogus\"", "duplicate field \"spec\""], BodyDuplicates.StrictErrors(duplicates, []));
    }

    /// <summary>Go reads a FieldsV1 or a RawExtension raw (its own UnmarshalJSON): a repeat inside one is no strict error.</summary>
    [Fact]
    public void ARepeatInsideAFieldGoReadsRaw_IsNotReported()
    {
        var (node, duplicates) = Parse("""
            {"metadata":{"name":"c","managedFields":[{"manager":"m","fieldsV1":{"f:data":{},"f:data":{}}}]},"data":{"a":"1","a":"2"}}
            """, typeof(V1ConfigMap));

        Assert.Equal("""{"f:data":{}}""", node!["metadata"]!["managedFields"]![0]!["fieldsV1"]!.ToJsonString());
        Assert.Equal(["duplicate field \"data.a\""], BodyDuplicates.StrictErrors(duplicates, []));
    }

    [Fact]
    public void UntypedJson_ReplacesARepeatedObject_AndReportsEveryRepeat()
    {
        var (node, duplicates) = Parse("""{"metadata":{"labels":{"a":"1"}},"metadata":{"labels":{"b":"2","b":"3"}}}""", null);

        Assert.Equal("""{"metadata":{"labels":{"b":"3"}}}""", node!.ToJsonString());
        // objectInterface() reports a repeated key when it reads the key, before the value under it.
        Assert.Equal(["duplicate field \"metadata\"", "duplicate field \"metadata.labels.b\""], BodyDuplicates.StrictErrors(duplicates, []));
    }

    /// <summary>A path is written out only for what is reported, so a body nested 500 deep names its repeat in full.</summary>
    [Fact]
    public void ARepeatDeepDown_IsNamedByItsWholePath()
    {
        var body = string.Concat(Enumerable.Repeat("{\"a\":", 500)) + "{\"k\":1,\"k\":2}" + new string('}', 500);
        var (_, duplicates) = Parse(body, null);

        Assert.Equal([$"duplicate field \"{string.Join(".", Enumerable.Repeat("a", 500))}.k\""], BodyDuplicates.StrictErrors(duplicates, []));
    }

    /// <summary>saveStrictError keeps the first 100 of a decode, each error once.</summary>
    [Fact]
    public void StrictErrors_StopAtAHundred()
    {
        var keys = string.Join(",", Enumerable.Range(0, 150).Select(i => $"\"k{i}\":\"a\",\"k{i}\":\"b\",\"k{i}\":\"c\""));
        var (_, duplicates) = Parse("{\"data\":{" + keys + "}}", typeof(V1ConfigMap));

        var errors = BodyDuplicates.StrictErrors(duplicates, []);
        Assert.Equal(100, errors.Count);
        Assert.Equal("duplicate field \"data.k0\"", errors[0]);
        Assert.Equal("duplicate field \"data.k99\"", errors[^1]);
    }

    [Fact]
    public void ABodyThatIsNotJson_IsStillTheParsersRefusal()
    {
        var ex = Assert.Throws<ApiException>(() => Parse("""{"a":1,"a":}""", typeof(V1Pod)));

        Assert.Equal(400, ex.Code);
        Assert.StartsWith("couldn't decode the request body as JSON: ", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// go-yaml's strict error names the line of the repeated key's value and the key as %#v prints what it resolved to
    /// (a quoted string, a bare int); the decode keeps the last value, and the JSON's keys come out sorted.
    /// </summary>
    [Fact]
    public void Yaml_ReportsGoYamlsLines_KeepsTheLastValue_AndSortsKeys()
    {
        var (node, duplicates) = Parse("b: 1\na:\n  x: 1\n  1: one\n  1: uno\n  \"q\": 2\n  q: 3\nb: 2\n", null, yaml: true);

        Assert.Equal("""{"a":{"1":"uno","q":3,"x":1},"b":2}""", node!.ToJsonString());
        Assert.Equal(["line 5: key 1 already set in map", "line 7: key \"q\" already set in map", "line 8: key \"b\" already set in map"], duplicates!.YamlLines);
        Assert.Equal("yaml: unmarshal errors:\n  line 5: key 1 already set in map\n  line 7: key \"q\" already set in map\n  line 8: key \"b\" already set in map", duplicates.YamlError);
    }

    [Fact]
    public void JsonSentAsYaml_WithARepeat_IsDecodedAsYaml()
    {
        var (node, duplicates) = Parse("""{"a": 1, "a": 2}""", null, yaml: true);

        Assert.Equal("""{"a":2}""", node!.ToJsonString());
        Assert.Equal(["line 1: key \"a\" already set in map"], duplicates!.YamlLines);
    }
}
