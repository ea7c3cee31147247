namespace MiniApiServer.Controllers;

/// <summary>A controller the manager runs once informers are started.</summary>
public interface IControlLoop
{
    string Name { get; }

    /// <summary>The leader-election Lease that decides whether this replica runs the loop.</summary>
    string LeaderLease => LeaderElection.Components.ControllerManager;

    Task RunAsync(CancellationToken ct);
}
