using MiniApiServer.Application.Resources;

namespace MiniApiServer.Controllers.ApiRegistration;

/// <summary>
/// The APIs the host answers itself without a stored kind (the reviews, metrics.k8s.io), which the registry does not
/// list: with the built-in kinds they are what kube-apiserver's ListedPaths would name.
/// </summary>
public sealed record LocalApis(IReadOnlyList<ResourceType> Types)
{
    public static readonly LocalApis None = new([]);
}
