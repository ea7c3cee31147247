using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>
/// Mirrors printers.go <c>printIngress</c>, <c>formatHosts</c>, <c>formatPorts</c> and
/// <c>ingressLoadBalancerStatusStringer</c> (unclipped: the server prints with Wide set).
/// </summary>
internal sealed class IngressPrinter : RowPrinter
{
    private const int MaxHosts = 3;

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Class", "string", "The name of the IngressClass resource that should be used for additional configuration"),
        new("Hosts", "string", "Hosts that incoming requests are matched against before the ingress rule"),
        new("Address", "string", "Address is a list containing ingress points for the load-balancer"),
        new("Ports", "string", "Ports of TLS configurations that open"),
        TableColumn.AgeColumn(),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var spec = item.Obj("spec");
        return
        [
            Cell.Of(Name(item)),
            Cell.Of(spec.Has("ingressClassName") ? spec.Str("ingressClassName") : LabelFormatter.None),
            Cell.Of(Hosts([.. spec.Objects("rules")])),
            Cell.Of(Address(item.Obj("status").Obj("loadBalancer"))),
            Cell.Of(spec.Count("tls") > 0 ? "80, 443" : "80"),
            Cell.Of(AgeOf(item, now)),
        ];
    }

    /// <summary>The first three hosts, "*" when no rule names one; any rule met once three are listed adds "more".</summary>
    private static string Hosts(IReadOnlyList<JsonElement> rules)
    {
        var hosts = new List<string>();
        var more = false;
        foreach (var rule in rules)
        {
            more |= hosts.Count == MaxHosts;
            if (!more && rule.Str("host") is { Length: > 0 } host)
            {
                hosts.Add(host);
            }
        }
        if (hosts.Count == 0)
        {
            return "*";
        }
        // Upstream counts the rules left out, hosted or not.
        return more ? $"{string.Join(",", hosts)} + {rules.Count - MaxHosts} more..." : string.Join(",", hosts);
    }

    /// <summary>Each load-balancer ingress's IP, else its hostname, sorted and without repeats.</summary>
    private static string Address(JsonElement? loadBalancer) => string.Join(",", loadBalancer.Objects("ingress")
        .Select(i => i.Str("ip").Length > 0 ? i.Str("ip") : i.Str("hostname"))
        .Where(a => a.Length > 0).Distinct().Order(StringComparer.Ordinal));
}
