using k8s.Models;

namespace MiniApiServer.Controllers.Autoscaling;

/// <summary>
/// normalizeDesiredReplicas and normalizeDesiredReplicasWithBehaviors (pkg/controller/podautoscaler/horizontal.go,
/// 1.32): a metrics proposal is stabilized against recent ones, then held to minReplicas, maxReplicas and the rate
/// of change. Without a behavior that rate is at most max(2 × current, 4) per sync and scale downs wait out the
/// controller's stabilization window; with one, its windows and policies decide. The conditions it would set
/// (AbleToScale's reason, ScalingLimited) come back with the count.
/// </summary>
public static class ReplicaNormalizer
{
    public static Normalized WithoutBehavior(AutoscalerMemory memory, int current, int proposed, int min, int max, DateTimeOffset now, TimeSpan downscaleWindow)
    {
        var stabilized = Stabilize(memory, proposed, now, downscaleWindow);
        var able = stabilized != proposed
            ? new Reason("ScaleDownStabilized", "recent recommendations were higher than current one, applying the highest recent recommendation")
            : ReadyForNewScale;
        var (desired, limit) = WithRules(current, stabilized, min, max);
        return new Normalized(desired, able, limit, desired != stabilized);
    }

    public static Normalized WithBehavior(AutoscalerMemory memory, V2HorizontalPodAutoscalerBehavior behavior, int current, int proposed, int min, int max,
        DateTimeOffset now, TimeSpan downscaleWindow)
    {
        var up = behavior.ScaleUp ?? new V2HPAScalingRules();
        var down = behavior.ScaleDown ?? new V2HPAScalingRules();
        // maybeInitScaleDownStabilizationWindow: the flag fills a window the defaults left unset.
        var downWindow = down.StabilizationWindowSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : downscaleWindow;
        var upWindow = TimeSpan.FromSeconds(up.StabilizationWindowSeconds ?? 0);
        var (stabilized, stabilizedReason) = StabilizeWithBehaviors(memory, current, proposed, now, upWindow, downWindow);
        var able = stabilized != proposed ? stabilizedReason : ReadyForNewScale;
        var (desired, limit) = WithBehaviorRate(memory, up, down, current, stabilized, min, max, now);
        return new Normalized(desired, able, limit, desired != stabilized);
    }

    /// <summary>recordInitialRecommendation: the first sync remembers the current count as a recommendation.</summary>
    public static void RecordInitial(AutoscalerMemory memory, int current, DateTimeOffset now)
    {
        if (memory.Recommendations.Count == 0)
        {
            memory.Recommendations.Add(new Recommendation(current, now));
        }
    }

