using System.Text.Json.Nodes;
using MiniApiServer.Application.CustomResources;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.UnitTests.CustomResources;

/// <summary>
/// Pruning (pkg/apiserver/schema/pruning), defaulting (schema/defaulting) and kube-openapi validation of custom
/// resources, each checked against objects and outcomes written out by hand.
/// </summary>
public sealed class StructuralSchemaTests
{
    private static JsonObject Schema(string json) => JsonNode.Parse(json)!.AsObject();

    private static readonly JsonObject Widget = Schema("""
        {"type":"object","properties":{"spec":{"type":"object","properties":{
          "size":{"type":"integer","default":3,"minimum":1,"exclusiveMaximum":true,"maximum":10},
          "name":{"type":"string","minLength":2,"nullable":true},
          "port":{"x-kubernetes-int-or-string":true},
          "items":{"type":"array","minItems":1,"items":{"type":"object","properties":{"a":{"type":"string","default":"x"}}}},
          "free":{"type":"object","x-kubernetes-preserve-unknown-fields":true,"properties":{"known":{"type":"object","properties":{"k":{"type":"string"}}}}},
          "map":{"type":"object","additionalProperties":{"type":"object","properties":{"v":{"type":"number"}}}},
          "inner":{"type":"object","x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true}}}}}
        """);

    [Fact]
    public void Pruning_DropsWhatTheSchemaDoesNotSpecify_AndReportsSortedPaths()
    {
        var obj = Schema("""
            {"apiVersion":"a/v1","kind":"W","metadata":{"name":"w","whatever":1},"zeta":1,"spec":{"size":2,"bogus":true,
             "items":[{"a":"y","b":1}],"free":{"any":1,"known":{"k":"v","drop":2}},"map":{"m1":{"v":1,"w":2}},
             "inner":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{}}}}
            """);

        var pruned = SchemaPruning.Prune(obj, Widget);

        Assert.Equal(["spec.bogus", "spec.free.known.drop", "spec.items[0].b", "spec.map.m1.w", "zeta"], pruned);
        Assert.Equal("""{"apiVersion":"a/v1","kind":"W","metadata":{"name":"w","whatever":1},"spec":{"size":2,"items":[{"a":"y"}],"free":{"any":1,"known":{"k":"v"}},"map":{"m1":{"v":1}},"inner":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{}}}}""",
            obj.ToJsonString());
    }

    [Fact]
    public void Defaulting_FillsMissingAndNonNullableNulls_InItemsToo()
    {
        var obj = Schema("""{"spec":{"name":null,"items":[{},{"a":null},{"a":"kept"}]}}""");

        SchemaDefaulting.Apply(obj, Widget);

        // name is nullable (kept null); size was missing; items' a defaults where missing or null.
        Assert.Equal("""{"spec":{"name":null,"items":[{"a":"x"},{"a":"x"},{"a":"kept"}],"size":3}}""", obj.ToJsonString());
    }

    [Fact]
    public void Validation_UsesKubeOpenApisMessages()
    {
        var obj = Schema("""{"spec":{"size":10,"name":"a","port":1.5,"items":[],"map":{"m":{"v":"s"}}}}""");
        var errors = new FieldErrors();

        SchemaValidation.Validate(obj, Widget, errors);

        Assert.Equal([
            "spec.size: Invalid value: 10: spec.size in body should be less than 10",
            "spec.name: Invalid value: \"a\": spec.name in body should be at least 2 chars long",
            "spec.items: Invalid value: 0: spec.items in body should have at least 1 items",
            "spec.map.m.v: Invalid value: \"string\": spec.map.m.v in body must be of type number: \"string\"",
        ], errors.Causes.Select(c => $"{c.Field}: {c.Message}"));
    }

    [Fact]
    public void Validation_AcceptsIntOrString_NullableNull_AndWholeFloatsForIntegers()
    {
        var obj = Schema("""{"spec":{"size":5.0,"name":null,"port":"http","items":[{"a":"b"}]}}""");
        var errors = new FieldErrors();

        SchemaValidation.Validate(obj, Widget, errors);

        Assert.Empty(errors.Causes);
    }

    [Fact]
    public void ListTypes_RefuseRepeatedSetValuesAndMapKeys()
    {
        var schema = Schema("""
            {"type":"object","properties":{"spec":{"type":"object","properties":{
              "tags":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string"}},
              "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name","protocol"],
                "items":{"type":"object","properties":{"name":{"type":"string"},"protocol":{"type":"string","default":"TCP"},"port":{"type":"integer"}}}}}}}}
            """);
        var obj = Schema("""{"spec":{"tags":["a","b","a"],"ports":[{"name":"http","port":80},{"name":"http","protocol":"TCP","port":81},{"name":"http","protocol":"UDP"}]}}""");
        var errors = new FieldErrors();

        ListTypeValidation.Validate(obj, schema, errors);

        Assert.Equal([
            "spec.tags[2]: Duplicate value: \"a\"",
            "spec.ports[1]: Duplicate value: map[string]interface {}{\"name\":\"http\", \"protocol\":\"TCP\"}",
        ], errors.Causes.Select(c => $"{c.Field}: {c.Message}"));
    }
}
