using System.Diagnostics;
using MiniApiServer.Http;

namespace MiniApiServer.Observability;

/// <summary>Counts and times every request by Kubernetes verb and resource, and logs it at debug.</summary>
public sealed class RequestMetricsMiddleware(RequestDelegate next, ILogger<RequestMetricsMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            var (verb, resource) = Classify(context.Request);
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

    /// <summary>Upstream's verb names: LIST and WATCH for collection GETs, plus the resource plural (and subresource).</summary>
    public static (string Verb, string Resource) Classify(HttpRequest request)
    {
        var path = ApiPath.Parse(request.Path.Value);
        if (path.Resource.IsEmpty)
        {
            return (request.Method, "");
        }
        var resource = path.Subresource.IsEmpty ? path.Resource.ToString() : string.Concat(path.Resource, "/", path.Subresource);
        var collection = path.IsCollection;
        var watch = request.Query["watch"] is var w && (w == "true" || w == "1");
        var verb = request.Method switch
        {
            "GET" when watch => "WATCH",
            "GET" when collection => "LIST",
            "GET" => "GET",
            "POST" => "POST",
            "PUT" => "PUT",
            "PATCH" => "PATCH",
            "DELETE" when collection => "DELETECOLLECTION",
            "DELETE" => "DELETE",
            _ => request.Method,
        };
        return (verb, resource);
    }
}
