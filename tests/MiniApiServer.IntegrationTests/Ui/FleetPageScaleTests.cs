using System.Text.Json;
using k8s;
using k8s.Models;
using Microsoft.Playwright;
using MiniApiServer.IntegrationTests.DaemonSets;
using MiniApiServer.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace MiniApiServer.IntegrationTests.Ui;

/// <summary>
/// 5,000 nodes and 5 DaemonSets: the page paints the whole fleet and follows a rollout while the other four DaemonSets
/// place their pods. The timings (first paint, longest update frame, long tasks) are measured inside the page and
/// printed; they are reported in docs/benchmarks.md against issue [5/6]'s budget (2 s, 100 ms) rather than asserted,
/// because a timed assertion here measures the machine's load as much as the page (engineering standards).
/// </summary>
[Collection(BrowserScaleCollection.Name)]
public sealed class FleetPageScaleTests(BrowserFixture browser, ITestOutputHelper output) : ServerTest
{
    private const int Nodes = 5000;
    private const double FirstPaintBudgetMs = 2000;
    private const double FrameBudgetMs = 100;

    protected override ApiServerHost StartServer() => ApiServerHost.Start(nodes: Nodes);

    private static V1DaemonSet Agent(string name)
    {
        var ds = DaemonSetKit.NewDaemonSet(name, image: "agent:v1");
        // Upstream's default of one unavailable pod at a time would take an hour over 5,000 nodes.
        ds.Spec.UpdateStrategy = new V1DaemonSetUpdateStrategy
        {
            Type = "RollingUpdate",
            RollingUpdate = new V1RollingUpdateDaemonSet { MaxUnavailable = "20%" },
        };
        return ds;
    }

