using k8s.Models;

namespace MiniApiServer.Application.Admission.PodSecurity.Checks;

/// <summary>policy/check_windowsHostProcess.go: neither the pod nor a container may set securityContext.windowsOptions.hostProcess=true.</summary>
public static class WindowsHostProcessCheck
{
    public static PodSecurityCheck Check { get; } = new("windowsHostProcess", PodSecurityLevel.Baseline,
    [
        new(0, WindowsHostProcess1Dot0),
    ]);

    private static CheckResult WindowsHostProcess1Dot0(V1ObjectMeta? podMetadata, V1PodSpec podSpec)
    {
        List<string>? badContainers = null;
        foreach (var container in CheckHelpers.Containers(podSpec))
        {
            if (container.SecurityContext?.WindowsOptions?.HostProcess == true)
            {
                CheckHelpers.Add(ref badContainers, container.Name);
            }
        }

        List<string>? forbiddenSetters = null;
        if (podSpec.SecurityContext?.WindowsOptions?.HostProcess == true)
        {
            CheckHelpers.Add(ref forbiddenSetters, "pod");
        }
        if (badContainers is not null)
        {
            CheckHelpers.Add(ref forbiddenSetters, CheckHelpers.NamedContainers(badContainers));
        }
        return forbiddenSetters is null
            ? CheckResult.Allow
            : CheckResult.Forbid("hostProcess",
                $"{CheckHelpers.JoinSetters(forbiddenSetters)} must not set securityContext.windowsOptions.hostProcess=true");
    }
}
