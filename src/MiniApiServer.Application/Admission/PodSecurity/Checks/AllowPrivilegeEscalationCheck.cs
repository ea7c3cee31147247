using k8s.Models;

namespace MiniApiServer.Application.Admission.PodSecurity.Checks;

/// <summary>
/// policy/check_allowPrivilegeEscalation.go: privilege escalation (set-user-ID or set-group-ID file modes) must be
/// disallowed, so every container sets securityContext.allowPrivilegeEscalation=false.
/// </summary>
public static class AllowPrivilegeEscalationCheck
{
    public static PodSecurityCheck Check { get; } = new("allowPrivilegeEscalation", PodSecurityLevel.Restricted,
    [
        // The field came in 1.8.
        new(8, AllowPrivilegeEscalation1Dot8),
        new(25, CheckHelpers.ExemptingWindows(AllowPrivilegeEscalation1Dot8)),
    ]);

    private static CheckResult AllowPrivilegeEscalation1Dot8(V1ObjectMeta? podMetadata, V1PodSpec podSpec)
    {
        List<string>? badContainers = null;
        foreach (var container in CheckHelpers.Containers(podSpec))
        {
            if (container.SecurityContext?.AllowPrivilegeEscalation != false)
            {
                CheckHelpers.Add(ref badContainers, container.Name);
            }
        }
        return badContainers is null
            ? CheckResult.Allow
            : CheckResult.Forbid("allowPrivilegeEscalation != false",
                $"{CheckHelpers.NamedContainers(badContainers)} must set securityContext.allowPrivilegeEscalation=false");
    }
}
