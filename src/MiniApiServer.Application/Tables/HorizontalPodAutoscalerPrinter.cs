using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Kinds;

namespace MiniApiServer.Application.Tables;

/// <summary>
/// Mirrors printers.go <c>printHorizontalPodAutoscaler</c> and <c>formatHPAMetrics</c>: the target as Kind/name, each
/// metric as current/target (the status's current value in the spec's position, &lt;unknown&gt; until the controller
/// has one), two at most and "+ N more...", an unset minReplicas as &lt;unset&gt;. Upstream prints the internal
/// version, so an autoscaling/v1 object is read in its v2 form (one printer serves both versions).
/// </summary>
internal sealed class HorizontalPodAutoscalerPrinter : RowPrinter
{
    private static readonly HorizontalPodAutoscalerV1Conversion V1 = new();

    private const int Shown = 2;

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Reference", "string", "scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count."),
        new("Targets", "string", "metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).  The desired replica count is calculated multiplying the ratio between the target value and the current value by the current number of pods.  Ergo, metrics used must decrease as the pod count is increased, and vice-versa.  See the individual metric source types for more information about how each type of metric must respond. If not set, the default metric will be set to 80% average CPU utilization."),
        new("MinPods", "string", "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.  It defaults to 1 pod.  minReplicas is allowed to be 0 if the alpha feature gate HPAScaleToZero is enabled and at least one Object or External metric is configured.  Scaling is active as long as at least one metric value is available."),
        new("MaxPods", "string", "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas."),
        new("Replicas", "string", "currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler."),
        TableColumn.AgeColumn(),
    ];

    public override JsonNode?[] Cells(JsonElement served, DateTimeOffset now)
    {
        var item = served.Str("apiVersion") == "autoscaling/v1"
            ? JsonSerializer.SerializeToElement(V1.ToStorage(JsonNode.Parse(served.GetRawText())!.AsObject()))
            : served;
        var spec = item.Obj("spec");
        var target = spec.Obj("scaleTargetRef");
        return
        [
            Cell.Of(Name(item)),
            Cell.Of($"{target.Str("kind")}/{target.Str("name")}"),
            Cell.Of(Metrics(spec.Objects("metrics").ToList(), item.Obj("status").Objects("currentMetrics").ToList())),
            Cell.Of(spec.Has("minReplicas") ? spec.Int("minReplicas").ToString(System.Globalization.CultureInfo.InvariantCulture) : "<unset>"),
            Cell.Of(spec.Int("maxReplicas")),
            Cell.Of(item.Obj("status").Int("currentReplicas")),
            Cell.Of(AgeOf(item, now)),
        ];
    }

    public static string Metrics(List<JsonElement> specs, List<JsonElement> statuses)
    {
        if (specs.Count == 0)
        {
            return "<none>";
        }
        var list = new List<string>();
        for (var i = 0; i < specs.Count; i++)
        {
            JsonElement? current = i < statuses.Count ? statuses[i] : null;
            list.Add(Metric(specs[i], current));
        }
        return list.Count > Shown
            ? $"{string.Join(", ", list.Take(Shown))} + {list.Count - Shown} more..."
            : string.Join(", ", list);
    }

    private static string Metric(JsonElement spec, JsonElement? status)
    {
        switch (spec.Str("type"))
        {
            case "External":
                return ValueOrAverage(spec.Obj("external").Obj("target"), status.Obj("external"));
            case "Pods":
                return $"{Current(status.Obj("pods"), "averageValue")}/{spec.Obj("pods").Obj("target").Raw("averageValue")}";
            case "Object":
                return ValueOrAverage(spec.Obj("object").Obj("target"), status.Obj("object"));
            case "Resource":
                return Resource(spec.Obj("resource"), status.Obj("resource"));
            case "ContainerResource":
                return Resource(spec.Obj("containerResource"), status.Obj("containerResource"));
            default:
                return "<unknown type>";
        }
    }

    // An average target prints <unknown> until the status has that average; a value target prints the status's value,
    // which a present status without one shows as a nil *Quantity does: <nil>.
    private static string ValueOrAverage(JsonElement? target, JsonElement? source) =>
        target.Has("averageValue")
            ? $"{source.Obj("current").Raw("averageValue") ?? "<unknown>"}/{target.Raw("averageValue")} (avg)"
            : $"{Current(source, "value")}/{target.Raw("value")}";

    private static string Current(JsonElement? source, string field) =>
        source is null ? "<unknown>" : source.Obj("current").Raw(field) ?? "<nil>";

    private static string Resource(JsonElement? source, JsonElement? status)
    {
        var target = source.Obj("target");
        if (target.Has("averageValue"))
        {
            return $"{source.Str("name")}: {Current(status, "averageValue")}/{target.Raw("averageValue")}";
        }
        var current = status.Obj("current");
        var now = current.Has("averageUtilization") ? $"{current.Int("averageUtilization")}%" : "<unknown>";
        var goal = target.Has("averageUtilization") ? $"{target.Int("averageUtilization")}%" : "<auto>";
        return $"{source.Str("name")}: {now}/{goal}";
    }
}
