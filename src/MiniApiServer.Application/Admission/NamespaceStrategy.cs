using k8s.Models;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/core/namespace/strategy.go: new namespaces are Active with the "kubernetes" finalizer. The name's rule
/// (a DNS label) is the kind's <see cref="Kinds.NamespaceKind.NameError"/>, checked with the rest of the metadata.
/// </summary>
public sealed class NamespaceStrategy(ResourceType type) : TypedStrategy<V1Namespace>(type)
{
    protected override void PrepareForCreate(V1Namespace ns, DateTimeOffset now)
    {
        ns.Spec = new V1NamespaceSpec { Finalizers = ["kubernetes"] };
        ns.Status = new V1NamespaceStatus { Phase = "Active" };
        ns.Metadata.Labels ??= new Dictionary<string, string>();
        // NamespaceDefaultLabelName feature (GA 1.22): every namespace carries its own name as a label.
        ns.Metadata.Labels["kubernetes.io/metadata.name"] = ns.Metadata.Name;
    }

    protected override void PrepareForUpdate(V1Namespace ns, V1Namespace old, bool statusOnly)
    {
        ns.Spec = old.Spec;
        ns.Metadata.Labels ??= new Dictionary<string, string>();
        ns.Metadata.Labels["kubernetes.io/metadata.name"] = ns.Metadata.Name;
    }
}
