namespace MiniApiServer.Application.Admission.PodSecurity;

/// <summary>A Pod Security Standards level (pod-security-admission api/constants.go), ordered as api.CompareLevels orders them.</summary>
public enum PodSecurityLevel
{
    Privileged,
    Baseline,
    Restricted,
}
