using MiniApiServer.Application.Resources;
using MiniApiServer.Discovery;
using MiniApiServer.Storage;

namespace MiniApiServer.Http;

/// <summary>
/// kube-aggregator's proxy handler (pkg/apiserver/handler_proxy.go) for an APIService behind a Service: a request
/// under its group version, once authorized, is proxied only while the service is available, and otherwise answered
/// with http.Error's plain-text 503 "service unavailable", which kubectl shows as "the server is currently unable to
/// handle the request". Simulated pods run no server, so here it is always that answer.
/// </summary>
public sealed class AggregatedApiMiddleware(RequestDelegate next, ObjectStore store, ResourceRegistry registry, ServiceBackedGroupVersions serviceBacked)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // Pod and node traffic is under /api; under /apis only a group version some APIService sends to a Service is
        // looked at further (a span of the path against a frozen set), and only then is the path split.
        if (context.Request.Path.Value is { } path && path.StartsWith("/apis/", StringComparison.Ordinal)
            && serviceBacked.Contains(GroupVersionOf(path.AsSpan(6)))
            && path.Split('/', 5) is [_, _, { Length: > 0 } group, { Length: > 0 } version, ..]
            && AggregatedAPIServices.Remote(store, registry, () => DiscoveryController.Served(registry), group, version) is not null)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "text/plain; charset=utf-8";
            context.Response.Headers["X-Content-Type-Options"] = "nosniff";
            await context.Response.WriteAsync("service unavailable\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }
        await next(context).ConfigureAwait(false);
    }

    /// <summary>"group/version" from "group/version[/...]".</summary>
    private static ReadOnlySpan<char> GroupVersionOf(ReadOnlySpan<char> rest)
    {
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return [];
        }
        var end = rest[(slash + 1)..].IndexOf('/');
        return end < 0 ? rest : rest[..(slash + 1 + end)];
    }
}
