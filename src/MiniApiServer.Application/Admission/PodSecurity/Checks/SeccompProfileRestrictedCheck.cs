using k8s.Models;

namespace MiniApiServer.Application.Admission.PodSecurity.Checks;

/// <summary>
/// policy/check_seccompProfile_restricted.go: a seccomp profile must be set, RuntimeDefault or Localhost, on the pod or
/// on every container; this replaces seccompProfile_baseline at the restricted level.
/// </summary>
public static class SeccompProfileRestrictedCheck
{
    public static PodSecurityCheck Check { get; } = new("seccompProfile_restricted", PodSecurityLevel.Restricted,
    [
        new(19, SeccompProfileRestricted1Dot19, [SeccompProfileBaselineCheck.Id]),
        new(25, CheckHelpers.ExemptingWindows(SeccompProfileRestricted1Dot19), [SeccompProfileBaselineCheck.Id]),
    ]);

    private static CheckResult SeccompProfileRestricted1Dot19(V1ObjectMeta? podMetadata, V1PodSpec podSpec)
    {
        List<string>? badSetters = null;
        SortedSet<string>? badValues = null;
        SeccompProfileBaselineCheck.AddExplicitlyBadTypes(podSpec, ref badSetters, ref badValues);

        // Containers that set no profile where the pod sets no valid one.
        List<string>? implicitlyBadContainers = null;
        if (SeccompProfileBaselineCheck.ProfileType(podSpec.SecurityContext?.SeccompProfile) is not { } podType
            || !SeccompProfileBaselineCheck.ValidSeccomp(podType))
        {
            foreach (var container in CheckHelpers.Containers(podSpec))
            {
                if (container.SecurityContext?.SeccompProfile is null)
                {
                    CheckHelpers.Add(ref implicitlyBadContainers, container.Name);
                }
            }
        }

        if (badSetters is not null)
        {
            return CheckResult.Forbid("seccompProfile", SeccompProfileBaselineCheck.BadSettersDetail(badSetters, badValues!));
        }
        return implicitlyBadContainers is null
            ? CheckResult.Allow
            : CheckResult.Forbid("seccompProfile",
                $"pod or {CheckHelpers.NamedContainers(implicitlyBadContainers)} must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"");
    }
}
