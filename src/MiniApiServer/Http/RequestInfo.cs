using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Http;

/// <summary>
/// A resource request parsed from its path, as k8s.io/apiserver/pkg/endpoints/request/requestinfo.go does:
/// /api/v1/namespaces/{ns}/{resource}/{name}/{subresource}, /apis/{group}/{version}/..., and the
/// cluster-wide forms. "namespaces/{name}/status" is the namespace's own subresource, not a resource.
/// A leading "watch/" is the deprecated watch path (requestinfo.go's special verb): <see cref="Watch"/> is set
/// and the rest is parsed as usual; it has no subresources.
/// </summary>
public sealed record RequestInfo(ResourceType Type, string Namespace, string? Name, string? Subresource, bool AllNamespaces, bool Watch = false)
{
    public static RequestInfo Parse(ResourceRegistry registry, string group, string version, string path)
    {
        // requestinfo.go's splitPath trims the slashes at the ends only, and go-restful matches the segments between as
        // sent: an empty one (namespaces/prod//configmaps) names no resource, where dropping it deleted prod's collection.
        var parts = path.TrimEnd('/').Split('/');
        if (parts.Contains(""))
        {
            throw ApiErrors.PathNotFound();
        }
        var watch = parts.Length > 1 && parts[0] == "watch";
        if (watch)
        {
            parts = parts[1..];
        }
        string ns = "";
        var allNamespaces = true;
        if (parts.Length >= 3 && parts[0] == "namespaces" && !(parts.Length == 3 && parts[2] is "status" or "finalize"))
        {
            // Every object written through this request keeps its namespace: the pool's copy, not one per request.
            ns = Utf8StringPool.Share(parts[1]);
            allNamespaces = false;
            parts = parts[2..];
        }
        if (parts.Length is 0 or > 3)
        {
            throw ApiErrors.PathNotFound();
        }
        var type = registry.Find(group, version, parts[0]) ?? throw ApiErrors.PathNotFound();
        if (!type.Namespaced && !allNamespaces)
        {
            throw ApiErrors.PathNotFound();
        }
        var name = parts.Length > 1 ? parts[1] : null;
        var sub = parts.Length > 2 ? parts[2] : null;
        if (sub is not null && (watch || !type.Subresources.Contains(sub)))
        {
            throw ApiErrors.PathNotFound();
        }
        if (type.Namespaced && name is not null && allNamespaces)
        {
            // A namespaced object cannot be addressed without its namespace.
            throw ApiErrors.PathNotFound();
        }
        return new RequestInfo(type, ns, name, sub, allNamespaces && type.Namespaced, watch);
    }
}
