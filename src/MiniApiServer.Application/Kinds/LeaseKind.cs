using k8s.Models;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Kinds;

/// <summary>coordination.k8s.io/v1 leases.</summary>
public sealed class LeaseKind : KindDefinition
{
    public override ResourceType Type { get; } = new("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, typeof(V1Lease), None, None, None);
}
