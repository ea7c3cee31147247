using k8s.Models;

namespace MiniApiServer.Application.Admission.PodSecurity.Checks;

/// <summary>policy/check_privileged.go: privileged containers disable most security mechanisms and must be disallowed.</summary>
public static class PrivilegedCheck
{
    public static PodSecurityCheck Check { get; } = new("privileged", PodSecurityLevel.Baseline,
    [
        new(0, Privileged1Dot0),
    ]);

    private static CheckResult Privileged1Dot0(V1ObjectMeta? podMetadata, V1PodSpec podSpec)
    {
        List<string>? badContainers = null;
        foreach (var container in CheckHelpers.Containers(podSpec))
        {
            if (container.SecurityContext?.Privileged == true)
            {
                CheckHelpers.Add(ref badContainers, container.Name);
            }
        }
        return badContainers is null
            ? CheckResult.Allow
            : CheckResult.Forbid("privileged", $"{CheckHelpers.NamedContainers(badContainers)} must not set securityContext.privileged=true");
    }
}
