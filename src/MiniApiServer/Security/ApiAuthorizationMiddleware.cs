using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Http;

namespace MiniApiServer.Security;

/// <summary>
/// Derives the verb and resource from the request as RequestInfoFactory does and asks the authorizer;
/// a denial is a 403 Status worded like upstream's responsewriters.forbiddenMessage.
/// </summary>
public sealed class ApiAuthorizationMiddleware(RequestDelegate next, IAuthorizer authorizer, ResourceRegistry registry)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Items[UserInfo.ContextKey] is not UserInfo user)
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        var attributes = Attributes(context.Request, user);
        if (!authorizer.Authorize(attributes))
        {
            await StatusWriter.WriteAsync(context.Response, Forbidden(attributes)).ConfigureAwait(false);
            return;
        }
        await next(context).ConfigureAwait(false);
    }

    private AuthorizationAttributes Attributes(HttpRequest request, UserInfo user)
    {
        var path = request.Path.Value ?? "/";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var method = request.Method.ToLowerInvariant();
        (string Group, string Version, string Remainder)? route = segments switch
        {
            ["api", var v, .. var rest] when rest.Length > 0 => ("", v, string.Join('/', rest)),
            ["apis", var g, var v, .. var rest] when rest.Length > 0 => (g, v, string.Join('/', rest)),
            _ => null,
        };
        if (route is not { } r)
        {
            return new AuthorizationAttributes(user, method, false, path);
        }
        RequestInfo info;
        try
        {
            info = RequestInfo.Parse(registry, r.Group, r.Version, r.Remainder);
        }
        catch (ApiException)
        {
            // Not a served resource: the handler answers 404 for readers; writers are still checked by path.
            return new AuthorizationAttributes(user, method, false, path);
        }
        var watch = info.Watch || request.Query["watch"].ToString() is "true" or "1" or "t" or "T" or "True" or "TRUE";
        var verb = request.Method switch
        {
            "GET" or "HEAD" when watch => "watch",
            "GET" or "HEAD" => info.Name is null ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => info.Name is null ? "deletecollection" : "delete",
            _ => method,
        };
        return new AuthorizationAttributes(user, verb, true, path, info.Type.Group, info.Type.Plural, info.Subresource ?? "", info.Namespace, info.Name ?? "");
    }

    private static ApiException Forbidden(AuthorizationAttributes a)
    {
        var user = a.User.Name;
        if (!a.IsResourceRequest)
        {
            return ApiErrors.Forbidden($"forbidden: User \"{user}\" cannot {a.Verb} path \"{a.Path}\"");
        }
        var resource = a.Subresource.Length > 0 ? $"{a.Resource}/{a.Subresource}" : a.Resource;
        var reason = a.Namespace.Length > 0
            ? $"User \"{user}\" cannot {a.Verb} resource \"{resource}\" in API group \"{a.ApiGroup}\" in the namespace \"{a.Namespace}\""
            : $"User \"{user}\" cannot {a.Verb} resource \"{resource}\" in API group \"{a.ApiGroup}\" at the cluster scope";
        var groupResource = a.ApiGroup.Length == 0 ? a.Resource : $"{a.Resource}.{a.ApiGroup}";
        var subject = a.Name.Length > 0 ? $"{groupResource} \"{a.Name}\"" : groupResource;
        return new ApiException(403, "Forbidden", $"{subject} is forbidden: {reason}")
        {
            Details = new StatusDetails(a.Name.Length > 0 ? a.Name : null, a.ApiGroup, a.Resource),
        };
    }
}
