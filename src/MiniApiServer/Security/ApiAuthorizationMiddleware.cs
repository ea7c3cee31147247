using MiniApiServer.Application.Errors;
using MiniApiServer.Http;

namespace MiniApiServer.Security;

/// <summary>
/// Derives the request's attributes as RequestInfoFactory does and asks the authorizer; a denial is a 403 Status
/// worded like upstream's responsewriters.Forbidden (forbiddenMessage plus the authorizer's reason).
/// </summary>
public sealed class ApiAuthorizationMiddleware(RequestDelegate next, IAuthorizer authorizer)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Items[UserInfo.ContextKey] is not UserInfo user)
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        var attributes = RequestAttributes.From(context.Request, user);
        var decision = await authorizer.AuthorizeAsync(attributes, context.RequestAborted).ConfigureAwait(false);
        context.Items[Pipeline.Audit.AuditMiddleware.DecisionKey] = decision;
        if (!decision.Allowed)
        {
            await StatusWriter.WriteAsync(context.Response, Forbidden(attributes, decision.Reason)).ConfigureAwait(false);
            return;
        }
        await next(context).ConfigureAwait(false);
    }

    internal static ApiException Forbidden(AuthorizationAttributes a, string reason)
    {
        var message = ForbiddenMessage(a) + (reason.Length > 0 ? $": {reason}" : "");
        if (!a.IsResourceRequest)
        {
            return ApiErrors.Forbidden($"forbidden: {message}");
        }
        var groupResource = a.ApiGroup.Length == 0 ? a.Resource : $"{a.Resource}.{a.ApiGroup}";
        var subject = a.Name.Length > 0 ? $"{groupResource} \"{a.Name}\"" : groupResource;
        return new ApiException(403, "Forbidden", $"{subject} is forbidden: {message}")
        {
            Details = new StatusDetails(a.Name.Length > 0 ? a.Name : null, a.ApiGroup, a.Resource),
        };
    }

    /// <summary>responsewriters/errors.go forbiddenMessage.</summary>
    private static string ForbiddenMessage(AuthorizationAttributes a)
    {
        if (!a.IsResourceRequest)
        {
            return $"User \"{a.User.Name}\" cannot {a.Verb} path \"{a.Path}\"";
        }
        var resource = a.Subresource.Length > 0 ? $"{a.Resource}/{a.Subresource}" : a.Resource;
        return a.Namespace.Length > 0
            ? $"User \"{a.User.Name}\" cannot {a.Verb} resource \"{resource}\" in API group \"{a.ApiGroup}\" in the namespace \"{a.Namespace}\""
            : $"User \"{a.User.Name}\" cannot {a.Verb} resource \"{resource}\" in API group \"{a.ApiGroup}\" at the cluster scope";
    }
}
