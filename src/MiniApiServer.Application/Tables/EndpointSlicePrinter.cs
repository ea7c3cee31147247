using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printEndpointSlice</c>, <c>formatDiscoveryPorts</c> and <c>formatDiscoveryEndpoints</c>.</summary>
internal sealed class EndpointSlicePrinter : RowPrinter
{
    private const int Max = 3;

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("AddressType", "string", "addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name."),
        new("Ports", "string", "ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates \"all ports\". Each slice may include a maximum of 100 ports."),
        new("Endpoints", "string", "endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints."),
        TableColumn.AgeColumn(),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var ports = item.Objects("ports").Select(p => p.Has("port") ? p.Int("port").ToString(CultureInfo.InvariantCulture)
            : p.Has("name") ? p.Str("name") : "*");
        var addresses = item.Objects("endpoints").SelectMany(e => e.Strings("addresses"));
        return
        [
            Cell.Of(Name(item)),
            Cell.Of(item.Str("addressType")),
            Cell.Of(ListWithMore(ports.ToList())),
            Cell.Of(ListWithMore(addresses.ToList())),
            Cell.Of(AgeOf(item, now)),
        ];
    }

    private static string ListWithMore(List<string> all)
    {
        var text = string.Join(",", all.Take(Max));
        if (all.Count > Max)
        {
            return $"{text} + {all.Count - Max} more...";
        }
        return text.Length == 0 ? "<unset>" : text;
    }
}
