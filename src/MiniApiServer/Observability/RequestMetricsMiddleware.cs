using System.Collections.Frozen;
using System.Diagnostics;
using MiniApiServer.Application.Resources;
using MiniApiServer.Http;

namespace MiniApiServer.Observability;

/// <summary>Counts and times every request by Kubernetes verb and resource, and logs it at debug.</summary>
public sealed class RequestMetricsMiddleware(RequestDelegate next, ILogger<RequestMetricsMiddleware> logger, ResourceRegistry registry)
{
    // Upstream's subresource names; with the served plurals they bound the resource label's values.
    private static readonly FrozenSet<string> Subresources = FrozenSet.ToFrozenSet(
        ["status", "scale", "binding", "eviction", "log", "exec", "attach", "portforward", "proxy", "finalize", "token", "approval",
            "ephemeralcontainers", "resize"], StringComparer.Ordinal);

    // Rebuilt when the registry's list changes (a CRD's resource served or gone): one reference compare per request.
    // One object, published by one reference write, so a reader never pairs one list with another's plurals.
    private ServedPlurals _served = new(registry.Types);

    private FrozenSet<string> Served()
    {
        var current = Volatile.Read(ref _served);
        var types = registry.Types;
        if (!ReferenceEquals(current.Types, types))
        {
            current = new ServedPlurals(types);
            Volatile.Write(ref _served, current);
        }
        return current.Plurals;
    }

    private sealed class ServedPlurals(IReadOnlyList<ResourceType> types)
    {
        public IReadOnlyList<ResourceType> Types { get; } = types;
        public FrozenSet<string> Plurals { get; } = types.Select(t => t.Plural).ToFrozenSet(StringComparer.Ordinal);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            var (verb, resource) = Classify(context.Request, Served());
            var elapsed = Stopwatch.GetElapsedTime(started);
            ApiMetrics.Requests.WithLabels(verb, resource, context.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
            if (verb != "WATCH")
            {
                ApiMetrics.RequestSeconds.WithLabels(verb, resource).Observe(elapsed.TotalSeconds);
            }
            logger.LogDebug("{Method} {Path}{Query} {Code} {Millis:F1}ms", context.Request.Method, context.Request.Path,
                context.Request.QueryString, context.Response.StatusCode, elapsed.TotalMilliseconds);
        }
    }

    /// <summary>
    /// Upstream's verb names (LIST and WATCH for collection GETs, APPLY for an apply patch, "other" for any method
    /// kube-apiserver does not name: its cleanVerb), and the resource plural plus subresource. A resource the server does
    /// not serve, or a subresource upstream has no name for, is left out of the label: a client probing made-up paths
    /// would otherwise add a series per path.
    /// </summary>
    public static (string Verb, string Resource) Classify(HttpRequest request, IReadOnlySet<string> served)
    {
        var path = ApiPath.Parse(request.Path.Value);
        var verb = Verb(request, path);
        if (path.Resource.IsEmpty || !served.Contains(path.Resource.ToString()))
        {
            return (verb, "");
        }
        var resource = path.Subresource.IsEmpty || !Subresources.Contains(path.Subresource.ToString())
            ? path.Resource.ToString()
            : string.Concat(path.Resource, "/", path.Subresource);
        return (verb, resource);
    }

    private static string Verb(HttpRequest request, ApiPath path)
    {
        var collection = !path.Resource.IsEmpty && path.IsCollection;
        var watch = Http.QueryParameters.Bool(request, "watch");
        return request.Method switch
        {
            "GET" when watch && !path.Resource.IsEmpty => "WATCH",
            "GET" when collection => "LIST",
            "GET" => "GET",
            "POST" => "POST",
            "PUT" => "PUT",
            "PATCH" when MediaTypes.BaseType(request.ContentType) == "application/apply-patch+yaml" => "APPLY",
            "PATCH" => "PATCH",
            "DELETE" when collection => "DELETECOLLECTION",
            "DELETE" => "DELETE",
            "CONNECT" => "CONNECT",
            _ => "other",
        };
    }
}
