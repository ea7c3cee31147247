namespace MiniApiServer.Controllers.LeaderElection;

/// <summary>client-go's leaderelection.LeaderElectionConfig, with kube-controller-manager's defaults.</summary>
public sealed class LeaderElectionOptions
{
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// True on SQLite, whose file has one owner: any other holder in the stored Lease is a previous run of this
    /// server, dead, so a restart need not wait a lease duration to run its controllers again.
    /// </summary>
    public bool SoleCandidate { get; set; }

    /// <summary>HOSTNAME_UUID, as kube-controller-manager builds its identity.</summary>
    public string Identity { get; set; } = $"{Environment.MachineName}_{Guid.NewGuid()}";
}
