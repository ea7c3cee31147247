namespace MiniApiServer.Controllers;

/// <summary>A controller the manager runs once informers are started.</summary>
public interface IControlLoop
{
    string Name { get; }

    Task RunAsync(CancellationToken ct);
}
