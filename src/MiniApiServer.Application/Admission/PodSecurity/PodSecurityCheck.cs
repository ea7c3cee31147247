using k8s.Models;

namespace MiniApiServer.Application.Admission.PodSecurity;

/// <summary>A check of a pod's metadata and spec (policy/checks.go CheckPodFn); the metadata may be null for a template without one.</summary>
public delegate CheckResult PodCheck(V1ObjectMeta? podMetadata, V1PodSpec podSpec);

/// <summary>
/// One implementation of a check, from the minor version of v1 it applies to (policy/checks.go VersionedCheck);
/// a restricted check may replace baseline checks from that version on (OverrideCheckIDs).
/// </summary>
public sealed record VersionedCheck(int MinimumMinor, PodCheck CheckPod, string[]? OverrideCheckIds = null);

/// <summary>A registered check (policy/checks.go Check): its ID, level and versions in increasing order.</summary>
public sealed record PodSecurityCheck(string Id, PodSecurityLevel Level, IReadOnlyList<VersionedCheck> Versions);
