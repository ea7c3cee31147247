using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printPod</c> (cells and the Completed row conditions).</summary>
internal sealed class PodPrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
        new("Status", "string", "The aggregate status of the containers in this pod."),
        new("Restarts", "string", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        TableColumn.AgeColumn(),
        new("IP", "string", "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", 1),
        new("Node", "string", "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename", 1),
        new("Nominated Node", "string", "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.", 1),
        new("Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to \"True\" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates", 1),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var summary = PodStatusSummary.Of(item);
        var status = item.Obj("status");
        // The internal type only has podIPs; v1→internal conversion fills it from podIP when absent.
        var podIP = status.Objects("podIPs").FirstOrNull(_ => true)?.Str("ip") ?? status.Str("podIP");
        return
        [
            Cell.Of(Name(item)),
            Cell.Of(summary.Ready),
            Cell.Of(summary.Reason),
            Cell.Of(summary.RestartsText(now)),
            Cell.Of(AgeOf(item, now)),
            Cell.Of(OrNone(podIP)),
            Cell.Of(OrNone(item.Obj("spec").Str("nodeName"))),
            Cell.Of(OrNone(status.Str("nominatedNodeName"))),
            Cell.Of(ReadinessGates(item)),
        ];
    }

    public override JsonArray? Conditions(JsonElement item) => item.Obj("status").Str("phase") switch
    {
        "Succeeded" => [Completed("Succeeded", "The pod has completed successfully.")],
        "Failed" => [Completed("Failed", "The pod failed.")],
        _ => null,
    };

    private static string ReadinessGates(JsonElement pod)
    {
        var gates = pod.Obj("spec").Objects("readinessGates").ToList();
        if (gates.Count == 0)
        {
            return "<none>";
        }

        var conditions = pod.Obj("status").Objects("conditions").ToList();
        var trueConditions = gates.Count(gate =>
            conditions.FirstOrNull(c => c.Str("type") == gate.Str("conditionType"))?.Str("status") == "True");
        return $"{trueConditions}/{gates.Count}";
    }

    private static JsonObject Completed(string reason, string message) => new()
    {
        ["type"] = "Completed",
        ["status"] = "True",
        ["reason"] = reason,
        ["message"] = message,
    };

    private static string OrNone(string value) => value.Length == 0 ? "<none>" : value;
}
