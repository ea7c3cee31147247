namespace MiniApiServer.Http;

/// <summary>
/// The resource, subresource and shape of a resource path (/api/v1/..., /apis/GROUP/VERSION/...), read as ranges of
/// the path without allocating: the metrics and timeout filters look at every request.
/// </summary>
public readonly ref struct ApiPath
{
    private ApiPath(ReadOnlySpan<char> resource, ReadOnlySpan<char> subresource, bool collection)
    {
        Resource = resource;
        Subresource = subresource;
        IsCollection = collection;
    }

    /// <summary>The resource plural; empty when the path names no resource (discovery, /healthz).</summary>
    public ReadOnlySpan<char> Resource { get; }

    /// <summary>The subresource (status, log, exec, ...), or empty.</summary>
    public ReadOnlySpan<char> Subresource { get; }

    /// <summary>Whether the path names a collection rather than one object.</summary>
    public bool IsCollection { get; }

    public static ApiPath Parse(ReadOnlySpan<char> path)
    {
        Span<Range> parts = stackalloc Range[10];
        var count = path.Split(parts, '/', StringSplitOptions.RemoveEmptyEntries);
        var skip = count > 0 && path[parts[0]] is "api" ? 2 : count > 0 && path[parts[0]] is "apis" ? 3 : -1;
        if (skip < 0 || count <= skip)
        {
            return default;
        }
        var rest = parts[skip..count];
        // namespaces/NAME/status and namespaces/NAME/finalize are the namespace's own subresources, not a namespaced resource.
        if (rest.Length >= 3 && path[rest[0]] is "namespaces" && path[rest[2]] is not ("status" or "finalize"))
        {
            rest = rest[2..];
        }
        return new ApiPath(path[rest[0]], rest.Length > 2 ? path[rest[2]] : default, rest.Length == 1);
    }
}
