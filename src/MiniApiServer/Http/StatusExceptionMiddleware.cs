using MiniApiServer.Application.Errors;
using MiniApiServer.Storage;

namespace MiniApiServer.Http;

/// <summary>
/// Every failure on the wire is a Status: client errors keep their code, oversize bodies are 413, an
/// unreachable or stopping store is 503, a commit the store refused (disk full, I/O error) is a 500
/// InternalError naming the storage error, as kube-apiserver reports an etcd failure, and anything
/// unexpected is a 500 InternalError Status, never an HTML page or ProblemDetails.
/// </summary>
public sealed class StatusExceptionMiddleware(RequestDelegate next, ILogger<StatusExceptionMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var api = Translate(ex);
            if (api is { Code: 400 } && ex is not (ApiException or BadHttpRequestException))
            {
                logger.LogWarning(ex, "input error surfaced outside the request decoders on {Method} {Path}", context.Request.Method, context.Request.Path);
            }
            if (ex is StorageFailedException)
            {
                logger.LogError("write failed in storage on {Method} {Path}: {Error}", context.Request.Method, context.Request.Path, ex.Message);
            }
            if (api is null)
            {
                logger.LogError(ex, "unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
                api = new ApiException(500, "InternalError", $"Internal error occurred: {ex.Message}");
            }
            await StatusWriter.WriteAsync(context.Response, api).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
    }

    /// <summary>The Status an error is answered with; null for one nothing expects, a bug (upstream's panic).</summary>
    internal static ApiException? Translate(Exception ex) => ex switch
    {
        ApiException a => a,
        BadHttpRequestException { StatusCode: 413 } => ApiErrors.TooLarge(),
        BadHttpRequestException b => ApiErrors.BadRequest(b.Message),
        StorageUnavailableException s => ApiErrors.ServiceUnavailable(s.Message),
        ObjectTooDeepException d => ApiErrors.BadRequest(d.Message),
        StorageFailedException f => new ApiException(500, "InternalError", $"Internal error occurred: {f.Message}"),
        RevisionExpiredException r => ApiErrors.Expired(r.Message),
        // Decoding failures deeper than the request parsers (a patch engine re-reading a path, say) are
        // still the client's input; upstream answers those 400 too.
        System.Text.Json.JsonException or System.Text.DecoderFallbackException => ApiErrors.BadRequest(ex.Message),
        _ => null,
    };
}
