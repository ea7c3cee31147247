using k8s.Models;
using MiniApiServer.Controllers.Autoscaling;

namespace MiniApiServer.UnitTests.Autoscaling;

/// <summary>
/// horizontal.go's normalization, cases in the spirit of horizontal_test.go's TestNormalizeDesiredReplicas and
/// TestScalingWithRules: the limits, reasons and messages are upstream's, the counts worked out here.
/// </summary>
public class ReplicaNormalizerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    [Theory]
    [InlineData(3, 20, 1, 10, 6, "ScaleUpLimit")]          // max(2 × 3, 4) = 6
    [InlineData(1, 20, 1, 10, 4, "ScaleUpLimit")]          // max(2 × 1, 4) = 4
    [InlineData(3, 20, 1, 5, 5, "TooManyReplicas")]        // maxReplicas below the rate limit
    [InlineData(3, 0, 2, 10, 2, "TooFewReplicas")]
    [InlineData(3, 5, 1, 10, 5, "DesiredWithinRange")]
    public void WithoutBehavior_HoldsToTheBoundsAndTheScaleUpLimit(int current, int proposed, int min, int max, int expected, string reason)
    {
        var normalized = ReplicaNormalizer.WithoutBehavior(new AutoscalerMemory(), current, proposed, min, max, Now, FiveMinutes);

        Assert.Equal(expected, normalized.Desired);
        Assert.Equal(reason, normalized.Limit.Code);
        Assert.Equal(expected != proposed, normalized.Limited);
        Assert.Equal("ReadyForNewScale", normalized.AbleToScale.Code);
    }

    [Fact]
    public void WithoutBehavior_AScaleDown_TakesTheHighestRecommendationInTheWindow_AndReusesAnOldSlot()
    {
        var memory = new AutoscalerMemory();
        memory.Recommendations.Add(new Recommendation(4, Now - TimeSpan.FromMinutes(6)));
        memory.Recommendations.Add(new Recommendation(5, Now - TimeSpan.FromMinutes(1)));

        var normalized = ReplicaNormalizer.WithoutBehavior(memory, 5, 2, 1, 10, Now, FiveMinutes);

        Assert.Equal(5, normalized.Desired);
        Assert.Equal(new Reason("ScaleDownStabilized", "recent recommendations were higher than current one, applying the highest recent recommendation"), normalized.AbleToScale);
        // The sample older than the window made room for this one.
        Assert.Equal([new Recommendation(2, Now), new Recommendation(5, Now - TimeSpan.FromMinutes(1))], memory.Recommendations);
    }

    private static V2HorizontalPodAutoscalerBehavior Behavior(V2HPAScalingRules? up = null, V2HPAScalingRules? down = null) => new()
    {
        ScaleUp = up ?? new V2HPAScalingRules { StabilizationWindowSeconds = 0, SelectPolicy = "Max", Policies = [new V2HPAScalingPolicy { Type = "Pods", Value = 4, PeriodSeconds = 15 }, new V2HPAScalingPolicy { Type = "Percent", Value = 100, PeriodSeconds = 15 }] },
        ScaleDown = down ?? new V2HPAScalingRules { SelectPolicy = "Max", Policies = [new V2HPAScalingPolicy { Type = "Percent", Value = 100, PeriodSeconds = 15 }] },
    };

    [Fact]
    public void WithBehavior_ScaleUp_StartsEachPolicyFromTheCountItsPeriodBeganWith()
    {
        // Percent 100 per 60 s; 2 replicas were added 10 s ago, so the period began at 4 - 2 = 2 and allows 2 × 2 = 4.
        var memory = new AutoscalerMemory();
        memory.ScaleUpEvents.Add(new ScaleEvent(2, Now - TimeSpan.FromSeconds(10)));
        var up = new V2HPAScalingRules { StabilizationWindowSeconds = 0, SelectPolicy = "Max", Policies = [new V2HPAScalingPolicy { Type = "Percent", Value = 100, PeriodSeconds = 60 }] };

        var normalized = ReplicaNormalizer.WithBehavior(memory, Behavior(up), 4, 10, 1, 20, Now, FiveMinutes);

        Assert.Equal(4, normalized.Desired);
        Assert.Equal(new Reason("ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate"), normalized.Limit);
        Assert.True(normalized.Limited);
    }

    [Fact]
    public void WithBehavior_ScaleDown_WaitsForItsWindow_ThenIsRateLimited()
    {
        var memory = new AutoscalerMemory();
        memory.Recommendations.Add(new Recommendation(10, Now - TimeSpan.FromSeconds(30)));
        var down = new V2HPAScalingRules { StabilizationWindowSeconds = 60, SelectPolicy = "Max", Policies = [new V2HPAScalingPolicy { Type = "Percent", Value = 50, PeriodSeconds = 60 }] };

        var held = ReplicaNormalizer.WithBehavior(memory, Behavior(down: down), 10, 1, 1, 20, Now, FiveMinutes);
        Assert.Equal(10, held.Desired);
        Assert.Equal("ScaleDownStabilized", held.AbleToScale.Code);

        // Two minutes on, the window holds only the recommendation of 1: 50% of 10 is the most that may go, (int)(10 × 0.5) = 5.
        var limited = ReplicaNormalizer.WithBehavior(memory, Behavior(down: down), 10, 1, 1, 20, Now + TimeSpan.FromMinutes(2), FiveMinutes);
        Assert.Equal(5, limited.Desired);
        Assert.Equal(new Reason("ScaleDownLimit", "the desired replica count is decreasing faster than the maximum scale rate"), limited.Limit);
    }

    [Fact]
    public void DisabledSelectPolicy_KeepsTheCurrentCount_AndMinPicksTheSmallestChange()
    {
        var disabled = new V2HPAScalingRules { StabilizationWindowSeconds = 0, SelectPolicy = "Disabled", Policies = [new V2HPAScalingPolicy { Type = "Pods", Value = 4, PeriodSeconds = 15 }] };
        Assert.Equal(3, ReplicaNormalizer.WithBehavior(new AutoscalerMemory(), Behavior(disabled), 3, 9, 1, 20, Now, FiveMinutes).Desired);

        // Pods 4 would allow 7, Percent 50 allows ceil(3 × 1.5) = 5: Min takes 5.
        var min = new V2HPAScalingRules { SelectPolicy = "Min", Policies = [new V2HPAScalingPolicy { Type = "Pods", Value = 4, PeriodSeconds = 15 }, new V2HPAScalingPolicy { Type = "Percent", Value = 50, PeriodSeconds = 15 }] };
        Assert.Equal(5, ReplicaNormalizer.ScaleUpLimit(3, new AutoscalerMemory(), min, Now));
    }

    [Fact]
    public void ScaleEvents_AreKeptOnlyWithABehavior_AndAnOutdatedOneIsReplaced()
    {
        var memory = new AutoscalerMemory();
        ReplicaNormalizer.StoreScaleEvent(memory, null, 1, 4, Now);
        Assert.Empty(memory.ScaleUpEvents);

        var behavior = Behavior();
        ReplicaNormalizer.StoreScaleEvent(memory, behavior, 1, 4, Now - TimeSpan.FromSeconds(20));
        ReplicaNormalizer.StoreScaleEvent(memory, behavior, 4, 6, Now);
        ReplicaNormalizer.StoreScaleEvent(memory, behavior, 6, 2, Now);

        // The longest scale-up period is 15 s: the event of 20 s ago was outdated and its slot reused.
        Assert.Equal([new ScaleEvent(2, Now)], memory.ScaleUpEvents);
        Assert.Equal([new ScaleEvent(4, Now)], memory.ScaleDownEvents);
    }
}
