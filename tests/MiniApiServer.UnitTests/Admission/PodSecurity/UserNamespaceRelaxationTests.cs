using k8s.Models;
using MiniApiServer.Application.Admission.PodSecurity;
using MiniApiServer.Application.Admission.PodSecurity.Checks;
using static MiniApiServer.UnitTests.Admission.PodSecurity.CheckRun;

namespace MiniApiServer.UnitTests.Admission.PodSecurity;

/// <summary>
/// The relaxForUserNS cases of policy/check_procMount_test.go, check_runAsNonRoot_test.go and check_runAsUser_test.go.
/// RelaxPolicyForUserNamespacePods is process-wide, so these run alone, after every parallel test.
/// </summary>
[Collection(nameof(UserNamespaceRelaxationTests))]
public sealed class UserNamespaceRelaxationTests
{
    private static CheckResult Relaxed(PodSecurityCheck check, int minor, V1PodSpec spec)
    {
        PodSecurityChecks.RelaxPolicyForUserNamespacePods(true);
        try
        {
            return Version(check, minor, spec);
        }
        finally
        {
            PodSecurityChecks.RelaxPolicyForUserNamespacePods(false);
        }
    }

    [Fact]
    public void ProcMount_AnyValueAllowedWithoutHostUsers() => Allowed(Relaxed(ProcMountCheck.Check, 0, ProcMountCheckTests.ProcMounts()));

    [Fact]
    public void RunAsNonRoot_AllowedWithoutHostUsers()
    {
        // A container the check refuses with host users (the case below) passes once the pod has its own user namespace.
        var spec = Containers(Container("a"));
        spec.HostUsers = false;
        Allowed(Relaxed(RunAsNonRootCheck.Check, 0, spec));
    }

    [Fact]
    public void RunAsNonRoot_StillCheckedWithHostUsers()
    {
        var spec = Containers(Container("a"));
        spec.HostUsers = true;
        Forbidden(Relaxed(RunAsNonRootCheck.Check, 0, spec), "runAsNonRoot != true", "pod or container \"a\" must set securityContext.runAsNonRoot=true");
    }

    [Fact]
    public void RunAsUser_AllowedWithoutHostUsers()
    {
        var spec = Containers(Container("a"));
        spec.SecurityContext = new V1PodSecurityContext { RunAsUser = 0 };
        spec.HostUsers = false;
        Allowed(Relaxed(RunAsUserCheck.Check, 23, spec));
    }

    [Fact]
    public void RunAsUser_StillCheckedWithHostUsers()
    {
        var spec = Containers(Container("a"));
        spec.SecurityContext = new V1PodSecurityContext { RunAsUser = 0 };
        spec.HostUsers = true;
        Forbidden(Relaxed(RunAsUserCheck.Check, 23, spec), "runAsUser=0", "pod must not set runAsUser=0");
    }
}
