using System.Text.Json;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printReplicaSet</c>: the selector is a LabelSelector.</summary>
internal sealed class ReplicaSetPrinter() : ReplicaCountPrinter(
    "Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller",
    "Replicas is the most recently oberved number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller",
    "The number of ready replicas for this replica set.",
    "Selector is a label query over pods that should match the replica count. If the selector is empty, it is defaulted to the labels present on the pod template. Label keys and values that must match in order to be controlled by this replica set. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors")
{
    protected override string Selector(JsonElement? spec) => LabelFormatter.FormatLabelSelector(spec.Obj("selector"));
}
