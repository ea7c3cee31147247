using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MiniApiServer.IntegrationTests.Infrastructure;

/// <summary>
/// Every pod's ServiceAccount token volume is named kube-api-access- plus five random characters (upstream's
/// SimpleNameGenerator), so two pods compared field by field differ there and nowhere else.
/// </summary>
public static partial class TokenVolumeNames
{
    [GeneratedRegex("kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}")]
    private static partial Regex Generated();

    public static string Mask(string text) => Generated().Replace(text, "kube-api-access-XXXXX");

    public static JsonObject Mask(JsonObject obj) => JsonNode.Parse(Mask(obj.ToJsonString()))!.AsObject();
}
