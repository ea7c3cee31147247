using MiniApiServer.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace MiniApiServer.IntegrationTests.Watch;

/// <summary>
/// Property: whatever moments a watcher's streams break at, resuming from the last resourceVersion it saw
/// (from an event or a BOOKMARK) yields exactly the committed history for its selector, in order, with no
/// gap and no duplicate. The committed history is read from the durable log after the server stops.
/// The same run across three replicas on PostgreSQL is HighAvailability/ReplicaWatchConsistencyTests.
/// </summary>
public sealed class WatchConsistencyPropertyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ResumingWatchers_SeeExactlyTheCommittedHistoryOfTheirSelector()
    {
        var run = new WatchConsistencyRun(output);
        var server = ApiServerHost.Start(settings: WatchConsistencyRun.Settings.ToDictionary());
        try
        {
            using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
            using var watchHttp = new HttpClient { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
            await run.WriteAndWatchAsync([http], [watchHttp]);
        }
        finally
        {
            await server.DisposeAsync();
        }
        run.AssertEveryWatcherSawTheCommittedHistory(CommittedLog.Read(server.DatabasePath, WatchConsistencyRun.Namespace));
    }
}
