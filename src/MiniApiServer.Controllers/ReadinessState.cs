namespace MiniApiServer.Controllers;

public sealed class ReadinessState
{
    public volatile bool StorageReady;
    public volatile bool ControllersStarted;
}
