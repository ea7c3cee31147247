using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// The NodeTaint admission plugin (plugin/pkg/admission/nodetaint, TaintNodesByCondition): every node is created
/// with <c>node.kubernetes.io/not-ready:NoSchedule</c>, so nothing without a toleration lands on it before the node
/// lifecycle controller sees it Ready and lifts the taint. Nodes keep the status they are created with, as upstream.
/// The spec's rules are <see cref="NodeSpecValidation"/>.
/// </summary>
public sealed class NodeStrategy(ResourceType type) : TypedStrategy<V1Node>(type)
{
    protected override void PrepareForCreate(V1Node node, DateTimeOffset now)
    {
        node.Spec ??= new V1NodeSpec();
        node.Spec.Taints ??= [];
        if (!node.Spec.Taints.Any(t => t.Key == PodStrategy.NotReadyTaint && t.Effect == "NoSchedule"))
        {
            node.Spec.Taints.Add(new V1Taint { Key = PodStrategy.NotReadyTaint, Effect = "NoSchedule" });
        }
    }

    protected override void Validate(V1Node node, FieldErrors errors) => NodeSpecValidation.Validate(node.Spec, errors);

    protected override void ValidateUpdate(V1Node node, V1Node old, FieldErrors errors) => NodeSpecValidation.ValidateUpdate(node.Spec, old.Spec, errors);
}
