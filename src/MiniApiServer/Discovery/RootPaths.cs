using System.Text.Json.Nodes;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Discovery;

/// <summary>GET / as kube-apiserver answers it (metav1.RootPaths): every path the server serves, sorted.</summary>
public static class RootPaths
{
    private static readonly string[] FixedPaths =
        ["/api", "/apis", "/healthz", "/livez", "/metrics", "/openapi/v3", "/readyz", "/swagger", "/ui/", "/version"];

    public static JsonObject Document(IReadOnlyList<ResourceType> resources)
    {
        var paths = FixedPaths
            .Concat(resources.Where(r => r.Group.Length == 0).Select(r => "/api/" + r.Version))
            .Concat(resources.Where(r => r.Group.Length > 0).SelectMany(r => new[] { "/apis/" + r.Group, "/apis/" + r.GroupVersion }))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(p => (JsonNode?)p)
            .ToArray();
        return new JsonObject { ["paths"] = new JsonArray(paths) };
    }
}
