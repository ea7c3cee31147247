namespace MiniApiServer.Application.Patching;

/// <summary>
/// One field another manager owns with a different value. Upstream's NewConflictError
/// (staging/src/k8s.io/apimachinery/pkg/util/managedfields/internal/conflict.go) turns each into a StatusCause whose
/// message names the manager and whose field is the path, which clients read to tell which fields they lost.
/// </summary>
public sealed record ApplyConflict(string Manager, string Field)
{
    public string Message => $"conflict with {Manager}";
}
