using System.Text;
using Microsoft.Playwright;

namespace MiniApiServer.IntegrationTests.Ui;

/// <summary>A Chromium performance trace of one page over the DevTools protocol (Playwright .NET has no tracing API for it).</summary>
public sealed class TraceRecorder
{
    private readonly ICDPSession _session;
    private readonly List<string> _events = [];
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TraceRecorder(ICDPSession session)
    {
        _session = session;
        session.Event("Tracing.dataCollected").OnEvent += (_, data) =>
        {
            if (data is { } d && d.TryGetProperty("value", out var value))
            {
                lock (_events)
                {
                    _events.AddRange(value.EnumerateArray().Select(e => e.GetRawText()));
                }
            }
        };
        session.Event("Tracing.tracingComplete").OnEvent += (_, data) =>
        {
            DataLost = data is { } d && d.TryGetProperty("dataLossOccurred", out var lost) && lost.ValueKind == System.Text.Json.JsonValueKind.True;
            _complete.TrySetResult();
        };
    }

    /// <summary>Chromium dropped events (its trace buffer filled): the trace is then not every task.</summary>
    public bool DataLost { get; private set; }

    public static async Task<TraceRecorder> StartAsync(IPage page, params string[] categories)
    {
        var recorder = new TraceRecorder(await page.Context.NewCDPSessionAsync(page));
        await recorder._session.SendAsync("Tracing.start", new()
        {
            ["transferMode"] = "ReportEvents",
            ["traceConfig"] = new Dictionary<string, object> { ["includedCategories"] = categories },
        });
        return recorder;
    }

    /// <summary>The trace as Chromium's JSON array format.</summary>
    public async Task<byte[]> StopAsync()
    {
        await _session.SendAsync("Tracing.end");
        await _complete.Task.WaitAsync(TimeSpan.FromSeconds(60));
        lock (_events)
        {
            return Encoding.UTF8.GetBytes("[" + string.Join(",", _events) + "]");
        }
    }
}
