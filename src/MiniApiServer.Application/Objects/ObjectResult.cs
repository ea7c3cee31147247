namespace MiniApiServer.Application.Objects;

/// <summary>The object a write produced, serialized, with the HTTP status kube-apiserver would answer and any warnings.</summary>
public sealed record ObjectResult(byte[] Json, int StatusCode, IReadOnlyList<string> Warnings, long ResourceVersion)
{
    /// <summary>
    /// For a typed in-process write, the admitted model that <see cref="Json"/> was encoded from (resourceVersion
    /// included), so the writer need not decode what it wrote; null otherwise. It is the writer's to keep.
    /// </summary>
    public object? Model { get; init; }

    /// <summary>A delete that removed the object at once (no finalizer or grace period kept it); <see cref="Json"/> is what was removed.</summary>
    public bool Removed { get; init; }

    /// <summary>A metav1.Status Success, what a subresource that stores nothing of its own answers (pods/binding, pods/eviction).</summary>
    public static ObjectResult SuccessStatus(int code) =>
        new(System.Text.Encoding.UTF8.GetBytes($"{{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{{}},\"status\":\"Success\",\"code\":{code}}}"), code, [], 0);
}
