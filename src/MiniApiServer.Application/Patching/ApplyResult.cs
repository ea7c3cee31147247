using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Patching;

/// <summary>
/// Outcome of a server-side apply. With conflicts, <see cref="Object"/> is the unchanged live object and
/// <see cref="Message"/> is the upstream 409 message ("Apply failed with 1 conflict: ...").
/// </summary>
public sealed record ApplyResult(JsonObject Object, IReadOnlyList<ApplyConflict> Conflicts)
{
    public string? Message { get; init; }

    public bool HasConflicts => Conflicts.Count > 0;
}
