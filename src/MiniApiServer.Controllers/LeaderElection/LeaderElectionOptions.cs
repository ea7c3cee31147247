namespace MiniApiServer.Controllers.LeaderElection;

/// <summary>client-go's leaderelection.LeaderElectionConfig, with kube-controller-manager's defaults.</summary>
public sealed class LeaderElectionOptions
{
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>HOSTNAME_UUID, as kube-controller-manager builds its identity.</summary>
    public string Identity { get; set; } = $"{Environment.MachineName}_{Guid.NewGuid()}";
}
