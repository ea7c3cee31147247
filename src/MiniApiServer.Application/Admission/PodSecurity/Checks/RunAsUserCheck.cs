using k8s.Models;

namespace MiniApiServer.Application.Admission.PodSecurity.Checks;

/// <summary>
/// policy/check_runAsUser.go: neither the pod nor a container may set runAsUser=0, unless user-namespace pods are
/// relaxed and the pod sets hostUsers=false (KEP-127).
/// </summary>
public static class RunAsUserCheck
{
    public static PodSecurityCheck Check { get; } = new("runAsUser", PodSecurityLevel.Restricted,
    [
        new(23, RunAsUser1Dot23),
    ]);

    private static CheckResult RunAsUser1Dot23(V1ObjectMeta? podMetadata, V1PodSpec podSpec)
    {
        if (CheckHelpers.RelaxForUserNamespacePod(podSpec))
        {
            return CheckResult.Allow;
        }

        List<string>? badSetters = null;
        if (podSpec.SecurityContext?.RunAsUser == 0)
        {
            CheckHelpers.Add(ref badSetters, "pod");
        }

        List<string>? explicitlyBadContainers = null;
        foreach (var container in CheckHelpers.Containers(podSpec))
        {
            if (container.SecurityContext?.RunAsUser == 0)
            {
                CheckHelpers.Add(ref explicitlyBadContainers, container.Name);
            }
        }
        if (explicitlyBadContainers is not null)
        {
            CheckHelpers.Add(ref badSetters, CheckHelpers.NamedContainers(explicitlyBadContainers));
        }

        return badSetters is null
            ? CheckResult.Allow
            : CheckResult.Forbid("runAsUser=0", $"{CheckHelpers.JoinSetters(badSetters)} must not set runAsUser=0");
    }
}
