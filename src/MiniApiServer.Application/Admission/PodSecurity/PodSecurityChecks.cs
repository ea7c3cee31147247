using MiniApiServer.Application.Admission.PodSecurity.Checks;

namespace MiniApiServer.Application.Admission.PodSecurity;

/// <summary>
/// policy/checks.go DefaultChecks: every check assigned to a policy version (v0.32.0 has no experimental ones), in the
/// order the package's init functions register them, which is the order of their file names.
/// </summary>
public static class PodSecurityChecks
{
    public static IReadOnlyList<PodSecurityCheck> Default { get; } =
    [
        AllowPrivilegeEscalationCheck.Check,
        AppArmorProfileCheck.Check,
        CapabilitiesBaselineCheck.Check,
        CapabilitiesRestrictedCheck.Check,
        HostNamespacesCheck.Check,
        HostPathVolumesCheck.Check,
        HostPortsCheck.Check,
        PrivilegedCheck.Check,
        ProcMountCheck.Check,
        RestrictedVolumesCheck.Check,
        RunAsNonRootCheck.Check,
        RunAsUserCheck.Check,
        SeLinuxOptionsCheck.Check,
        SeccompProfileBaselineCheck.Check,
        SeccompProfileRestrictedCheck.Check,
        SysctlsCheck.Check,
        WindowsHostProcessCheck.Check,
    ];

    /// <summary>
    /// policy/helpers.go RelaxPolicyForUserNamespacePods: lets procMount, runAsNonRoot and runAsUser allow a pod that sets
    /// hostUsers=false. kube-apiserver sets it from the UserNamespacesPodSecurityStandards gate, alpha and off in 1.32;
    /// only turn it on where every node runs pods in user namespaces.
    /// </summary>
    public static void RelaxPolicyForUserNamespacePods(bool relax) => CheckHelpers.RelaxPolicyForUserNamespacePods = relax;
}
