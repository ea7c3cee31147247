using k8s.Models;

namespace MiniApiServer.Application.Admission.PodSecurity.Checks;

/// <summary>
/// What the checks read of a container, ephemeral or not (visitor.go hands them an ephemeral container's
/// EphemeralContainerCommon as a Container); an absent name is Go's empty string.
/// </summary>
internal readonly record struct PodContainer(string Name, V1SecurityContext? SecurityContext, IList<V1ContainerPort>? Ports)
{
    public PodContainer(V1Container container)
        : this(container.Name ?? "", container.SecurityContext, container.Ports)
    {
    }

    public PodContainer(V1EphemeralContainer container)
        : this(container.Name ?? "", container.SecurityContext, container.Ports)
    {
    }
}
