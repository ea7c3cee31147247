using System.Text.Json.Nodes;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Kinds;

namespace MiniApiServer.UnitTests.Kinds;

/// <summary>Runs a kind's strategy on JSON as the HTTP path does, and renders its causes as a Status message lists them.</summary>
internal sealed class KindStrategyHarness(string group)
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public IResourceStrategy Strategy(string plural) =>
        KindCatalog.All.Single(k => k.Type.Group == group && k.Type.Plural == plural).CreateStrategy();

    public (JsonObject Admitted, List<string> Causes) Create(string plural, string json)
    {
        var errors = new FieldErrors();
        var admitted = Strategy(plural).AdmitCreate(JsonNode.Parse(json)!.AsObject(), Now, errors);
        return (admitted, Render(errors));
    }

    public (JsonObject Admitted, List<string> Causes) Update(string plural, string json, JsonObject old, bool statusOnly = false)
    {
        var errors = new FieldErrors();
        var admitted = Strategy(plural).AdmitUpdate(JsonNode.Parse(json)!.AsObject(), old.DeepClone().AsObject(), statusOnly, errors);
        return (admitted, Render(errors));
    }

    private static List<string> Render(FieldErrors errors) => [.. errors.Causes.Select(c => $"{c.Field}: {c.Message}")];
}
