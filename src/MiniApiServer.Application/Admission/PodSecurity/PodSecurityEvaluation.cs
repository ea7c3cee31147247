namespace MiniApiServer.Application.Admission.PodSecurity;

/// <summary>
/// One evaluation the plugin counts (metrics/metrics.go RecordEvaluation): its decision ("allow", "deny"), the policy,
/// the mode ("enforce", "audit", "warn"), and the request's operation ("create", "update"), resource ("pod",
/// "controller") and subresource.
/// </summary>
public readonly record struct PodSecurityEvaluation(string Decision, LevelVersion Policy, string Mode, string Operation, string Resource, string Subresource)
{
    // The minor version /version reports (ServerInfoController): the policy versions this server knows.
    private const int ServedMinor = 32;

    /// <summary>The version label: privileged is always effectively latest, and a version past this server's is "future".</summary>
    public string VersionLabel => Policy.Version.IsLatest || Policy.Level == PodSecurityLevel.Privileged ? "latest"
        : Policy.Version.Minor > ServedMinor ? "future"
        : Policy.Version.ToString();
}
