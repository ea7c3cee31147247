using System.Text.Json;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.UnitTests.Tables;

/// <summary>printers.go printValidatingAdmissionPolicy and printValidatingAdmissionPolicyBinding, cell by cell.</summary>
public sealed class ValidatingAdmissionPolicyTableTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-07T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static string[] Cells(RowPrinter printer, string json) =>
        [.. printer.Cells(JsonDocument.Parse(json).RootElement, Now).Select(c => c?.ToString() ?? "null")];

    [Theory]
    [InlineData("""{"validations":[{"expression":"a"},{"expression":"b"}],"paramKind":{"apiVersion":"rules.example.com/v1","kind":"ReplicaLimit"}}""", "2", "rules.example.com/v1/ReplicaLimit")]
    [InlineData("""{"auditAnnotations":[{"key":"k","valueExpression":"'v'"}]}""", "0", "<unset>")]
    public void Policy_CountsValidations_AndNamesTheParamKind(string spec, string validations, string paramKind)
    {
        var cells = Cells(new ValidatingAdmissionPolicyPrinter(), $$"""{"metadata":{"name":"p","creationTimestamp":"2026-12-07T09:59:00Z"},"spec":{{spec}}}""");

        Assert.Equal(["p", validations, paramKind, "60s"], cells);
    }

    [Theory]
    [InlineData("""{"name":"limits","namespace":"team-a"}""", "team-a/limits")]
    [InlineData("""{"name":"limits"}""", "*/limits")]
    [InlineData("""{"selector":{"matchLabels":{"tier":"gold","app":"x"},"matchExpressions":[{"key":"env","operator":"In","values":["a","b"]}]}}""",
        "&LabelSelector{MatchLabels:map[string]string{app: x,tier: gold,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:env,Operator:In,Values:[a b],},},}")]
    [InlineData("""{"selector":{}}""", "&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}")]
    public void Binding_PrintsTheParamRef_AsUpstreamDoes(string paramRef, string expected)
    {
        var cells = Cells(new ValidatingAdmissionPolicyBindingPrinter(),
            $$"""{"metadata":{"name":"b","creationTimestamp":"2026-12-07T09:00:00Z"},"spec":{"policyName":"p","paramRef":{{paramRef}} } }""");

        Assert.Equal(["b", "p", expected, "60m"], cells);
    }

    [Fact]
    public void Binding_WithoutAParamRef_IsUnset()
    {
        Assert.Equal("<unset>", Cells(new ValidatingAdmissionPolicyBindingPrinter(), """{"metadata":{"name":"b"},"spec":{"policyName":"p"}}""")[2]);
    }
}
