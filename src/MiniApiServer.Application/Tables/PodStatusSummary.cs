using System.Text.Json;

namespace MiniApiServer.Application.Tables;

/// <summary>The READY / STATUS / RESTARTS cells, computed exactly as printers.go <c>printPod</c> does.</summary>
internal sealed record PodStatusSummary(int ReadyContainers, int TotalContainers, string Reason, long Restarts, DateTimeOffset? LastRestart)
{
    private const string NodeUnreachablePodReason = "NodeLost";

    public string Ready => $"{ReadyContainers}/{TotalContainers}";

    public string RestartsText(DateTimeOffset now) =>
        Restarts != 0 && LastRestart is not null ? $"{Restarts} ({Age.Since(LastRestart, now)} ago)" : $"{Restarts}";

    public static PodStatusSummary Of(JsonElement pod)
    {
        var spec = pod.Obj("spec");
        var status = pod.Obj("status");
        var phase = status.Str("phase");
        var reason = status.Str("reason") is { Length: > 0 } statusReason ? statusReason : phase;
        if (status.Objects("conditions").Any(c => c.Str("type") == "PodScheduled" && c.Str("reason") == "SchedulingGated"))
        {
            reason = "SchedulingGated";
        }

        var initSpecs = spec.Objects("initContainers").ToList();
        var restartableInit = initSpecs
            .Where(c => c.Str("restartPolicy") == "Always")
            .Select(c => c.Str("name"))
            .ToHashSet(StringComparer.Ordinal);
        var total = spec.Count("containers") + initSpecs.Count(c => c.Str("restartPolicy") == "Always");
        var ready = 0;

        var restarts = 0L;
        var sidecarRestarts = 0L;
        DateTimeOffset? lastRestart = null;
        DateTimeOffset? lastSidecarRestart = null;
        var initializing = false;
        var initStatuses = status.Objects("initContainerStatuses").ToList();
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var container = initStatuses[i];
            var isSidecar = restartableInit.Contains(container.Str("name"));
            var finished = container.Obj("lastState").Obj("terminated").Time("finishedAt");
            restarts += container.Int("restartCount");
            lastRestart = Latest(lastRestart, finished);
            if (isSidecar)
            {
                sidecarRestarts += container.Int("restartCount");
                lastSidecarRestart = Latest(lastSidecarRestart, finished);
            }

            var state = container.Obj("state");
            var terminated = state.Obj("terminated");
            var waiting = state.Obj("waiting");
            if (terminated is not null && terminated.Int("exitCode") == 0)
            {
                continue;
            }

            if (isSidecar && container.OptionalBool("started") == true)
            {
                if (container.Bool("ready"))
                {
                    ready++;
                }

                continue;
            }

            if (terminated is not null)
            {
                reason = "Init:" + TerminatedReason(terminated.Value);
            }
            else if (waiting is not null && waiting.Str("reason") is { Length: > 0 } w && w != "PodInitializing")
            {
                reason = "Init:" + w;
            }
            else
            {
                reason = $"Init:{i}/{initSpecs.Count}";
            }

            initializing = true;
            break;
        }

        if (!initializing || HasTrueCondition(status, "Initialized", firstMatchOnly: true))
        {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            var hasRunning = false;
            foreach (var container in status.Objects("containerStatuses").Reverse())
            {
                restarts += container.Int("restartCount");
                lastRestart = Latest(lastRestart, container.Obj("lastState").Obj("terminated").Time("finishedAt"));
                var state = container.Obj("state");
                var terminated = state.Obj("terminated");
                if (state.Obj("waiting") is { } waiting && waiting.Str("reason").Length > 0)
                {
                    reason = waiting.Str("reason");
                }
                else if (terminated is not null)
                {
                    reason = TerminatedReason(terminated.Value);
                }
                else if (container.Bool("ready") && state.Obj("running") is not null)
                {
                    hasRunning = true;
                    ready++;
                }
            }

            // A pod whose last-listed container completed is still Running while another container runs.
            if (reason == "Completed" && hasRunning)
            {
                reason = HasTrueCondition(status, "Ready", firstMatchOnly: false) ? "Running" : "NotReady";
            }
        }

        var deleting = pod.Obj("metadata").Time("deletionTimestamp") is not null;
        if (deleting && status.Str("reason") == NodeUnreachablePodReason)
        {
            reason = "Unknown";
        }
        else if (deleting && phase is not ("Succeeded" or "Failed"))
        {
            reason = "Terminating";
        }

        return new PodStatusSummary(ready, total, reason, restarts, lastRestart);
    }

    private static string TerminatedReason(JsonElement terminated)
    {
        if (terminated.Str("reason") is { Length: > 0 } reason)
        {
            return reason;
        }

        return terminated.Int("signal") != 0
            ? $"Signal:{terminated.Int("signal")}"
            : $"ExitCode:{terminated.Int("exitCode")}";
    }

    private static DateTimeOffset? Latest(DateTimeOffset? current, DateTimeOffset? candidate) =>
        candidate is not null && (current is null || current < candidate) ? candidate : current;

    // isPodInitializedConditionTrue stops at the first Initialized condition; hasPodReadyCondition scans all.
    private static bool HasTrueCondition(JsonElement? status, string type, bool firstMatchOnly)
    {
        var matches = status.Objects("conditions").Where(c => c.Str("type") == type);
        return firstMatchOnly
            ? matches.FirstOrNull(_ => true)?.Str("status") == "True"
            : matches.Any(c => c.Str("status") == "True");
    }
}
