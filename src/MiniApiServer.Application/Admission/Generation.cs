using k8s.Models;

namespace MiniApiServer.Application.Admission;

/// <summary>The registry strategies' metadata.generation rule: 1 on create, one more whenever an update changes the spec.</summary>
public static class Generation
{
    /// <summary>The generation after an update from <paramref name="old"/> (apiequality.Semantic.DeepEqual on the specs).</summary>
    public static long AfterUpdate(V1ObjectMeta old, object? spec, object? oldSpec) =>
        (old.Generation ?? 1) + (Semantic.DeepEqual(spec, oldSpec) ? 0 : 1);
}
