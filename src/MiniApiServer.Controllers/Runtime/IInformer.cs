namespace MiniApiServer.Controllers.Runtime;

public interface IInformer
{
    bool HasSynced { get; }

    Task RunAsync(CancellationToken ct);

    Task WaitForSyncAsync(CancellationToken ct);

    /// <summary>
    /// Before a run that follows a stopped one: <see cref="WaitForSyncAsync"/> waits for that run's list again, as a
    /// freshly started client-go informer's HasSynced does.
    /// </summary>
    void ExpectRelist();

    /// <summary>After a run stopped: the cached entries keep their stored versions only, no decoded models.</summary>
    void ReleaseModels();
}
