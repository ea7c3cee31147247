using k8s.Models;
using MiniApiServer.Application.Admission.PodSecurity;

namespace MiniApiServer.UnitTests.Admission.PodSecurity;

/// <summary>
/// Runs one registered version of a check as upstream's policy/check_*_test.go call its function: with the pod's own
/// (empty unless the case sets it) metadata and its spec.
/// </summary>
internal static class CheckRun
{
    public static CheckResult Version(PodSecurityCheck check, int minimumMinor, V1PodSpec podSpec, V1ObjectMeta? podMetadata = null) =>
        Assert.Single(check.Versions, v => v.MinimumMinor == minimumMinor).CheckPod(podMetadata ?? new V1ObjectMeta(), podSpec);

    public static void Forbidden(CheckResult result, string reason, string detail) =>
        Assert.Equal((false, reason, detail), (result.Allowed, result.ForbiddenReason, result.ForbiddenDetail));

    public static void Allowed(CheckResult result) =>
        Assert.Equal((true, "", ""), (result.Allowed, result.ForbiddenReason, result.ForbiddenDetail));

    public static V1Container Container(string name, V1SecurityContext? securityContext = null) =>
        new() { Name = name, SecurityContext = securityContext };

    public static V1PodSpec Containers(params V1Container[] containers) => new() { Containers = containers };

    /// <summary>The windows and linux cases of the checks that exempt a windows pod from v1.25 on: one bare container "a".</summary>
    public static V1PodSpec OnOs(string os) => new() { Os = new V1PodOS { Name = os }, Containers = [Container("a")] };
}
