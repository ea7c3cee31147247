namespace MiniApiServer.Application.Admission;

/// <summary>
/// admission.Attributes' AddAnnotation: what admission adds to the request's audit event. The audit filter begins a
/// set for each request it logs; the set flows with the request's async context into admission, and without one (no
/// audit policy, or a controller's write) nothing is kept. A key keeps its first value, as upstream refuses a second.
/// </summary>
public static class AuditAnnotations
{
    private static readonly AsyncLocal<Dictionary<string, string>?> Current = new();

    // Set once an audit policy is loaded: without one, admission never reads the async-local on its hot path.
    private static volatile bool s_enabled;

    public static void Enable() => s_enabled = true;

    public static Dictionary<string, string> Begin() => Current.Value = new Dictionary<string, string>(StringComparer.Ordinal);

    public static bool Recording => s_enabled && Current.Value is not null;

    public static void Add(string key, string value)
    {
        if (!s_enabled || Current.Value is not { } annotations)
        {
            return;
        }
        lock (annotations)
        {
            annotations.TryAdd(key, value);
        }
    }
}
