namespace MiniApiServer.Http;

/// <summary>
/// core/v1's top-level <c>bindings</c> collection (pkg/registry/core/pod/storage/storage.go LegacyBindingREST): a POST
/// binds the pod its body names, as pods/binding does with the URL's name. It has no objects of its own, so it is not a
/// stored kind; every other verb on it is a 405, as upstream registers only create.
/// </summary>
public static class LegacyBindings
{
    public const string Resource = "bindings";

    /// <summary>The namespace of a /api/v1/namespaces/{ns}/bindings path, else null.</summary>
    public static string? Namespace(string group, string version, string path)
    {
        // Checked on every core request, so the common miss costs a comparison, not a split.
        if (group.Length != 0 || version != "v1" || !path.TrimEnd('/').EndsWith(Resource, StringComparison.Ordinal))
        {
            return null;
        }
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts is ["namespaces", var ns, Resource] ? ns : null;
    }
}
