using Microsoft.AspNetCore.Http.Features;

namespace MiniApiServer.Http;

/// <summary>
/// Kestrel removes "." and ".." segments (also percent-encoded ones) from the path before any middleware runs, so
/// DELETE /api/v1/nodes/n/proxy/%2e%2e/%2e%2e reached the handler as DELETE /api/v1/nodes and deleted every node.
/// kube-apiserver's go-restful router matches the path's segments as they were sent (the "..", a proxy path or a
/// name there, never a step up), so the path is put back as the client wrote it whenever it had a dot segment, and
/// routing, authorization and the handlers all see the resource the request named.
/// </summary>
public sealed class DotSegmentPathMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (raw is not null && raw.StartsWith('/') && (raw.Contains('.', StringComparison.Ordinal) || raw.Contains("%2e", StringComparison.OrdinalIgnoreCase)))
        {
            var query = raw.IndexOf('?', StringComparison.Ordinal);
            var path = query < 0 ? raw : raw[..query];
            if (HasDotSegment(path))
            {
                // FromUriComponent decodes as Kestrel does, keeping %2F as the escaped slash it is.
                context.Request.Path = PathString.FromUriComponent(path);
            }
        }
        return next(context);
    }

    internal static bool HasDotSegment(string path)
    {
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length is > 0 and <= 6 && Uri.UnescapeDataString(segment) is "." or "..")
            {
                return true;
            }
        }
        return false;
    }
}
