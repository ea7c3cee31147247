using MiniApiServer.Application.Admission.PodSecurity;

namespace MiniApiServer.UnitTests.Admission.PodSecurity;

/// <summary>policy/checks_test.go TestValidChecks and registry.go's validateChecks, and the v0.32.0 registrations themselves.</summary>
public sealed class PodSecurityChecksTests
{
    [Fact]
    public void Default_IsUpstreamsRegistrations()
    {
        string[] expected =
        [
            "allowPrivilegeEscalation Restricted 1.8 1.25",
            "appArmorProfile Baseline 1.0",
            "capabilities_baseline Baseline 1.0",
            "capabilities_restricted Restricted 1.22(overrides capabilities_baseline) 1.25(overrides capabilities_baseline)",
            "hostNamespaces Baseline 1.0",
            "hostPathVolumes Baseline 1.0",
            "hostPorts Baseline 1.0",
            "privileged Baseline 1.0",
            "procMount Baseline 1.0",
            "restrictedVolumes Restricted 1.0(overrides hostPathVolumes)",
            "runAsNonRoot Restricted 1.0",
            "runAsUser Restricted 1.23",
            "seLinuxOptions Baseline 1.0 1.31",
            "seccompProfile_baseline Baseline 1.0 1.19",
            "seccompProfile_restricted Restricted 1.19(overrides seccompProfile_baseline) 1.25(overrides seccompProfile_baseline)",
            "sysctls Baseline 1.0 1.27 1.29 1.32",
            "windowsHostProcess Baseline 1.0",
        ];
        Assert.Equal(expected, PodSecurityChecks.Default.Select(Describe));
    }

    [Fact]
    public void Default_IsValid()
    {
        var levels = PodSecurityChecks.Default.ToDictionary(c => c.Id, c => c.Level);
        Assert.Equal(PodSecurityChecks.Default.Count, levels.Count);
        foreach (var check in PodSecurityChecks.Default)
        {
            Assert.NotEqual(PodSecurityLevel.Privileged, check.Level);
            Assert.NotEmpty(check.Versions);
            for (var i = 1; i < check.Versions.Count; i++)
            {
                Assert.True(check.Versions[i - 1].MinimumMinor < check.Versions[i].MinimumMinor, check.Id);
            }
            foreach (var overridden in check.Versions.SelectMany(v => v.OverrideCheckIds ?? []))
            {
                Assert.Equal(PodSecurityLevel.Restricted, check.Level);
                Assert.Equal(PodSecurityLevel.Baseline, levels[overridden]);
            }
        }
    }

    private static string Describe(PodSecurityCheck check) =>
        $"{check.Id} {check.Level} " + string.Join(" ", check.Versions.Select(v =>
            $"1.{v.MinimumMinor}" + (v.OverrideCheckIds is { } ids ? $"(overrides {string.Join(", ", ids)})" : "")));
}
