using MiniApiServer.Application.Admission.PodSecurity;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.UnitTests.Admission.PodSecurity;

/// <summary>api/helpers.go PolicyToEvaluate and ParseVersion, as a namespace's labels are read.</summary>
public sealed class PodSecurityPolicyTests
{
    private static PodSecurityPolicy Read(FieldErrors? errors, params (string Key, string Value)[] labels) =>
        PodSecurityPolicy.FromLabels(labels.ToDictionary(l => "pod-security.kubernetes.io/" + l.Key, l => l.Value), errors);

    [Fact]
    public void NoLabels_IsPrivilegedLatestForEveryMode()
    {
        var policy = PodSecurityPolicy.FromLabels(new Dictionary<string, string> { ["app"] = "web" }, null);

        Assert.True(policy.FullyPrivileged);
        Assert.Equal("privileged:latest", policy.Enforce.ToString());
    }

    [Fact]
    public void WarnFollowsAStricterEnforce_WithItsVersion_UnlessWarnIsLabelled()
    {
        var follows = Read(null, ("enforce", "baseline"), ("enforce-version", "v1.24"));
        Assert.Equal(("baseline:v1.24", "baseline:v1.24", "privileged:latest"), (follows.Enforce.ToString(), follows.Warn.ToString(), follows.Audit.ToString()));

        var ownVersion = Read(null, ("enforce", "restricted"), ("warn-version", "v1.30"));
        Assert.Equal("restricted:v1.30", ownVersion.Warn.ToString());

        var labelled = Read(null, ("enforce", "restricted"), ("warn", "baseline"));
        Assert.Equal("baseline:latest", labelled.Warn.ToString());
    }

    [Fact]
    public void ABadEnforceLevel_FailsClosed_ABadAuditOrWarnLevelFailsOpen()
    {
        var errors = new FieldErrors();
        var policy = Read(errors, ("enforce", "strict"), ("audit", "loud"), ("warn", "Restricted"));

        Assert.Equal(("restricted:latest", "privileged:latest", "privileged:latest"), (policy.Enforce.ToString(), policy.Audit.ToString(), policy.Warn.ToString()));
        Assert.Equal(
            ["metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: \"strict\": must be one of privileged, baseline, restricted",
             "metadata.labels[pod-security.kubernetes.io/audit]: Invalid value: \"loud\": must be one of privileged, baseline, restricted",
             "metadata.labels[pod-security.kubernetes.io/warn]: Invalid value: \"Restricted\": must be one of privileged, baseline, restricted"],
            errors.Causes.Select(c => $"{c.Field}: {c.Message}"));
    }

    [Theory]
    [InlineData("latest", "latest")]
    [InlineData("v1.0", "v1.0")]
    [InlineData("v1.32", "v1.32")]
    [InlineData("v1.99", "v1.99")]
    [InlineData("v1.01", null)]
    [InlineData("v2.1", null)]
    [InlineData("1.25", null)]
    [InlineData("v1.", null)]
    [InlineData("v1.-1", null)]
    public void Versions_AreLatestOrV1Minor(string text, string? parsed)
    {
        Assert.Equal(parsed is not null, PodSecurityVersion.TryParse(text, out var version));
        Assert.Equal(parsed ?? "latest", version.ToString());
    }

    [Fact]
    public void Latest_IsNewerThanAnyNumberedVersion()
    {
        Assert.True(PodSecurityVersion.V1(99).Older(PodSecurityVersion.Latest));
        Assert.False(PodSecurityVersion.Latest.Older(PodSecurityVersion.V1(99)));
        Assert.True(PodSecurityVersion.V1(9).Older(PodSecurityVersion.V1(10)));
    }
}
