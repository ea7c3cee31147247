namespace MiniApiServer.ResourceMetrics;

/// <summary>net.SplitSchemeNamePort, as the proxy subresources read their name: "name", "name:port", "scheme:name:port".</summary>
public static class ProxyTarget
{
    public static (string Name, string? Port) Split(string name)
    {
        var parts = name.Split(':');
        return parts.Length switch
        {
            2 => (parts[0], parts[1]),
            3 => (parts[1], parts[2]),
            _ => (name, null),
        };
    }
}