    [BrowserFact]
    public async Task FiveThousandNodes_PaintsTheWholeFleet_AndFollowsARollout_ReportingFrameTimes()
    {
        // One cheap GET per poll (limit=1 and remainingItemCount), so the test does not list 5,000 nodes again and again.
        await Eventually.True(async () => (await Server.Http.GetJsonAsync("/api/v1/nodes?limit=1"))?["metadata"]?["remainingItemCount"]?.GetValue<long>() == Nodes - 1,
            TimeSpan.FromSeconds(300), "5,000 nodes registered");
        for (var i = 1; i <= 5; i++)
        {
            await Client.CreateNamespacedDaemonSetAsync(Agent($"agent-{i}"), "default");
        }

        // The trace runs from before the page loads, so it covers every task the page's long-task observer reports after
        // the paint; MainThreadTrace tells a task the page ran long from one whose thread waited for a core.
        TraceRecorder? trace = null;
        await using var page = await FleetPage.OpenAsync(browser.Browser, Server.BaseAddress, beforeNavigation: async p =>
            trace = await TraceRecorder.StartAsync(p, "devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing", "__metadata"));
        await Assertions.Expect(page.Page.Locator("html[data-painted='true']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        var firstPaint = await page.Page.EvaluateAsync<double>("() => performance.getEntriesByName('fleet-painted')[0].startTime");
        await Assertions.Expect(page.FleetSummary).ToHaveAttributeAsync("data-nodes", Nodes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Page.Locator("#daemonsets tbody tr")).ToHaveCountAsync(5);

        // Roll agent-1 once a fifth of its pods exist, while the other four DaemonSets are still placing theirs.
        await page.Page.WaitForFunctionAsync("""
            () => Number(document.querySelector("tr[data-ds='default/agent-1'] td.current").textContent) >= 1000
            """, null, new() { Timeout = 300_000, PollingInterval = 250 });
        await Client.PatchNamespacedDaemonSetAsync(new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"agent:v2"}]}}}}""",
            V1Patch.PatchType.StrategicMergePatch), "agent-1", "default");
        await page.Page.WaitForFunctionAsync("() => document.querySelector(\"tr[data-ds='default/agent-1'] td.rollout\").dataset.state === 'progress'",
            null, new() { Timeout = 20_000 });
        // The window closes when the page has shown half the fleet updated, or the whole rollout.
        await page.Page.WaitForFunctionAsync("""
            () => Number(document.querySelector("tr[data-ds='default/agent-1'] td.up-to-date").textContent) >= 2500
            """, null, new() { Timeout = 300_000, PollingInterval = 250 });

        var traced = MainThreadTrace.LongTasks(await trace!.StopAsync(), 0, afterMark: "fleet-painted")
            ?? throw new Xunit.Sdk.XunitException("the trace holds no fleet-painted mark or no CrRendererMain thread in its process, so no task could be checked");
        var probe = await page.Page.EvaluateAsync<JsonElement>("""
            () => ({
              firstPaint: performance.getEntriesByName('fleet-painted')[0].startTime,
              longTasks: window.__probe.longTasks,
              noLongTasks: window.__probe.noLongTasks || null,
              maxFlushMs: window.fleetStats.maxFlushMs,
              maxUpdateMs: window.fleetStats.maxUpdateMs,
              paintFrameMs: window.fleetStats.paintFrameMs,
              flushes: window.fleetStats.flushes,
              slowFrames: JSON.stringify(window.fleetStats.slowFrames.sort((a, b) => b.took - a.took).slice(0, 5)),
            })
            """);
        var afterPaint = probe.GetProperty("longTasks").EnumerateArray()
            .Select(t => (Start: t.GetProperty("start").GetDouble(), Duration: t.GetProperty("duration").GetDouble()))
            .Where(t => t.Start >= firstPaint)
            .ToList();
        var longest = afterPaint.Count == 0 ? 0 : afterPaint.Max(t => t.Duration);
        var maxFlush = probe.GetProperty("maxFlushMs").GetDouble();
        output.WriteLine($"first paint {firstPaint:F0} ms; after it: {afterPaint.Count} long tasks (> 50 ms), longest {longest:F0} ms; " +
            $"longest frame {maxFlush:F1} ms over {probe.GetProperty("flushes").GetInt32()} frames " +
            $"(the paint frame {probe.GetProperty("paintFrameMs").GetDouble():F1} ms, the longest after it {probe.GetProperty("maxUpdateMs").GetDouble():F1} ms)");

        output.WriteLine($"slowest update frames (ms, where the time went): {probe.GetProperty("slowFrames").GetString()}");
        output.WriteLine($"traced {traced.Count} main-thread tasks after the first paint, the longest on the thread {(traced.Count == 0 ? 0 : traced.Max(t => t.ThreadMs)):F0} ms");
        foreach (var task in traced.Where(t => t.WallMs >= 50).OrderByDescending(t => t.WallMs).Take(5))
        {
            output.WriteLine($"traced long task after the first paint: {task.WallMs:F0} ms wall, {task.ThreadMs:F0} ms on the thread; {task.TopWork}");
        }
        // The page's long-task observer and the trace see the same thread; an observed task the trace lacks is named.
        foreach (var observed in afterPaint.Where(t => t.Duration > FrameBudgetMs))
        {
            var from = observed.Start - firstPaint;
            var overlapping = traced.Where(t => t.SinceMarkMs < from + observed.Duration && t.SinceMarkMs + t.WallMs > from).ToList();
            output.WriteLine($"observed long task {observed.Duration:F0} ms at {from:F0} ms after the paint; traced there: {overlapping.Count} tasks, " +
                $"{overlapping.Sum(t => t.WallMs):F0} ms wall, {overlapping.Sum(t => t.ThreadMs):F0} ms on the thread");
        }

        Assert.Equal(JsonValueKind.Null, probe.GetProperty("noLongTasks").ValueKind);
        output.WriteLine($"budget: first paint {FirstPaintBudgetMs} ms, frames {FrameBudgetMs} ms; within: " +
            $"{firstPaint <= FirstPaintBudgetMs && maxFlush <= FrameBudgetMs && longest <= FrameBudgetMs}");
        Assert.True(firstPaint > 0 && maxFlush > 0, "the page reported no paint or no update frames");
        // Wall times above depend on how busy the two cores are; the thread time of a main-thread task does not, so the
        // page's own share of the 100 ms budget is asserted on it.
        Assert.NotEmpty(traced);
        Assert.False(trace.DataLost, "Chromium lost trace events, so not every task after the paint was checked");
        Assert.All(traced, task => Assert.True(task.ThreadMs <= FrameBudgetMs,
            $"a main-thread task ran {task.ThreadMs:F0} ms on the thread ({task.WallMs:F0} ms wall): {task.TopWork}"));
        Assert.Empty(page.Errors);
    }
}
