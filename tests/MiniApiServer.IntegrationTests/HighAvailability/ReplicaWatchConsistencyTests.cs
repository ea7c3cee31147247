using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.IntegrationTests.Watch;
using Xunit.Abstractions;

namespace MiniApiServer.IntegrationTests.HighAvailability;

/// <summary>
/// The watch consistency property of Watch/WatchConsistencyPropertyTests across three replicas on one real
/// PostgreSQL: eight writers spread over the replicas, and every watcher resumes on a replica picked at random
/// each time, as behind a load balancer, so it mostly sees other replicas' writes, delivered by their tailers,
/// and resumes from revisions and bookmarks another replica handed it. The oracle is the database's own log.
/// </summary>
public sealed class ReplicaWatchConsistencyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ResumingWatchersOnRandomReplicas_SeeExactlyTheCommittedHistoryOfTheirSelector()
    {
        using var postgres = new PostgresServer();
        var db = postgres.NewDatabase();
        var run = new WatchConsistencyRun(output);
        using (var replicas = await ReplicaSet.StartAsync(db, 3, Timeout.InfiniteTimeSpan, WatchConsistencyRun.Settings))
        {
            await run.WriteAndWatchAsync(replicas.Http, replicas.Http);
            // Every replica read every other one's commits in order: none found a hole in the log and relisted.
            foreach (var http in replicas.Http)
            {
                Assert.Contains("\nstorage_relists_total 0", await http.GetStringAsync("/metrics"), StringComparison.Ordinal);
            }
        }
        using var connection = postgres.Connect(db);
        run.AssertEveryWatcherSawTheCommittedHistory(CommittedLog.Read(connection, WatchConsistencyRun.Namespace));
    }
}
