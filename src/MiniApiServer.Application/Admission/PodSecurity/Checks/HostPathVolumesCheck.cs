using k8s.Models;

namespace MiniApiServer.Application.Admission.PodSecurity.Checks;

/// <summary>policy/check_hostPathVolumes.go: hostPath volumes must be forbidden.</summary>
public static class HostPathVolumesCheck
{
    /// <summary>checkHostPathVolumesID, which restrictedVolumes overrides.</summary>
    public const string Id = "hostPathVolumes";

    public static PodSecurityCheck Check { get; } = new(Id, PodSecurityLevel.Baseline,
    [
        new(0, HostPathVolumes1Dot0),
    ]);

    private static CheckResult HostPathVolumes1Dot0(V1ObjectMeta? podMetadata, V1PodSpec podSpec)
    {
        List<string>? hostVolumes = null;
        var volumes = podSpec.Volumes;
        for (var i = 0; i < (volumes?.Count ?? 0); i++)
        {
            var volume = volumes![i];
            if (volume.HostPath is not null)
            {
                CheckHelpers.Add(ref hostVolumes, volume.Name ?? "");
            }
        }
        return hostVolumes is null
            ? CheckResult.Allow
            : CheckResult.Forbid("hostPath volumes",
                $"{CheckHelpers.Pluralize("volume", "volumes", hostVolumes.Count)} {CheckHelpers.JoinQuote(hostVolumes)}");
    }
}
