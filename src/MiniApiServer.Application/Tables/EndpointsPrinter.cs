using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printEndpoints</c> and <c>formatEndpoints</c>: up to three ip:port pairs, then "+ N more...".</summary>
internal sealed class EndpointsPrinter : RowPrinter
{
    private const int Max = 3;

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Endpoints", "string", "The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service."),
        TableColumn.AgeColumn(),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var list = new List<string>();
        foreach (var subset in item.Objects("subsets"))
        {
            var ports = subset.Objects("ports").Select(p => p.Int("port")).ToList();
            foreach (var address in subset.Objects("addresses"))
            {
                var ip = address.Str("ip");
                list.AddRange(ports.Count == 0 ? [ip] : ports.Select(p => $"{ip}:{p}"));
            }
        }
        var text = string.Join(",", list.Take(Max));
        var cell = list.Count > Max ? $"{text} + {list.Count - Max} more..." : text.Length == 0 ? "<none>" : text;
        return [Cell.Of(Name(item)), Cell.Of(cell), Cell.Of(AgeOf(item, now))];
    }
}
