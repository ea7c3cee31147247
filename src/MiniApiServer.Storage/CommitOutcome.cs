namespace MiniApiServer.Storage;

/// <summary>
/// What the database decided for one write of a batch: applied at <see cref="Revision"/>, or refused by its
/// precondition. <see cref="Json"/> is the stored bytes of an applied write (for a delete, the last state).
/// </summary>
public readonly record struct CommitOutcome(WriteOutcome Outcome, long Revision, byte[]? Json)
{
    public static CommitOutcome Refused(WriteOutcome outcome) => new(outcome, 0, null);
}
