namespace MiniApiServer.Application.Admission.PodSecurity;

/// <summary>A level at a version (api.LevelVersion), written as "restricted:latest".</summary>
public readonly record struct LevelVersion(PodSecurityLevel Level, PodSecurityVersion Version)
{
    public static readonly LevelVersion PrivilegedLatest = new(PodSecurityLevel.Privileged, PodSecurityVersion.Latest);

    public override string ToString() => $"{Name(Level)}:{Version}";

    /// <summary>Equivalent: both privileged (whatever the version), or the same level and version.</summary>
    public bool Equivalent(LevelVersion other) =>
        (Level == PodSecurityLevel.Privileged && other.Level == PodSecurityLevel.Privileged) || this == other;

    public static string Name(PodSecurityLevel level) => level switch
    {
        PodSecurityLevel.Privileged => "privileged",
        PodSecurityLevel.Baseline => "baseline",
        _ => "restricted",
    };
}
