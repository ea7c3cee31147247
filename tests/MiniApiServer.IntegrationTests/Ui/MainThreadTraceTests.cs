using System.Text;

namespace MiniApiServer.IntegrationTests.Ui;

/// <summary>
/// MainThreadTrace over hand-written Chromium traces (the JSON array format): a browser-wide trace holds every
/// renderer's main thread, and only the page's, the one that made the mark, is the page's work.
/// </summary>
public sealed class MainThreadTraceTests
{
    private static string Thread(int pid, int tid, string name) =>
        $$$"""{"ph":"M","name":"thread_name","pid":{{{pid}}},"tid":{{{tid}}},"args":{"name":"{{{name}}}"}}""";

    private static string Mark(int pid, int tid, long ts) =>
        $$"""{"ph":"R","cat":"blink.user_timing","name":"fleet-painted","pid":{{pid}},"tid":{{tid}},"ts":{{ts}}}""";

    private static string Task(int pid, int tid, long ts, long dur, long tdur, string name = "RunTask") =>
        $$"""{"ph":"X","name":"{{name}}","pid":{{pid}},"tid":{{tid}},"ts":{{ts}},"dur":{{dur}},"tdur":{{tdur}}}""";

    private static List<MainThreadTrace.LongTask>? Read(params string[] events) =>
        MainThreadTrace.LongTasks(Encoding.UTF8.GetBytes("[" + string.Join(",", events) + "]"), 0, "fleet-painted");

    [Fact]
    public void AnotherRenderersTask_IsNotThePages()
    {
        var tasks = Read(
            Thread(10, 1, "CrRendererMain"), Thread(20, 2, "CrRendererMain"), Thread(10, 3, "DedicatedWorker thread"),
            Mark(10, 1, 1_000_000),
            Task(10, 1, 1_100_000, 40_000, 30_000),
            Task(20, 2, 1_200_000, 1_000_000, 161_000),
            Task(20, 2, 1_200_000, 900_000, 150_000, "v8.evaluateModule"),
            Task(10, 3, 1_300_000, 500_000, 400_000));

        var task = Assert.Single(tasks!);
        Assert.Equal(100, task.SinceMarkMs);
        Assert.Equal(40, task.WallMs);
        Assert.Equal(30, task.ThreadMs);
    }

    [Fact]
    public void TasksBeforeTheMark_AreLeftOut_AndALongTaskNamesItsOwnThreadsWork()
    {
        var tasks = Read(
            Thread(10, 1, "CrRendererMain"), Thread(20, 2, "CrRendererMain"),
            Task(10, 1, 500_000, 300_000, 300_000),
            Mark(10, 1, 1_000_000),
            Task(10, 1, 2_000_000, 120_000, 110_000),
            Task(10, 1, 2_010_000, 90_000, 90_000, "Layout"),
            Task(20, 2, 2_000_000, 119_000, 119_000, "v8.evaluateModule"));

        var task = Assert.Single(tasks!);
        Assert.Equal(1000, task.SinceMarkMs);
        Assert.Equal(110, task.ThreadMs);
        Assert.Equal("Layout 90 ms", task.TopWork);
    }

    [Fact]
    public void AMarkTracedAsAProcessEvent_FindsItsProcesssMainThread()
    {
        var tasks = Read(
            Thread(10, 1, "CrRendererMain"), Thread(20, 2, "CrRendererMain"),
            Mark(10, 0, 1_000_000),
            Task(10, 1, 1_100_000, 10_000, 8_000),
            Task(20, 2, 1_100_000, 500_000, 400_000));

        Assert.Equal(8, Assert.Single(tasks!).ThreadMs);
    }

    [Fact]
    public void NoMark_OrNoMainThreadInItsProcess_IsNull()
    {
        Assert.Null(Read(Thread(10, 1, "CrRendererMain"), Task(10, 1, 1_100_000, 10_000, 8_000)));
        Assert.Null(Read(Thread(20, 2, "CrRendererMain"), Mark(10, 1, 1_000_000), Task(20, 2, 1_100_000, 10_000, 8_000)));
    }
}
