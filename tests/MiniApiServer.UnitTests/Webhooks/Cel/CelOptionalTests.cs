using System.Text.Json.Nodes;
using MiniApiServer.Application.Webhooks.Cel;
using static MiniApiServer.UnitTests.Webhooks.Cel.CelTestValues;

namespace MiniApiServer.UnitTests.Webhooks.Cel;

/// <summary>
/// Optional values (cel-go's OptionalTypes, enabled for Kubernetes' CEL): `.?` and `[?]` selection, optional.of/none/
/// ofNonZeroValue, hasValue/value/orValue/or (the last two short-circuit), optional list elements and map entries.
/// </summary>
public sealed class CelOptionalTests
{
    private static readonly Dictionary<string, object?> Variables = new()
    {
        ["object"] = CelConvert.FromJson(JsonNode.Parse("""{"metadata":{"name":"web","labels":{"env":"prod"}},"spec":{"ports":[80,443]}}""")),
    };

    [Theory]
    [InlineData("object.metadata.?labels.?env.orValue('none')", "\"prod\"")]
    [InlineData("object.metadata.?annotations.?owner.orValue('none')", "\"none\"")]
    [InlineData("object.metadata.?annotations.owner.orValue('none')", "\"none\"")]
    [InlineData("object.metadata.?labels.env.orValue('none')", "\"prod\"")]
    [InlineData("object.metadata.?labels.hasValue()", "true")]
    [InlineData("object.metadata.?annotations.hasValue()", "false")]
    [InlineData("object.metadata.?name.value()", "\"web\"")]
    [InlineData("object.metadata.labels[?'env'].orValue('')", "\"prod\"")]
    [InlineData("object.metadata.labels[?'tier'].orValue('')", "\"\"")]
    [InlineData("object.spec.ports[?1].orValue(0)", "443")]
    [InlineData("object.spec.ports[?5].orValue(0)", "0")]
    [InlineData("object.metadata.?annotations['x'].hasValue()", "false")]
    [InlineData("optional.of(1).value()", "1")]
    [InlineData("optional.none().hasValue()", "false")]
    [InlineData("optional.ofNonZeroValue('').hasValue() || optional.ofNonZeroValue(0).hasValue() || optional.ofNonZeroValue([]).hasValue()", "false")]
    [InlineData("optional.ofNonZeroValue('a').value()", "\"a\"")]
    [InlineData("optional.none().or(optional.of(2)).value()", "2")]
    [InlineData("optional.of(1).or(optional.of(2)).value()", "1")]
    [InlineData("optional.of(1).orValue(1 / 0)", "1")]
    [InlineData("optional.of(1).or(1 / 0).value()", "1")]
    [InlineData("optional.of(1) == optional.of(1.0) && optional.none() == optional.none() && optional.of(1) != optional.none()", "true")]
    [InlineData("[1, ?optional.none(), ?optional.of(3)]", "[1, 3]")]
    [InlineData("{'a': 1, ?'b': optional.none(), ?'c': optional.of(3)}", "{\"a\": 1, \"c\": 3}")]
    [InlineData("optional.of('x')", "optional.of(\"x\")")]
    [InlineData("type(optional.none())", "optional_type")]
    public void Evaluates(string expression, string expected) => Assert.Equal(expected, Show(Evaluate(expression, Variables)));

    [Theory]
    [InlineData("optional.none().value()", "optional.none() dereference")]
    [InlineData("object.metadata.?name.?x", "type 'string' does not support field selection")]
    [InlineData("object.metadata.?labels.tier.orValue('')", "no such key: tier")]
    [InlineData("[?1]", "no such overload: optional element of type int")]
    [InlineData("1.orValue(2)", "no such overload: int.orValue")]
    public void FailsAsCelFails(string expression, string error) => Assert.Equal(error, Error(expression, Variables));
}
