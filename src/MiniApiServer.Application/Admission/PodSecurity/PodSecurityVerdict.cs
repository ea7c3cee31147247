namespace MiniApiServer.Application.Admission.PodSecurity;

/// <summary>
/// What the plugin answers for one pod or pod template (admission.go EvaluatePod): a refusal's detail under enforce,
/// else the warning a warn level raises; and, for the plugin's metrics, whether enforce allowed it (null when not
/// evaluated) and whether the audit level would refuse it. Audit's "would violate" annotation has no audit log field
/// here to go to.
/// </summary>
public readonly record struct PodSecurityVerdict(string? Forbidden, string? Warning, bool? EnforceAllowed = null, bool AuditViolated = false)
{
    public static readonly PodSecurityVerdict Allowed = new(null, null);
}
