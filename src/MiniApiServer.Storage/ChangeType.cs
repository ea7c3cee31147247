namespace MiniApiServer.Storage;

public enum ChangeType
{
    Added = 1,
    Modified = 2,
    Deleted = 3,
}
