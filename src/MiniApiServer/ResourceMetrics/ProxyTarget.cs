using MiniApiServer.Application.Errors;

namespace MiniApiServer.ResourceMetrics;

/// <summary>
/// utilnet.SplitSchemeNamePort, as the proxy subresources read their name: "name", "name:port" or "scheme:name:port",
/// the scheme http or https and the name not empty; anything else is their 400 "invalid {kind} request".
/// </summary>
public static class ProxyTarget
{
    public static (string Scheme, string Name, string? Port) Split(string id, string kind)
    {
        var parts = id.Split(':');
        var (scheme, name, port) = parts.Length switch
        {
            1 => ("", parts[0], null),
            2 => ("", parts[0], parts[1]),
            3 => (parts[0], parts[1], parts[2]),
            _ => ("", "", null),
        };
        if (name.Length == 0 || scheme is not ("" or "http" or "https"))
        {
            throw new ApiException(400, "BadRequest", $"invalid {kind} request \"{id}\"");
        }
        return (scheme, name, port is { Length: > 0 } ? port : null);
    }
}
