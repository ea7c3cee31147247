namespace MiniApiServer.Application.Admission.PodSecurity;

/// <summary>
/// One implementation of a check, from the minor version of v1 it applies to (policy/checks.go VersionedCheck);
/// a restricted check may replace baseline checks from that version on (OverrideCheckIDs).
/// </summary>
public sealed record VersionedCheck(int MinimumMinor, PodCheck CheckPod, string[]? OverrideCheckIds = null);
