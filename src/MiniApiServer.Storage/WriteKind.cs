namespace MiniApiServer.Storage;

public enum WriteKind
{
    Create,
    Update,
    Delete,
}
