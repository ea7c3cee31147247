namespace MiniApiServer.Controllers.Scheduling;

/// <summary>
/// The scheduler's nextStartNodeIndex: each search starts where the previous one stopped, so a cluster larger than
/// the number of nodes a cycle looks at still has every node considered in turn.
/// </summary>
public sealed class NodeSearchCursor
{
    public int Next { get; set; }
}