    /// <summary>storeScaleEvent: only an HPA with a behavior keeps them; an outdated slot is reused.</summary>
    public static void StoreScaleEvent(AutoscalerMemory memory, V2HorizontalPodAutoscalerBehavior? behavior, int previous, int next, DateTimeOffset now)
    {
        if (behavior is null)
        {
            return;
        }
        var scalingUp = next > previous;
        var events = scalingUp ? memory.ScaleUpEvents : memory.ScaleDownEvents;
        var rules = scalingUp ? behavior.ScaleUp : behavior.ScaleDown;
        var longest = rules?.Policies?.Select(p => p.PeriodSeconds).DefaultIfEmpty(0).Max() ?? 0;
        var cutoff = now - TimeSpan.FromSeconds(longest);
        var slot = -1;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Timestamp < cutoff)
            {
                events[i].Outdated = true;
            }
            if (events[i].Outdated)
            {
                slot = i;
            }
        }
        var recorded = new ScaleEvent(Math.Abs(next - previous), now);
        if (slot >= 0)
        {
            events[slot] = recorded;
        }
        else
        {
            events.Add(recorded);
        }
    }

    private static readonly Reason ReadyForNewScale = new("ReadyForNewScale", "recommended size matches current size");

    /// <summary>stabilizeRecommendation: the highest recommendation within the window wins, so scale downs wait it out.</summary>
    private static int Stabilize(AutoscalerMemory memory, int proposed, DateTimeOffset now, TimeSpan window)
    {
        var cutoff = now - window;
        var highest = proposed;
        var old = -1;
        for (var i = 0; i < memory.Recommendations.Count; i++)
        {
            var rec = memory.Recommendations[i];
            if (rec.Timestamp < cutoff)
            {
                old = i;
            }
            else if (rec.Replicas > highest)
            {
                highest = rec.Replicas;
            }
        }
        Remember(memory, old, new Recommendation(proposed, now));
        return highest;
    }

    private static (int, Reason) StabilizeWithBehaviors(AutoscalerMemory memory, int current, int proposed, DateTimeOffset now, TimeSpan upWindow, TimeSpan downWindow)
    {
        var upCutoff = now - upWindow;
        var downCutoff = now - downWindow;
        int up = proposed, down = proposed, old = -1;
        for (var i = 0; i < memory.Recommendations.Count; i++)
        {
            var rec = memory.Recommendations[i];
            if (rec.Timestamp > upCutoff)
            {
                up = Math.Min(rec.Replicas, up);
            }
            if (rec.Timestamp > downCutoff)
            {
                down = Math.Max(rec.Replicas, down);
            }
            if (rec.Timestamp < upCutoff && rec.Timestamp < downCutoff)
            {
                old = i;
            }
        }
        var recommendation = Math.Min(Math.Max(current, up), down);
        Remember(memory, old, new Recommendation(proposed, now));
        var reason = proposed >= current
            ? new Reason("ScaleUpStabilized", "recent recommendations were lower than current one, applying the lowest recent recommendation")
            : new Reason("ScaleDownStabilized", "recent recommendations were higher than current one, applying the highest recent recommendation");
        return (recommendation, reason);
    }

    private static void Remember(AutoscalerMemory memory, int oldSlot, Recommendation recommendation)
    {
        if (oldSlot >= 0)
        {
            memory.Recommendations[oldSlot] = recommendation;
        }
        else
        {
            memory.Recommendations.Add(recommendation);
        }
    }

    /// <summary>convertDesiredReplicasWithRules: scaleUpLimitFactor 2, scaleUpLimitMinimum 4.</summary>
    public static (int Desired, Reason Limit) WithRules(int current, int desired, int min, int max)
    {
        var scaleUpLimit = (int)Math.Max(2.0 * current, 4.0);
        var (maxAllowed, limit) = max > scaleUpLimit
            ? (scaleUpLimit, new Reason("ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate"))
            : (max, new Reason("TooManyReplicas", "the desired replica count is more than the maximum replica count"));
        if (desired < min)
        {
            return (min, new Reason("TooFewReplicas", "the desired replica count is less than the minimum replica count"));
        }
        return desired > maxAllowed ? (maxAllowed, limit) : (desired, WithinRange);
    }

    private static readonly Reason WithinRange = new("DesiredWithinRange", "the desired count is within the acceptable range");

    private static (int, Reason) WithBehaviorRate(AutoscalerMemory memory, V2HPAScalingRules up, V2HPAScalingRules down, int current, int desired, int min, int max, DateTimeOffset now)
    {
        if (desired > current)
        {
            var limit = Math.Max(ScaleUpLimit(current, memory, up, now), current);
            var (allowed, reason) = max > limit
                ? (limit, new Reason("ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate"))
                : (max, new Reason("TooManyReplicas", "the desired replica count is more than the maximum replica count"));
            if (desired > allowed)
            {
                return (allowed, reason);
            }
        }
        else if (desired < current)
        {
            var limit = Math.Min(ScaleDownLimit(current, memory, down, now), current);
            var (allowed, reason) = min < limit
                ? (limit, new Reason("ScaleDownLimit", "the desired replica count is decreasing faster than the maximum scale rate"))
                : (min, new Reason("TooFewReplicas", "the desired replica count is less than the minimum replica count"));
            if (desired < allowed)
            {
                return (allowed, reason);
            }
        }
        return (desired, WithinRange);
    }

    /// <summary>calculateScaleUpLimitWithScalingRules: each policy's allowance from the count at its period's start; Max takes the largest.</summary>
    public static int ScaleUpLimit(int current, AutoscalerMemory memory, V2HPAScalingRules rules, DateTimeOffset now)
    {
        if (rules.SelectPolicy == "Disabled")
        {
            return current;
        }
        var pickMin = rules.SelectPolicy == "Min";
        var result = pickMin ? int.MaxValue : int.MinValue;
        foreach (var policy in rules.Policies ?? [])
        {
            var start = PeriodStart(current, memory, policy, now);
            var proposed = policy.Type == "Pods" ? start + policy.Value : (int)Math.Ceiling(start * (1 + policy.Value / 100.0));
            result = pickMin ? Math.Min(result, proposed) : Math.Max(result, proposed);
        }
        return result;
    }

    /// <summary>calculateScaleDownLimitWithBehaviors: as scale up, mirrored; a percentage rounds down (Go's int32 conversion).</summary>
    public static int ScaleDownLimit(int current, AutoscalerMemory memory, V2HPAScalingRules rules, DateTimeOffset now)
    {
        if (rules.SelectPolicy == "Disabled")
        {
            return current;
        }
        var pickMin = rules.SelectPolicy == "Min";
        var result = pickMin ? int.MinValue : int.MaxValue;
        foreach (var policy in rules.Policies ?? [])
        {
            var start = PeriodStart(current, memory, policy, now);
            var proposed = policy.Type == "Pods" ? start - policy.Value : (int)(start * (1 - policy.Value / 100.0));
            result = pickMin ? Math.Max(result, proposed) : Math.Min(result, proposed);
        }
        return result;
    }

    // getReplicasChangePerPeriod over both directions: the count this policy's period started from.
    private static int PeriodStart(int current, AutoscalerMemory memory, V2HPAScalingPolicy policy, DateTimeOffset now)
    {
        var cutoff = now - TimeSpan.FromSeconds(policy.PeriodSeconds);
        var added = memory.ScaleUpEvents.Where(e => e.Timestamp > cutoff).Sum(e => e.ReplicaChange);
        var deleted = memory.ScaleDownEvents.Where(e => e.Timestamp > cutoff).Sum(e => e.ReplicaChange);
        return current - added + deleted;
    }
}

/// <summary>A condition's reason and message.</summary>
public sealed record Reason(string Code, string Message);

/// <summary>A normalized count, AbleToScale's reason for it, and ScalingLimited's (true when the count was held back).</summary>
public sealed record Normalized(int Desired, Reason AbleToScale, Reason Limit, bool Limited);
