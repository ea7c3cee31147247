using System.Collections.Frozen;
using k8s.Models;

namespace MiniApiServer.Application.Admission.PodSecurity.Checks;

/// <summary>
/// policy/check_capabilities_baseline.go: containers may add only capabilities from the container runtime's default
/// set (no NET_RAW, nothing beyond it).
/// </summary>
public static class CapabilitiesBaselineCheck
{
    /// <summary>checkCapabilitiesBaselineID, which capabilities_restricted overrides.</summary>
    public const string Id = "capabilities_baseline";

    private static readonly FrozenSet<string> Allowed1Dot0 = FrozenSet.Create(StringComparer.Ordinal,
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID",
        "SETPCAP", "SETUID", "SYS_CHROOT");

    public static PodSecurityCheck Check { get; } = new(Id, PodSecurityLevel.Baseline,
    [
        new(0, CapabilitiesBaseline1Dot0),
    ]);

    private static CheckResult CapabilitiesBaseline1Dot0(V1ObjectMeta? podMetadata, V1PodSpec podSpec)
    {
        List<string>? badContainers = null;
        SortedSet<string>? nonDefaultCapabilities = null;
        foreach (var container in CheckHelpers.Containers(podSpec))
        {
            if (container.SecurityContext?.Capabilities?.Add is not { } added)
            {
                continue;
            }
            var valid = true;
            for (var i = 0; i < added.Count; i++)
            {
                var capability = added[i];
                if (!Allowed1Dot0.Contains(capability ?? ""))
                {
                    valid = false;
                    CheckHelpers.Add(ref nonDefaultCapabilities, capability ?? "");
                }
            }
            if (!valid)
            {
                CheckHelpers.Add(ref badContainers, container.Name);
            }
        }
        return badContainers is null
            ? CheckResult.Allow
            : CheckResult.Forbid("non-default capabilities",
                $"{CheckHelpers.NamedContainers(badContainers)} must not include {CheckHelpers.JoinQuote(nonDefaultCapabilities!)} in securityContext.capabilities.add");
    }
}
