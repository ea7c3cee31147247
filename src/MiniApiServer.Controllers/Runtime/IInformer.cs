namespace MiniApiServer.Controllers.Runtime;

public interface IInformer
{
    long ProcessedRevision { get; }

    Task RunAsync(CancellationToken ct);

    Task WaitForRevisionAsync(long revision, CancellationToken ct);
}
