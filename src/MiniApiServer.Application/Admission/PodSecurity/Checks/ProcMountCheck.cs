using k8s.Models;

namespace MiniApiServer.Application.Admission.PodSecurity.Checks;

/// <summary>
/// policy/check_procMount.go: the default /proc masks reduce the attack surface and are required (procMount unset or
/// Default), unless user-namespace pods are relaxed and the pod sets hostUsers=false.
/// </summary>
public static class ProcMountCheck
{
    public static PodSecurityCheck Check { get; } = new("procMount", PodSecurityLevel.Baseline,
    [
        new(0, ProcMount1Dot0),
    ]);

    private static CheckResult ProcMount1Dot0(V1ObjectMeta? podMetadata, V1PodSpec podSpec)
    {
        // Pod validation checks that the type is well formed, so a relaxed pod is allowed whatever it sets.
        if (CheckHelpers.RelaxForUserNamespacePod(podSpec))
        {
            return CheckResult.Allow;
        }

        List<string>? badContainers = null;
        SortedSet<string>? forbiddenProcMountTypes = null;
        foreach (var container in CheckHelpers.Containers(podSpec))
        {
            if (container.SecurityContext?.ProcMount is { } procMount && procMount != "Default")
            {
                CheckHelpers.Add(ref badContainers, container.Name);
                CheckHelpers.Add(ref forbiddenProcMountTypes, procMount);
            }
        }
        return badContainers is null
            ? CheckResult.Allow
            : CheckResult.Forbid("procMount",
                $"{CheckHelpers.NamedContainers(badContainers)} must not set securityContext.procMount to {CheckHelpers.JoinQuote(forbiddenProcMountTypes!)}");
    }
}
