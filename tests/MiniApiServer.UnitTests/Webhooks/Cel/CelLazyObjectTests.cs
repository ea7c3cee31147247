using System.Text.Json.Nodes;
using MiniApiServer.Application.Webhooks.Cel;
using static MiniApiServer.UnitTests.Webhooks.Cel.CelTestValues;

namespace MiniApiServer.UnitTests.Webhooks.Cel;

/// <summary>
/// An <see cref="ICelObject"/> (a policy's `variables`): selected and tested with has() as a map, asked only for the
/// fields an expression reaches, its errors those of the field's own expression.
/// </summary>
public sealed class CelLazyObjectTests
{
    private static (LazyVariables Variables, Dictionary<string, object?> Scope) Build()
    {
        var scope = new Dictionary<string, object?>
        {
            ["object"] = CelConvert.FromJson(JsonNode.Parse("""{"spec":{"replicas":3,"containers":[{"name":"a"},{"name":"b"}]}}""")),
        };
        var variables = new LazyVariables(new Dictionary<string, string>
        {
            ["names"] = "object.spec.containers.map(c, c.name)",
            ["replicas"] = "object.spec.replicas",
            ["broken"] = "object.spec.missing",
            ["derived"] = "variables.names.size() * 10",
            ["cycle"] = "variables.cycle + 1",
        }, scope);
        scope["variables"] = variables;
        return (variables, scope);
    }

    [Fact]
    public void AFieldIsEvaluatedOnceAndCached()
    {
        var (variables, scope) = Build();
        Assert.Equal(true, Evaluate("variables.replicas + variables.replicas == 6 && variables.replicas > 1", scope));
        Assert.Equal(1, variables.Evaluations["replicas"]);
    }

    [Fact]
    public void AFieldNoExpressionReachesIsNeverEvaluated()
    {
        var (variables, scope) = Build();
        Assert.Equal(true, Evaluate("variables.replicas == 3 || variables.names.size() == 0", scope));
        Assert.Equal(["replicas"], variables.Evaluations.Keys);
    }

    [Fact]
    public void AFieldCanReferToAnother()
    {
        var (variables, scope) = Build();
        Assert.Equal(20L, Evaluate("variables.derived", scope));
        Assert.Equal(1, variables.Evaluations["names"]);
    }

    [Fact]
    public void HasAsksWithoutFailing()
    {
        var (_, scope) = Build();
        Assert.Equal(true, Evaluate("has(variables.names) && !has(variables.nothing)", scope));
        Assert.Equal("[\"a\", \"b\"]", Show(Evaluate("variables['names']", scope)));
    }

    [Fact]
    public void AnUnknownFieldOrAFailingFieldIsAnError()
    {
        var (_, scope) = Build();
        Assert.Equal("no such key: nothing", Error("variables.nothing", scope));
        Assert.Equal("no such key: missing", Error("variables.broken == 1", scope));
        // The error is absorbed by || like any other.
        Assert.Equal(true, Evaluate("variables.broken == 1 || true", scope));
    }

    [Fact]
    public void AFieldThatReachesItselfFailsInsteadOfOverflowingTheStack()
    {
        var (_, scope) = Build();
        Assert.Equal("expressions nested more than 64 deep: a variable refers to itself", Error("variables.cycle", scope));
        Assert.Equal(20L, Evaluate("variables.derived", scope));
    }
}
