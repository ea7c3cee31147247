using k8s.Models;

namespace MiniApiServer.Application.Admission.PodSecurity.Checks;

/// <summary>
/// policy/check_runAsNonRoot.go: containers must run as non-root, runAsNonRoot=true on the pod or on every container
/// and false nowhere, unless user-namespace pods are relaxed and the pod sets hostUsers=false (KEP-127).
/// </summary>
public static class RunAsNonRootCheck
{
    public static PodSecurityCheck Check { get; } = new("runAsNonRoot", PodSecurityLevel.Restricted,
    [
        new(0, RunAsNonRoot1Dot0),
    ]);

    private static CheckResult RunAsNonRoot1Dot0(V1ObjectMeta? podMetadata, V1PodSpec podSpec)
    {
        if (CheckHelpers.RelaxForUserNamespacePod(podSpec))
        {
            return CheckResult.Allow;
        }

        // An explicit false is reported alone, ahead of containers that merely leave it unset, as upstream words it.
        List<string>? badSetters = null;
        var podRunAsNonRoot = podSpec.SecurityContext?.RunAsNonRoot;
        if (podRunAsNonRoot == false)
        {
            CheckHelpers.Add(ref badSetters, "pod");
        }

        List<string>? explicitlyBadContainers = null;
        List<string>? implicitlyBadContainers = null;
        foreach (var container in CheckHelpers.Containers(podSpec))
        {
            var runAsNonRoot = container.SecurityContext?.RunAsNonRoot;
            if (runAsNonRoot == false)
            {
                CheckHelpers.Add(ref explicitlyBadContainers, container.Name);
            }
            else if (runAsNonRoot is null && podRunAsNonRoot != true)
            {
                CheckHelpers.Add(ref implicitlyBadContainers, container.Name);
            }
        }
        if (explicitlyBadContainers is not null)
        {
            CheckHelpers.Add(ref badSetters, CheckHelpers.NamedContainers(explicitlyBadContainers));
        }

        if (badSetters is not null)
        {
            return CheckResult.Forbid("runAsNonRoot != true", $"{CheckHelpers.JoinSetters(badSetters)} must not set securityContext.runAsNonRoot=false");
        }
        return implicitlyBadContainers is null
            ? CheckResult.Allow
            : CheckResult.Forbid("runAsNonRoot != true",
                $"pod or {CheckHelpers.NamedContainers(implicitlyBadContainers)} must set securityContext.runAsNonRoot=true");
    }
}
