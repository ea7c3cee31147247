using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Errors;
using MiniApiServer.Http;
using MiniApiServer.Security.Rbac;

namespace MiniApiServer.Security;

/// <summary>
/// k8s.io/apiserver filters/impersonation.go: Impersonate-User (a ServiceAccount when it reads as one), -Group, -Uid and
/// -Extra-* headers make the request act as that user, once the authenticated requestor may "impersonate" each of them.
/// It runs between authentication and authorization, so the request is then authorized as the impersonated user.
/// </summary>
public sealed class ImpersonationMiddleware(RequestDelegate next, IAuthorizer authorizer)
{
    private const string UserHeader = "Impersonate-User";
    private const string GroupHeader = "Impersonate-Group";
    private const string UidHeader = "Impersonate-Uid";
    private const string ExtraPrefix = "Impersonate-Extra-";

    // Not async on the way through: an async method awaiting the rest of the pipeline boxes its state on every request.
    public Task InvokeAsync(HttpContext context) =>
        Requests(context.Request.Headers) is { } requests ? ImpersonateAsync(context, requests) : next(context);

    private async Task ImpersonateAsync(HttpContext context, List<ImpersonationRequest> requests)
    {
        var headers = context.Request.Headers;
        // Without authentication every request acts as system:unsecured, which is in system:masters and may impersonate anyone.
        var requestor = context.Items[UserInfo.ContextKey] as UserInfo ?? UserInfo.UnsecuredRequestor;
        if (requests[0].Kind is not ("User" or "ServiceAccount"))
        {
            await InternalErrorAsync(context, $"requested [{string.Join(' ', requests)}] without impersonating a user").ConfigureAwait(false);
            return;
        }
        var groupsSpecified = headers[GroupHeader].Count > 0;
        var (name, uid, groups, extra) = ("", "", new List<string>(), new Dictionary<string, List<string>>(StringComparer.Ordinal));
        foreach (var request in requests)
        {
            switch (request.Kind)
            {
                case "ServiceAccount":
                    name = ServiceAccountUser.Name(request.Namespace, request.Name);
                    if (!groupsSpecified)
                    {
                        groups.AddRange([ServiceAccountUser.AllGroup, $"{ServiceAccountUser.AllGroup}:{request.Namespace}"]);
                    }
                    break;
                case "User":
                    name = request.Name;
                    break;
                case "Group":
                    groups.Add(request.Name);
                    break;
                case "UserExtra":
                    (extra.TryGetValue(request.FieldPath, out var values) ? values : extra[request.FieldPath] = []).Add(request.Name);
                    break;
                default:
                    uid = request.Name;
                    break;
            }
            var attributes = request.Attributes(requestor, context.Request.Path.Value ?? "/");
            var decision = await authorizer.AuthorizeAsync(attributes, context.RequestAborted).ConfigureAwait(false);
            if (!decision.Allowed)
            {
                await StatusWriter.WriteAsync(context.Response, ApiAuthorizationMiddleware.Forbidden(attributes, decision.Reason)).ConfigureAwait(false);
                return;
            }
        }
        // An impersonated user is authenticated unless it is anonymous or a group already says which it is.
        var (implied, excluding) = name == "system:anonymous"
            ? (UserInfo.UnauthenticatedGroup, new[] { UserInfo.UnauthenticatedGroup })
            : (UserInfo.AuthenticatedGroup, new[] { UserInfo.AuthenticatedGroup, UserInfo.UnauthenticatedGroup });
        if (!groups.Any(excluding.Contains))
        {
            groups.Add(implied);
        }
        context.Items[UserInfo.ContextKey] = new UserInfo(name, uid, groups)
        {
            Extra = extra.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal),
        };
        foreach (var header in headers.Keys.Where(IsImpersonation).ToList())
        {
            headers.Remove(header);
        }
        await next(context).ConfigureAwait(false);
    }

    /// <summary>
    /// responsewriters.InternalError, which the filter answers with instead of a Status: Go's http.Error, plain text naming
    /// the quoted request URI, with &amp;, &lt; and &gt; escaped.
    /// </summary>
    private static async Task InternalErrorAsync(HttpContext context, string error)
    {
        var uri = context.Request.Path.Value + context.Request.QueryString.Value;
        var text = $"Internal Server Error: {GoSyntax.Quote(uri)}: {error}"
            .Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        await context.Response.WriteAsync(text + "\n", context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// buildImpersonationRequests: the user first, then each group, each extra value, and the UID; null for a request that
    /// impersonates nothing, which is every request but a few, so that one allocates nothing here but the headers' enumerator.
    /// </summary>
    private static List<ImpersonationRequest>? Requests(IHeaderDictionary headers)
    {
        List<ImpersonationRequest>? requests = null;
        if (headers.TryGetValue(UserHeader, out var users) && users.FirstOrDefault() is { Length: > 0 } user)
        {
            (requests ??= []).Add(ServiceAccountOf(user) is var (ns, name) ? new("ServiceAccount", ns, name) : new("User", "", user));
        }
        if (headers.TryGetValue(GroupHeader, out var groups))
        {
            foreach (var group in groups)
            {
                (requests ??= []).Add(new("Group", "", group ?? ""));
            }
        }
        foreach (var (header, values) in headers)
        {
            if (!header.StartsWith(ExtraPrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var key = UnescapeExtraKey(header[ExtraPrefix.Length..].ToLowerInvariant());
            foreach (var value in values)
            {
                (requests ??= []).Add(new("UserExtra", "", value ?? "", "authentication.k8s.io/v1", key));
            }
        }
        if (headers.TryGetValue(UidHeader, out var uids) && uids.FirstOrDefault() is { Length: > 0 } uid)
        {
            (requests ??= []).Add(new("UID", "", uid, "authentication.k8s.io/v1"));
        }
        return requests;
    }

    /// <summary>serviceaccount.SplitUsername: system:serviceaccount:NAMESPACE:NAME with a valid namespace and name.</summary>
    private static (string Namespace, string Name)? ServiceAccountOf(string user)
    {
        if (!user.StartsWith(ServiceAccountUser.Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var parts = user[ServiceAccountUser.Prefix.Length..].Split(':');
        return parts.Length == 2 && ObjectMetaValidation.LabelNameError(parts[0]) is null && ObjectMetaValidation.SubdomainError(parts[1]) is null
            ? (parts[0], parts[1])
            : null;
    }

    /// <summary>unescapeExtraKey: url.PathUnescape, or the key as sent when it is not well formed.</summary>
    private static string UnescapeExtraKey(string encoded)
    {
        for (var i = encoded.IndexOf('%', StringComparison.Ordinal); i >= 0; i = encoded.IndexOf('%', i + 1))
        {
            if (i + 2 >= encoded.Length || !Uri.IsHexDigit(encoded[i + 1]) || !Uri.IsHexDigit(encoded[i + 2]))
            {
                return encoded;
            }
        }
        return Uri.UnescapeDataString(encoded);
    }

    private static bool IsImpersonation(string header) =>
        header.Equals(UserHeader, StringComparison.OrdinalIgnoreCase) || header.Equals(GroupHeader, StringComparison.OrdinalIgnoreCase)
        || header.Equals(UidHeader, StringComparison.OrdinalIgnoreCase) || header.StartsWith(ExtraPrefix, StringComparison.OrdinalIgnoreCase);
}
