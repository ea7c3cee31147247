using System.Text.Json;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printReplicationController</c>: the selector is a label map, printed by labels.FormatLabels.</summary>
internal sealed class ReplicationControllerPrinter() : ReplicaCountPrinter(
    "Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller",
    "Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller",
    "The number of ready replicas for this replication controller.",
    "Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels#label-selectors")
{
    protected override string Selector(JsonElement? spec) => LabelFormatter.FormatLabels(spec.Obj("selector"));
}
