namespace MiniApiServer.Controllers;

/// <summary>A controller the manager runs once informers are started.</summary>
public interface IControlLoop
{
    string Name { get; }

    /// <summary>The leader-election Lease that decides whether this replica runs the loop.</summary>
    string LeaderLease => LeaderElection.Components.ControllerManager;

    Task RunAsync(CancellationToken ct);

    /// <summary>
    /// Before <see cref="RunAsync"/>, when this replica starts leading the loop's component and the informers were
    /// stopped until then and have just listed: state kept from an earlier leadership that the informers' gap may
    /// have left stale (expectations of writes they never showed) is dropped here.
    /// </summary>
    void InformersRelisted()
    {
    }
}
