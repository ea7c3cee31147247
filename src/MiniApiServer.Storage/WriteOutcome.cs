namespace MiniApiServer.Storage;

public enum WriteOutcome
{
    Ok,
    AlreadyExists,
    NotFound,
    Conflict,
}
