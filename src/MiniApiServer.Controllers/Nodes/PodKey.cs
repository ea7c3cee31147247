using k8s.Models;
using MiniApiServer.Storage;

namespace MiniApiServer.Controllers.Nodes;

/// <summary>"namespace/name" work-queue keys for pods.</summary>
public static class PodKey
{
    public static string Of(V1Pod pod) => ObjectKeys.Key(pod.Metadata.NamespaceProperty ?? "", pod.Metadata.Name);

    public static (string Namespace, string Name) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }
}
