namespace MiniApiServer.Storage;

public sealed record WriteResult(WriteOutcome Outcome, StoredObject? Object, StoredObject? Current)
{
    public bool Succeeded => Outcome == WriteOutcome.Ok;
}
