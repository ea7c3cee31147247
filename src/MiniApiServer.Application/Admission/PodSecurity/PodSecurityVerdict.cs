namespace MiniApiServer.Application.Admission.PodSecurity;

/// <summary>
/// What the plugin answers for one pod or pod template (admission.go EvaluatePod): a refusal's detail under enforce,
/// else the warning a warn level raises; and, for the plugin's metrics and audit annotations, whether enforce allowed
/// it (null when not evaluated) and what the audit level would refuse.
/// </summary>
public readonly record struct PodSecurityVerdict(string? Forbidden, string? Warning, bool? EnforceAllowed = null, string? AuditViolation = null)
{
    public static readonly PodSecurityVerdict Allowed = new(null, null);

    public bool AuditViolated => AuditViolation is not null;
}
