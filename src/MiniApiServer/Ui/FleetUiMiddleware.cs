using MiniApiServer.Application.Errors;
using MiniApiServer.Http;

namespace MiniApiServer.Ui;

/// <summary>
/// Serves the fleet page at /ui/ and sends browsers that open / there. It runs before authentication: the page
/// holds no cluster data, asks for a token itself, and every API call it makes is authorized like any other.
/// </summary>
public sealed class FleetUiMiddleware(RequestDelegate next, FleetUiAssets assets)
{
    public const string PathPrefix = "/ui";

    /// <summary>No inline script or style, and the page may talk only to this server.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var isRead = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        if (isRead && request.Path == "/" && WantsHtml(request))
        {
            context.Response.Redirect(PathPrefix + "/");
            return;
        }
        if (!request.Path.StartsWithSegments(PathPrefix, StringComparison.Ordinal, out var rest))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        if (!rest.HasValue)
        {
            context.Response.Redirect(PathPrefix + "/");
            return;
        }
        if (!isRead)
        {
            await StatusWriter.WriteAsync(context.Response, ApiErrors.MethodNotAllowed()).ConfigureAwait(false);
            return;
        }
        if (assets.Find(rest.Value![1..]) is not { } asset)
        {
            await StatusWriter.WriteAsync(context.Response, ApiErrors.PathNotFound()).ConfigureAwait(false);
            return;
        }
        await WriteAsync(context, asset).ConfigureAwait(false);
    }

    /// <summary>Browsers put text/html first in Accept for a navigation; kubectl and client libraries never ask for it.</summary>
    private static bool WantsHtml(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    private static async Task WriteAsync(HttpContext context, FleetUiAsset asset)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch.ToString() == asset.ETag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        context.Response.ContentType = asset.ContentType;
        context.Response.ContentLength = asset.Content.Length;
        if (HttpMethods.IsGet(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(asset.Content, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
