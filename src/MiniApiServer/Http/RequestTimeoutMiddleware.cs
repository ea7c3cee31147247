using MiniApiServer.Application.Errors;

namespace MiniApiServer.Http;

/// <summary>
/// kube-apiserver's timeout filter (staging/src/k8s.io/apiserver/pkg/server/filters/timeout.go): a non-long-running
/// request that is not answered within --request-timeout (default 60 s), or within its own ?timeout= if shorter,
/// gets a 504 Timeout Status. As upstream, the abandoned handler is not rolled back: a write may still commit.
/// Long-running requests are exempt.
/// </summary>
public sealed class RequestTimeoutMiddleware(RequestDelegate next, IConfiguration configuration, TimeProvider time)
{
    public const string TimeoutMessage = "Timeout: request did not complete within requested timeout - context deadline exceeded";

    private readonly TimeSpan _default = TimeSpan.FromSeconds(configuration.GetValue("request-timeout", 60.0));

    private readonly RequestDeadlines _deadlines = new(time);

    public async Task InvokeAsync(HttpContext context)
    {
        if (IsLongRunning(context.Request))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        // request_deadline.go: a timeout of 0s (or less) is none of the user's, and one past the server's is the server's.
        var timeout = RequestedTimeout(context.Request) is { } requested && requested > TimeSpan.Zero && requested < _default ? requested : _default;
        var original = context.RequestAborted;
        var cts = _deadlines.Rent(timeout);
        // The client going away cancels the same source, as a linked source would, without a second one per request.
        var link = original.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), cts);
        context.RequestAborted = cts.Token;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested && !original.IsCancellationRequested && !context.Response.HasStarted)
        {
            context.Response.Clear();
            await StatusWriter.WriteAsync(context.Response, new ApiException(504, "Timeout", TimeoutMessage)).ConfigureAwait(false);
        }
        finally
        {
            context.RequestAborted = original;
            link.Dispose();
            _deadlines.Return(cts);
        }
    }

    /// <summary>
    /// kube-apiserver's BasicLongRunningRequestCheck (staging/src/k8s.io/apiserver/pkg/server/filters/longrunning.go, with
    /// the verbs and subresources cmd/kube-apiserver passes it): watches, proxies and the streaming subresources (a
    /// followed log, exec, attach, port-forward) are never cut by the request timeout.
    /// </summary>
    private static bool IsLongRunning(HttpRequest request)
    {
        if (QueryParameters.Bool(request, "watch") || request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal))
        {
            return true;
        }
        var path = ApiPath.Parse(request.Path.Value);
        return path.Subresource is "attach" or "exec" or "proxy" or "log" or "portforward" || path.Resource is "watch" or "proxy";
    }

    /// <summary>
    /// The ?timeout= query parameter kubectl sends with --request-timeout, read with Go's time.ParseDuration (1m30s, 1.5h,
    /// 0) as request_deadline.go's parseTimeout reads it, and refused in its words.
    /// </summary>
    public static TimeSpan? RequestedTimeout(HttpRequest request)
    {
        var raw = request.Query["timeout"].ToString();
        if (raw.Length == 0)
        {
            return null;
        }
        try
        {
            return Application.Cron.GoDuration.Parse(raw);
        }
        catch (FormatException ex)
        {
            throw ApiErrors.BadRequest($"invalid timeout specified in the request URL - {ex.Message}");
        }
    }
}
