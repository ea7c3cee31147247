using System.Text.Json.Nodes;
using k8s.Models;

namespace MiniApiServer.Controllers.CustomResources;

/// <summary>What the naming controller decides for a CRD: the names it may serve under, and the NamesAccepted condition.</summary>
public sealed record CrdNamingDecision(bool Accepted, string Reason, string Message, V1CustomResourceDefinitionNames AcceptedNames);

/// <summary>
/// pkg/controller/status/naming_controller.go calculateNamesAndConditions: a requested name is taken if it is already
/// this CRD's accepted one or no other CRD of the group has accepted it (resources: plural, singular, short names;
/// kinds: kind and list kind). Each conflict keeps the old accepted name; the last conflict found is the condition.
/// </summary>
public static class CrdNaming
{
    public static CrdNamingDecision Decide(JsonObject crd, IEnumerable<JsonObject> others)
    {
        var group = Str(crd["spec"]?["group"]);
        var requested = crd["spec"]?["names"] as JsonObject ?? [];
        var accepted = crd["status"]?["acceptedNames"] as JsonObject ?? [];
        var usedResources = new HashSet<string>(StringComparer.Ordinal);
        var usedKinds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var other in others.Where(o => Str(o["spec"]?["group"]) == group))
        {
            var names = other["status"]?["acceptedNames"] as JsonObject ?? [];
            usedResources.UnionWith(new[] { Str(names["plural"]), Str(names["singular"]) }.Concat(Strings(names["shortNames"])).Where(n => n.Length > 0));
            usedKinds.UnionWith(new[] { Str(names["kind"]), Str(names["listKind"]) }.Where(n => n.Length > 0));
        }
        var result = new V1CustomResourceDefinitionNames
        {
            Plural = Str(accepted["plural"]),
            Singular = NullIfEmpty(Str(accepted["singular"])),
            Kind = Str(accepted["kind"]),
            ListKind = NullIfEmpty(Str(accepted["listKind"])),
            ShortNames = Strings(accepted["shortNames"]) is { Count: > 0 } acceptedShort ? acceptedShort : null,
            Categories = Strings(requested["categories"]) is { Count: > 0 } categories ? categories : null,
        };
        var (reason, message) = ("NoConflicts", "no conflicts found");
        if (Check(Str(requested["plural"]), result.Plural, usedResources) is { } pluralError)
        {
            (reason, message) = ("PluralConflict", pluralError);
        }
        else
        {
            result.Plural = Str(requested["plural"]);
        }
        if (Check(Str(requested["singular"]), result.Singular ?? "", usedResources) is { } singularError)
        {
            (reason, message) = ("SingularConflict", singularError);
        }
        else
        {
            result.Singular = NullIfEmpty(Str(requested["singular"]));
        }
        var requestedShort = Strings(requested["shortNames"]);
        var acceptedShortNames = result.ShortNames ?? [];
        if (!requestedShort.ToHashSet().SetEquals(acceptedShortNames))
        {
            var errors = requestedShort.Where(s => !acceptedShortNames.Contains(s) && usedResources.Contains(s)).Select(s => $"\"{s}\" is already in use").ToList();
            if (errors.Count > 0)
            {
                (reason, message) = ("ShortNamesConflict", errors.Count == 1 ? errors[0] : $"[{string.Join(", ", errors)}]");
            }
            else
            {
                result.ShortNames = requestedShort.Count > 0 ? requestedShort : null;
            }
        }
        if (Check(Str(requested["kind"]), result.Kind, usedKinds) is { } kindError)
        {
            (reason, message) = ("KindConflict", kindError);
        }
        else
        {
            result.Kind = Str(requested["kind"]);
        }
        if (Check(Str(requested["listKind"]), result.ListKind ?? "", usedKinds) is { } listKindError)
        {
            (reason, message) = ("ListKindConflict", listKindError);
        }
        else
        {
            result.ListKind = NullIfEmpty(Str(requested["listKind"]));
        }
        return new CrdNamingDecision(reason == "NoConflicts", reason, message, result);
    }

    /// <summary>equalToAcceptedOrFresh: null when the name may be taken.</summary>
    private static string? Check(string requested, string accepted, HashSet<string> used) =>
        requested == accepted || !used.Contains(requested) ? null : $"\"{requested}\" is already in use";

    private static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray a ? [.. a.Select(Str).Where(s => s.Length > 0)] : [];
}
