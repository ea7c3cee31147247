using Microsoft.AspNetCore.Mvc;
using MiniApiServer.Application.Errors;
using MiniApiServer.OpenApi;

namespace MiniApiServer.Http;

/// <summary>
/// /openapi/v3 and its per-group-version documents. /openapi/v2 is only served as the protobuf kubectl reads
/// (a JSON answer would break it, kubectl-wire.md §3), and holds no definitions (<see cref="OpenApiV2Document"/>).
/// </summary>
[ApiController]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class OpenApiController(OpenApiDocumentStore documents, Application.Resources.ResourceRegistry registry) : ControllerBase
{
    [HttpGet("openapi/v3")]
    public async Task Index()
    {
        // A CRD this replica has read but not yet registered is in the index kubectl reads next.
        registry.Refresh();
        await ObjectWriter.WriteObjectAsync(Response, documents.Index, 200).ConfigureAwait(false);
    }

    [HttpGet("openapi/v3/{**path}")]
    public async Task Document(string path, [FromQuery] string? hash)
    {
        registry.Refresh();
        if (!documents.TryGet(path, out var doc, out var current))
        {
            throw ApiErrors.PathNotFound();
        }
        if (!string.IsNullOrEmpty(hash) && hash != current)
        {
            Response.StatusCode = 301;
            Response.Headers.Location = $"/openapi/v3/{path}?hash={current}";
            return;
        }
        Response.Headers.CacheControl = string.IsNullOrEmpty(hash) ? "no-cache, private" : "public, immutable";
        Response.Headers.ETag = $"\"{current}\"";
        await ObjectWriter.WriteObjectAsync(Response, doc, 200).ConfigureAwait(false);
    }

    [HttpGet("openapi/v2")]
    public async Task V2()
    {
        if (!Request.Headers.Accept.ToString().Contains("protobuf", StringComparison.Ordinal))
        {
            throw ApiErrors.PathNotFound();
        }
        await ObjectWriter.WriteObjectAsync(Response, OpenApiV2Document.Encode(ServerInfoController.GitVersion), 200,
            contentType: OpenApiV2Document.ContentType).ConfigureAwait(false);
    }
}
