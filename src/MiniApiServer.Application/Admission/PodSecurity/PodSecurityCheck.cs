namespace MiniApiServer.Application.Admission.PodSecurity;

/// <summary>A registered check (policy/checks.go Check): its ID, level and versions in increasing order.</summary>
public sealed record PodSecurityCheck(string Id, PodSecurityLevel Level, IReadOnlyList<VersionedCheck> Versions);
