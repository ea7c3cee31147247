using k8s.Models;
using MiniApiServer.Application.Admission.PodSecurity;

namespace MiniApiServer.UnitTests.Admission.PodSecurity;

/// <summary>policy/registry.go's checks per level and version, and admission.go's verdicts and namespace warnings.</summary>
public sealed class PodSecurityEvaluationTests
{
    private static readonly PodSecurityEvaluator Evaluator = PodSecurityEvaluator.Default;

    private static V1Pod Pod(string name, V1PodSpec spec, string? controllerUid = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            OwnerReferences = controllerUid is null ? null : [new V1OwnerReference { Kind = "ReplicaSet", Name = "rs", Uid = controllerUid, Controller = true, ApiVersion = "apps/v1" }],
        },
        Spec = spec,
    };

    private static V1PodSpec Plain() => new() { Containers = [new V1Container { Name = "c", Image = "nginx" }] };

    private static LevelVersion Restricted(PodSecurityVersion version) => new(PodSecurityLevel.Restricted, version);

    [Fact]
    public void Restricted_RunsBaselineChecksFirst_ThenItsOwn_InIdOrder()
    {
        var spec = Plain();
        spec.HostNetwork = true;

        var result = Evaluator.Evaluate(Restricted(PodSecurityVersion.Latest), null, spec);

        Assert.Equal("host namespaces, allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile", result.ForbiddenReason);
    }

    [Fact]
    public void AnOlderVersion_HasOnlyTheChecksItHad_AndAFutureOneIsTheNewest()
    {
        var v121 = Evaluator.Evaluate(Restricted(PodSecurityVersion.V1(21)), null, Plain());
        var v199 = Evaluator.Evaluate(Restricted(PodSecurityVersion.V1(99)), null, Plain());

        // capabilities_restricted (v1.22) is not yet there; the baseline capabilities check it overrides is.
        Assert.Equal("allowPrivilegeEscalation != false, runAsNonRoot != true, seccompProfile", v121.ForbiddenReason);
        Assert.Equal("allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile", v199.ForbiddenReason);
    }

    [Fact]
    public void Privileged_AllowsAnything()
    {
        var spec = Plain();
        spec.HostPID = true;

        Assert.True(Evaluator.Evaluate(LevelVersion.PrivilegedLatest, null, spec).IsAllowed);
    }

    [Fact]
    public void EnforceRefuses_WithoutAWarning_WarnOnlyWarns()
    {
        var spec = Plain();
        spec.HostIPC = true;
        var baseline = new LevelVersion(PodSecurityLevel.Baseline, PodSecurityVersion.Latest);
        var policy = new PodSecurityPolicy(baseline, LevelVersion.PrivilegedLatest, baseline);

        Assert.Equal(new PodSecurityVerdict("violates PodSecurity \"baseline:latest\": host namespaces (hostIPC=true)", null, false),
            PodSecurityAdmission.EvaluatePod(Evaluator, policy, null, spec, enforce: true));
        Assert.Equal(new PodSecurityVerdict(null, "would violate PodSecurity \"baseline:latest\": host namespaces (hostIPC=true)"),
            PodSecurityAdmission.EvaluatePod(Evaluator, policy, null, spec, enforce: false));
    }

    [Fact]
    public void Audit_IsEvaluatedForItsCount_WhateverEnforceDecided()
    {
        var spec = Plain();
        var restricted = new LevelVersion(PodSecurityLevel.Restricted, PodSecurityVersion.Latest);
        var policy = new PodSecurityPolicy(LevelVersion.PrivilegedLatest, restricted, LevelVersion.PrivilegedLatest);

        var enforced = PodSecurityAdmission.EvaluatePod(Evaluator, policy, null, spec, enforce: true);
        var notEnforced = PodSecurityAdmission.EvaluatePod(Evaluator, policy, null, spec, enforce: false);

        Assert.Equal((null, null, true), (enforced.Forbidden, enforced.Warning, enforced.EnforceAllowed));
        Assert.Equal((null, null, null), (notEnforced.Forbidden, notEnforced.Warning, notEnforced.EnforceAllowed));
        // admission.go's audit-violations annotation: the audit level and what it would refuse.
        Assert.StartsWith("would violate PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"", enforced.AuditViolation);
        Assert.Equal(enforced.AuditViolation, notEnforced.AuditViolation);
    }

    [Fact]
    public void ExistingPods_AreGroupedByReason_UnderTheLexicallyFirstName()
    {
        var host = Plain();
        host.HostNetwork = true;
        var pods = new[]
        {
            Pod("web-c", host, "rs1"), Pod("web-a", host, "rs1"), Pod("web-b", host, "rs1"), Pod("solo", host),
            Pod("pair-2", new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "x", SecurityContext = new V1SecurityContext { Privileged = true } }] }),
            Pod("pair-1", new V1PodSpec { Containers = [new V1Container { Name = "d", Image = "x", SecurityContext = new V1SecurityContext { Privileged = true } }] }),
            Pod("fine", Plain()),
        };

        var warnings = PodSecurityAdmission.EvaluatePodsInNamespace(Evaluator, "team", new LevelVersion(PodSecurityLevel.Baseline, PodSecurityVersion.Latest), pods);

        Assert.Equal(
            ["existing pods in namespace \"team\" violate the new PodSecurity enforce level \"baseline:latest\"",
             "pair-1 (and 1 other pod): privileged",
             "solo (and 3 other pods): host namespaces"],
            warnings);
    }

    [Fact]
    public void MoreThanTheLimit_IsCheckedUpToIt_OnePodPerControllerFirst()
    {
        var host = Plain();
        host.HostNetwork = true;
        var pods = Enumerable.Range(0, PodSecurityAdmission.MaxPodsToCheck).Select(i => Pod($"rep-{i:D4}", Plain(), "rs1"))
            .Append(Pod("late", host, "rs2")).ToList();

        var warnings = PodSecurityAdmission.EvaluatePodsInNamespace(Evaluator, "big", new LevelVersion(PodSecurityLevel.Baseline, PodSecurityVersion.Latest), pods);

        // prioritizePods puts rs2's only pod among the first, so the cut leaves out one of rs1's repeats instead.
        Assert.Equal(
            ["new PodSecurity enforce level only checked against the first 3000 of 3001 existing pods",
             "existing pods in namespace \"big\" violate the new PodSecurity enforce level \"baseline:latest\"",
             "late: host namespaces"],
            warnings);
    }

    [Fact]
    public void ADryRunOutOfTime_SaysHowManyPodsItChecked()
    {
        var host = Plain();
        host.HostNetwork = true;
        var pods = new[] { Pod("a", host), Pod("b", host), Pod("c", host), Pod("d", host) };
        var asked = 0;

        var warnings = PodSecurityAdmission.EvaluatePodsInNamespace(Evaluator, "slow", new LevelVersion(PodSecurityLevel.Baseline, PodSecurityVersion.Latest), pods,
            () => ++asked == 2);

        Assert.Equal(
            ["new PodSecurity enforce level only checked against the first 2 of 4 existing pods",
             "existing pods in namespace \"slow\" violate the new PodSecurity enforce level \"baseline:latest\"",
             "a (and 1 other pod): host namespaces"],
            warnings);
    }

    [Theory]
    [InlineData("baseline", "restricted", true)]
    [InlineData("restricted", "baseline", false)]
    [InlineData("restricted", "restricted", false)]
    [InlineData("privileged", "privileged", false)]
    [InlineData("restricted", "privileged", false)]
    public void ExistingPods_AreCheckedOnlyWhenEnforceTightens(string from, string to, bool checks)
    {
        static PodSecurityPolicy With(string level) => PodSecurityPolicy.FromLabels(new Dictionary<string, string> { ["pod-security.kubernetes.io/enforce"] = level }, null);

        Assert.Equal(checks, PodSecurityAdmission.ChecksExistingPods(With(to), With(from)));
    }

    [Fact]
    public void ANewerVersionAtTheSameLevel_IsCheckedToo()
    {
        var old = PodSecurityPolicy.FromLabels(new Dictionary<string, string> { ["pod-security.kubernetes.io/enforce"] = "restricted", ["pod-security.kubernetes.io/enforce-version"] = "v1.21" }, null);
        var latest = PodSecurityPolicy.FromLabels(new Dictionary<string, string> { ["pod-security.kubernetes.io/enforce"] = "restricted" }, null);

        Assert.True(PodSecurityAdmission.ChecksExistingPods(latest, old));
    }
}
