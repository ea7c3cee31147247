using Microsoft.AspNetCore.Mvc;
using MiniApiServer.Application.Resources;
using MiniApiServer.Discovery;

namespace MiniApiServer.Http;

/// <summary>The root paths document for API clients; browsers asking for HTML were sent to /ui/ before this.</summary>
[ApiController]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class RootPathsController(ResourceRegistry registry) : ControllerBase
{
    [HttpGet("/")]
    public async Task Root()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(RootPaths.Document(registry.Types).ToJsonString(StatusWriter.Json));
        await ObjectWriter.WriteObjectAsync(Response, bytes, 200, contentType: "application/json").ConfigureAwait(false);
    }
}
