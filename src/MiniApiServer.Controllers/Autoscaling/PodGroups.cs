namespace MiniApiServer.Controllers.Autoscaling;

/// <summary>groupPods' result: the count of pods whose metric is used as it is, and the names of the rest by why.</summary>
public sealed class PodGroups
{
    public int ReadyCount { get; set; }

    public HashSet<string> Unready { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Missing { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Ignored { get; } = new(StringComparer.Ordinal);
}
