using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Pipeline.Audit;

/// <summary>k8s.io/apiserver/pkg/audit/format.go EventString, --audit-log-format legacy: one text line per event.</summary>
internal static class AuditLegacyFormat
{
    public static string EventString(JsonObject ev)
    {
        var user = ev["user"];
        var username = (string?)user?["username"] is { Length: > 0 } name ? name : null;
        var groups = username is not null && user!["groups"] is JsonArray { Count: > 0 } userGroups ? Quoted(userGroups) : "<none>";
        var impersonated = ev["impersonatedUser"];
        var asUser = impersonated is null ? "<self>" : (string?)impersonated["username"] ?? "";
        var asGroups = impersonated?["groups"] is JsonArray impersonatedGroups ? Quoted(impersonatedGroups) : "<lookup>";
        var ip = ev["sourceIPs"] is JsonArray { Count: > 0 } ips ? (string?)ips[0] ?? "" : "<unknown>";
        var ns = (string?)ev["objectRef"]?["namespace"] is { Length: > 0 } n ? n : "<none>";
        var response = ev["responseStatus"]?["code"] is { } code ? code.ToJsonString() : "<deferred>";
        return $"{Rfc3339Nano((string?)ev["requestReceivedTimestamp"] ?? "")} AUDIT: id={Q(ev["auditID"])} stage={Q(ev["stage"])} ip={Q(ip)} "
            + $"method={Q(ev["verb"])} user={Q(username ?? "<none>")} groups={Q(groups)} as={Q(asUser)} asgroups={Q(asGroups)} "
            + $"user-agent={Q(ev["userAgent"])} namespace={Q(ns)} uri={Q(ev["requestURI"])} response=\"{response}\"";
    }

    private static string Q(JsonNode? value) => GoSyntax.Quote((string?)value ?? "");

    private static string Q(string value) => GoSyntax.Quote(value);

    private static string Quoted(JsonArray values) => string.Join(',', values.Select(v => GoSyntax.Quote((string?)v ?? "")));

    /// <summary>time.RFC3339Nano of the event's MicroTime: the fraction without its trailing zeros, or none.</summary>
    private static string Rfc3339Nano(string microTime)
    {
        var dot = microTime.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0 || !microTime.EndsWith('Z'))
        {
            return microTime;
        }
        var fraction = microTime[(dot + 1)..^1].TrimEnd('0');
        return fraction.Length == 0 ? microTime[..dot] + "Z" : $"{microTime[..dot]}.{fraction}Z";
    }
}
