using System.Text.Json.Nodes;
using MiniApiServer.Benchmarks;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Benchmarks;

/// <summary>The failover scenario once, on a real PostgreSQL: the harness kills the leader and times what follows.</summary>
public sealed class FailoverBenchmarkSmokeTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Failover_OneRound_TimesTheTakeoverTheReconcileAndTheRunningPod()
    {
        var result = await ScenarioRunner.RunAsync("failover", BenchOptions.Of(("pg", $"postgresql://postgres@127.0.0.1:{postgres.Port}/postgres"), ("rounds", 1), ("replicas", 2)));

        var json = JsonNode.Parse(result.ToJson())!.AsObject();
        Assert.True(json["ok"]!.GetValue<bool>(), $"{json["failure"]}\n{string.Join('\n', result.Summary)}");
        var m = json["metrics"]!;
        var lease = m["leaseTakeoverSeconds"]![0]!.GetValue<double>();
        var reconcile = m["firstReconcileSeconds"]![0]!.GetValue<double>();
        var running = m["podRunningSeconds"]![0]!.GetValue<double>();
        // A 15 s lease renewed every 2 s cannot be free sooner than 13 s after its holder dies; the test's own 20 s bound
        // plus the 2 s retry is the latest a healthy replica takes it.
        Assert.InRange(lease, 13, 22);
        Assert.True(reconcile >= lease - 2, $"the new node's pod came {reconcile} s after the kill, before any replica could lead ({lease} s)");
        Assert.True(running >= reconcile, $"Running at {running} s, before the pod existed at {reconcile} s");
    }
}
