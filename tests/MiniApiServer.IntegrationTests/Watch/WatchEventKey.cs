namespace MiniApiServer.IntegrationTests.Watch;

/// <summary>What two watch histories are compared by: the event type, the object's name and the revision.</summary>
internal sealed record WatchEventKey(string Type, string Name, long Revision)
{
    public override string ToString() => $"{Type} {Name}@{Revision}";
}
