using k8s.Models;
using MiniApiServer.Controllers.Disruption;

namespace MiniApiServer.UnitTests.Disruption;

/// <summary>The arithmetic of pkg/controller/disruption/disruption_test.go, with the expected numbers written out.</summary>
public sealed class DisruptionBudgetMathTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("3", null, 5, 10, 5, 3, false)] // integer minAvailable: expected is the matching pods, the scale is never asked
    [InlineData("50%", null, 5, 5, 5, 3, true)] // 50% of 5 rounds up to 3
    [InlineData(null, "1", 4, 6, 6, 5, true)]
    [InlineData(null, "34%", 3, 3, 3, 1, true)] // 34% of 3 rounds up to 2 unavailable
    [InlineData(null, "100%", 3, 3, 3, 0, true)]
    [InlineData(null, null, 3, 3, 0, 0, false)] // no bound: nothing expected, nothing allowed
    public void Desired_FollowsTheBound(string? minAvailable, string? maxUnavailable, int pods, int scale, int expected, int desired, bool scaleAsked)
    {
        var spec = new V1PodDisruptionBudgetSpec { MinAvailable = Bound(minAvailable), MaxUnavailable = Bound(maxUnavailable) };
        var asked = false;

        var result = DisruptionBudgetMath.Desired(spec, pods, () => { asked = true; return scale; });

        Assert.Equal((expected, desired), result);
        Assert.Equal(scaleAsked, asked);
    }

    [Theory]
    [InlineData(3, 2, 3, 1)]
    [InlineData(2, 2, 2, 0)]
    [InlineData(1, 2, 2, 0)]
    [InlineData(3, 0, 0, 0)] // expecting no pods allows nothing, whatever is healthy
    public void DisruptionsAllowed_IsHealthyAboveDesired_OnlyWhenPodsAreExpected(int healthy, int desired, int expected, int allowed) =>
        Assert.Equal(allowed, DisruptionBudgetMath.DisruptionsAllowed(healthy, desired, expected));

    [Fact]
    public void CurrentHealthy_SkipsUnreadyDeletingAndRecentlyEvictedPods()
    {
        var pods = new[]
        {
            Pod("ready"),
            Pod("unready", ready: false),
            Pod("deleting", deleting: true),
            Pod("evicted-just-now"),
            Pod("evicted-long-ago"),
        };
        var disrupted = new Dictionary<string, DateTime?>
        {
            ["evicted-just-now"] = Now.AddSeconds(-10).UtcDateTime,
            ["evicted-long-ago"] = Now.AddMinutes(-3).UtcDateTime,
        };

        Assert.Equal(2, DisruptionBudgetMath.CurrentHealthy(pods, disrupted, Now));
    }

    [Fact]
    public void DisruptedPods_KeepsPendingEvictions_DropsDeletingAndExpired_AndRechecksAtTheEarliestExpiry()
    {
        var pods = new[] { Pod("recent"), Pod("older"), Pod("expired"), Pod("deleting", deleting: true) };
        var recorded = new Dictionary<string, DateTime?>
        {
            ["recent"] = Now.AddSeconds(-10).UtcDateTime,
            ["older"] = Now.AddSeconds(-60).UtcDateTime,
            ["expired"] = Now.AddMinutes(-5).UtcDateTime,
            ["deleting"] = Now.AddSeconds(-1).UtcDateTime,
            ["gone"] = Now.AddSeconds(-1).UtcDateTime,
        };

        var (kept, recheckAt, notDeleted) = DisruptionBudgetMath.DisruptedPods(pods, recorded, Now);

        Assert.Equal(["older", "recent"], kept.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Now.AddSeconds(60), recheckAt);
        Assert.Equal("expired", Assert.Single(notDeleted).Metadata.Name);
    }

    private static IntOrString? Bound(string? value) => value is null ? null : (IntOrString)value;

    private static V1Pod Pod(string name, bool ready = true, bool deleting = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, DeletionTimestamp = deleting ? Now.UtcDateTime : null },
        Status = new V1PodStatus { Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }] },
    };
}
