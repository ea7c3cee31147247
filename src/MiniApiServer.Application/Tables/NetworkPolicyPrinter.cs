using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printNetworkPolicy</c>.</summary>
internal sealed class NetworkPolicyPrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        // printers.go takes this description from extensions/v1beta1's NetworkPolicySpec, double spaces included.
        new("Pod-Selector", "string", "Selects the pods to which this NetworkPolicy object applies.  The array of ingress rules is applied to any pods selected by this field. Multiple network policies can select the same set of pods.  In this case, the ingress rules for each are combined additively. This field is NOT optional and follows standard label selector semantics. An empty podSelector matches all pods in this namespace."),
        TableColumn.AgeColumn(),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now) =>
    [
        Cell.Of(Name(item)),
        // An absent podSelector and an empty one both print <none>, as upstream's never-nil struct does.
        Cell.Of(LabelFormatter.FormatLabelSelector(item.Obj("spec").Obj("podSelector"))),
        Cell.Of(AgeOf(item, now)),
    ];
}
