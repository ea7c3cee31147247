namespace MiniApiServer.Controllers.Runtime;

public interface IInformer
{
    bool HasSynced { get; }

    Task RunAsync(CancellationToken ct);

    Task WaitForSyncAsync(CancellationToken ct);
}
