using MiniApiServer.Application.Selectors;

namespace MiniApiServer.Security;

/// <summary>
/// The authorization attributes of a request, parsed from the path alone as upstream's
/// k8s.io/apiserver/pkg/endpoints/request/requestinfo.go does, whether or not the resource is served:
/// /api/v1/... and /apis/GROUP/VERSION/... are resource requests, everything else a non-resource path.
/// </summary>
public static class RequestAttributes
{
    private static readonly HashSet<string> NamespaceSubresources = new(StringComparer.Ordinal) { "status", "finalize" };

    public static AuthorizationAttributes From(HttpRequest request, UserInfo user)
    {
        var path = request.Path.Value is { Length: > 0 } p ? p : "/";
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var nonResource = new AuthorizationAttributes(user, request.Method.ToLowerInvariant(), false, path);
        string group;
        string[] rest;
        switch (parts)
        {
            case ["api", _, .. var r] when r.Length > 0:
                group = "";
                rest = r;
                break;
            case ["apis", var g, _, .. var r] when r.Length > 0:
                group = g;
                rest = r;
                break;
            default:
                return nonResource;
        }
        var verb = request.Method switch
        {
            "POST" => "create",
            "GET" or "HEAD" => "get",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => "delete",
            _ => "",
        };
        var special = rest[0] is "watch" or "proxy";
        if (special)
        {
            if (rest.Length < 2)
            {
                return nonResource;
            }
            verb = rest[0];
            rest = rest[1..];
        }
        var ns = "";
        if (rest[0] == "namespaces" && rest.Length > 1)
        {
            ns = rest[1];
            // namespaces/NAME/status and /finalize are the namespace's own subresources, not a resource inside it.
            if (rest.Length > 2 && !NamespaceSubresources.Contains(rest[2]))
            {
                rest = rest[2..];
            }
        }
        var resource = rest[0];
        var name = rest.Length > 1 ? rest[1] : "";
        var subresource = rest.Length > 2 && verb != "proxy" ? rest[2] : "";
        if (name.Length == 0 && verb == "get")
        {
            // The handler's own reading of the flag (requestinfo.go decodes the same ListOptions): a bare ?watch is a
            // watch for the authorizer too, or a list-only user could watch.
            verb = Http.QueryParameters.Bool(request, "watch") ? "watch" : "list";
            name = NameFromFieldSelector(request.Query["fieldSelector"].ToString());
        }
        if (name.Length == 0 && verb == "delete")
        {
            verb = "deletecollection";
        }
        return new AuthorizationAttributes(user, verb, true, path, group, resource, subresource, ns, name);
    }

    /// <summary>A list or watch narrowed to metadata.name=X is checked as that one object (kubectl get NAME --watch).</summary>
    private static string NameFromFieldSelector(string selector)
    {
        if (selector.Length == 0)
        {
            return "";
        }
        try
        {
            var name = FieldSelector.Parse(selector, new HashSet<string>(StringComparer.Ordinal) { "metadata.name" }).RequiredValue("metadata.name") ?? "";
            return Application.Admission.ObjectMetaValidation.PathSegmentNameError(name) is null ? name : "";
        }
        catch (FormatException)
        {
            // Other keys or a malformed selector: checked as a plain list; the handler answers what is wrong with it.
            return "";
        }
    }
}
