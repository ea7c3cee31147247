namespace MiniApiServer.Storage;

public sealed record WriteResult(WriteOutcome Outcome, StoredObject? Object)
{
    public bool Succeeded => Outcome == WriteOutcome.Ok;
}
