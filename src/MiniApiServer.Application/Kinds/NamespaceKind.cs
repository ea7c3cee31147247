using k8s.Models;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Kinds;

/// <summary>core/v1 namespaces.</summary>
public sealed class NamespaceKind : KindDefinition
{
    public override ResourceType Type { get; } = new("", "v1", "namespaces", "namespace", "Namespace", false, typeof(V1Namespace), ["ns"], None, ["status", "finalize"]);

    public override IDeleteRule DeleteRule { get; } = new NamespaceDeletion();
}
