using System.Text.Json;

namespace MiniApiServer.IntegrationTests.Ui;

/// <summary>
/// The renderer main thread's tasks from a Chromium performance trace. A long task's wall time ("dur") includes time
/// the thread waited for a core; its thread time ("tdur") is what the page itself ran. On a 2-core machine that also
/// runs a 5,000-node rollout, the two differ, and only the second is the page's fault.
/// </summary>
public static class MainThreadTrace
{
    private const double DescribeFromMs = 50;

    /// <summary>A task; <paramref name="SinceMarkMs"/> is when it began, counted from the mark.</summary>
    public sealed record LongTask(double SinceMarkMs, double WallMs, double ThreadMs, string TopWork);

    /// <summary>
    /// Every main-thread task at least <paramref name="thresholdMs"/> long that began after the page's performance mark
    /// <paramref name="afterMark"/> on the renderer main thread of the process that made the mark; null when the trace has
    /// no such mark or that process no main thread.
    /// </summary>
    public static List<LongTask>? LongTasks(byte[] trace, double thresholdMs, string afterMark)
    {
        using var doc = JsonDocument.Parse(trace);
        var events = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement : doc.RootElement.GetProperty("traceEvents");
        var mainThreads = new HashSet<(long, long)>();
        foreach (var e in events.EnumerateArray())
        {
            if (Str(e, "ph") == "M" && Str(e, "name") == "thread_name"
                && e.TryGetProperty("args", out var args) && Str(args, "name") == "CrRendererMain")
            {
                mainThreads.Add((Num(e, "pid"), Num(e, "tid")));
            }
        }
        // performance.mark() is traced under blink.user_timing on the same clock as the tasks, from the thread that
        // called it. The trace is browser-wide: the about:blank renderer the page starts in, a spare renderer Chromium
        // keeps warm, or another tab each have a CrRendererMain of their own, and their tasks are not the page's (CI once
        // failed the page on a 161 ms v8.evaluateModule that was not one of its modules).
        var marks = events.EnumerateArray()
            .Where(e => Str(e, "name") == afterMark && (Str(e, "cat") ?? "").Contains("user_timing", StringComparison.Ordinal))
            .Select(e => (Ts: Num(e, "ts"), Thread: (Num(e, "pid"), Num(e, "tid"))))
            .ToList();
        if (marks.Count == 0)
        {
            return null;
        }
        var page = marks.MinBy(m => m.Ts).Thread;
        // Chromium traces a user-timing mark on the process's main thread or, in some builds, as a process-wide event
        // (tid 0); either way the page's main thread is the renderer main thread of the mark's process.
        var pageThreads = mainThreads.Where(t => t == page || (t.Item1 == page.Item1 && !mainThreads.Contains(page))).ToHashSet();
        if (pageThreads.Count != 1)
        {
            return null;
        }
        mainThreads = pageThreads;
        var from = marks.Min(m => m.Ts);
        var complete = events.EnumerateArray()
            .Where(e => Str(e, "ph") == "X" && mainThreads.Contains((Num(e, "pid"), Num(e, "tid"))))
            .Select(e => (Name: Str(e, "name") ?? "", Ts: Num(e, "ts"), Dur: Num(e, "dur"), TDur: e.TryGetProperty("tdur", out var t) ? t.GetDouble() : -1))
            .ToList();
        // The task running when tracing stopped is cut short by the stop; without thread time it says nothing of the page.
        var lastStart = complete.Where(e => e.Name == "RunTask").Select(e => e.Ts).DefaultIfEmpty(long.MaxValue).Max();
        var result = new List<LongTask>();
        foreach (var task in complete.Where(e => e.Name == "RunTask" && e.Ts >= from && e.Dur >= thresholdMs * 1000))
        {
            if (task.TDur < 0 && task.Ts == lastStart)
            {
                continue;
            }
            // The largest direct work inside a long task by name, so a report says "Layout" or "FunctionCall", not just
            // "RunTask"; short tasks are counted, not described (describing each would be quadratic in the trace).
            var top = task.Dur < DescribeFromMs * 1000 ? [] : complete
                .Where(c => c.Name != "RunTask" && c.Ts >= task.Ts && c.Ts + c.Dur <= task.Ts + task.Dur)
                .GroupBy(c => c.Name)
                .Select(g => (g.Key, Ms: g.Max(c => c.Dur) / 1000.0))
                .OrderByDescending(g => g.Ms)
                .Take(3)
                .Select(g => $"{g.Key} {g.Ms:F0} ms");
            // Chromium leaves tdur off now and then (CI saw it once). Wall time is never less than thread time, so such a
            // task is held to its wall time: it can fail the budget it is checked against, never pass it unmeasured.
            var measured = task.TDur >= 0;
            result.Add(new LongTask((task.Ts - from) / 1000.0, task.Dur / 1000.0, (measured ? task.TDur : task.Dur) / 1000.0,
                (measured ? "" : "no thread time in the trace, wall time counted; ") + string.Join(", ", top)));
        }
        return result;
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long Num(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? (long)v.GetDouble() : 0;
}
