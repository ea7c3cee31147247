using System.Text.Json.Nodes;
using MiniApiServer.Controllers.CustomResources;

namespace MiniApiServer.UnitTests.CustomResources;

/// <summary>naming_controller.go: names held by another CRD of the group are refused, each keeping the old accepted name.</summary>
public sealed class CrdNamingTests
{
    private static JsonObject Crd(string group, string plural, string kind, string[]? shortNames = null, string? acceptedJson = null) =>
        JsonNode.Parse("{\"spec\":{\"group\":\"" + group + "\",\"names\":{\"plural\":\"" + plural + "\",\"singular\":\"" + plural.TrimEnd('s') + "\",\"kind\":\"" + kind
            + "\",\"listKind\":\"" + kind + "List\"" + (shortNames is null ? "" : ",\"shortNames\":[" + string.Join(",", shortNames.Select(s => "\"" + s + "\"")) + "]")
            + "}},\"status\":{\"acceptedNames\":" + (acceptedJson ?? "{}") + "}}")!.AsObject();

    [Fact]
    public void FreshNames_AreAccepted()
    {
        var decision = CrdNaming.Decide(Crd("example.com", "foos", "Foo", ["f"]), [Crd("other.com", "bars", "Foo", acceptedJson: """{"plural":"foos","kind":"Foo"}""")]);

        Assert.Equal((true, "NoConflicts", "no conflicts found"), (decision.Accepted, decision.Reason, decision.Message));
        Assert.Equal(("foos", "foo", "Foo", "FooList", "f"), (decision.AcceptedNames.Plural, decision.AcceptedNames.Singular, decision.AcceptedNames.Kind,
            decision.AcceptedNames.ListKind, decision.AcceptedNames.ShortNames!.Single()));
    }

    [Fact]
    public void TakenNames_AreRefused_TheLastConflictNamingTheCondition()
    {
        var other = Crd("example.com", "bars", "Bar", acceptedJson: """{"plural":"bars","singular":"bar","kind":"Bar","listKind":"BarList","shortNames":["b","x"]}""");

        var decision = CrdNaming.Decide(Crd("example.com", "bazs", "Bar", ["b", "x", "z"]), [other]);

        Assert.Equal((false, "ListKindConflict", "\"BarList\" is already in use"), (decision.Accepted, decision.Reason, decision.Message));
        Assert.Equal(("bazs", "", null), (decision.AcceptedNames.Plural, decision.AcceptedNames.Kind, decision.AcceptedNames.ShortNames));

        var shortOnly = CrdNaming.Decide(Crd("example.com", "bazs", "Baz", ["b", "x"]), [other]);
        Assert.Equal(("ShortNamesConflict", "[\"b\" is already in use, \"x\" is already in use]"), (shortOnly.Reason, shortOnly.Message));
    }
}
