using System.Text.Json.Nodes;
using MiniApiServer.Benchmarks;
using MiniApiServer.Benchmarks.Infrastructure;

namespace MiniApiServer.IntegrationTests.Benchmarks;

/// <summary>Every benchmark scenario once, at a tiny size: the harness works and its numbers are sane.</summary>
public sealed class BenchmarkSmokeTests
{
    [Fact]
    public async Task ApiWrite()
    {
        // etcd's check perf always runs 60 s, so the smoke run leaves it out; wrk runs when it is installed.
        var m = await RunAsync("api-write", ("clients", 2), ("duration", 1), ("etcd-load", "none"));
        Assert.True(m["creates"]!.GetValue<int>() > 0);
        Assert.Equal(0, m["failures"]!.GetValue<int>());
        Assert.True(m["rawRowsPerSecond"]!.GetValue<double>() > 0);
        Assert.True(m["ratioApiToRaw"]!.GetValue<double>() > 0);
        Assert.True(m["raw1RowsPerSecond"]!.GetValue<double>() > 0);
        if (Executables.Find("wrk") is not null)
        {
            Assert.True(m["wrk"]!["createsPerSecond"]!.GetValue<double>() > 0);
            Assert.Equal(0, m["wrk"]!["non2xx"]!.GetValue<long>());
        }
    }

    [Fact]
    public void WrkReportParses()
    {
        const string output = """
            Running 10s test @ http://127.0.0.1:5000
              2 threads and 64 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency    65.50ms   20.12ms   1.20s    75.00%
                Req/Sec   500.00    100.00     1.00k    70.00%
              Latency Distribution
                 50%  612.00us
                 75%   70.00ms
                 90%   80.00ms
                 99%    1.50s
              10000 requests in 10.00s, 25.00MB read
              Non-2xx or 3xx responses: 5
            Requests/sec:   1000.00
            Transfer/sec:      2.50MB
            """;
        var run = WrkRun.Parse(output);
        Assert.Equal(10000, run.Requests);
        Assert.Equal(5, run.Non2xx);
        Assert.Equal(0.612, run.P50Ms, 6);
        Assert.Equal(1500, run.P99Ms, 6);
        Assert.Equal(1200, run.MaxMs, 6);
        Assert.Equal(999.5, run.OkPerSecond, 6);
    }

    [Fact]
    public async Task WatchFanout()
    {
        var m = await RunAsync("watch-fanout", ("watchers", 5), ("rate", 50), ("duration", 1));
        Assert.Equal(50, m["written"]!.GetValue<int>());
        Assert.Equal(5, m["watchersComplete"]!.GetValue<int>());
        Assert.Equal(0, m["eventsLost"]!.GetValue<int>());
        Assert.Equal(0, m["duplicates"]!.GetValue<int>());
        Assert.Equal(250, m["deliveryLatency"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task List()
    {
        var m = await RunAsync("list", ("pods", 100), ("requests", 3));
        Assert.Equal(100, m["json"]!["items"]!.GetValue<int>());
        Assert.Equal(100, m["table"]!["items"]!.GetValue<int>());
        Assert.Equal(1, m["selector1pct"]!["items"]!.GetValue<int>());
    }

    [Fact]
    public async Task Restart()
    {
        var m = await RunAsync("restart", ("nodes", 0), ("pods", 10), ("restarts", 1));
        Assert.Equal(10, m["podsAfterRestart"]!.GetValue<int>());
        Assert.True(m["medianReadySeconds"]!.GetValue<double>() > 0);
    }

    [Fact]
    public async Task Rollout()
    {
        var m = await RunAsync("rollout", ("nodes", 3), ("timeout", 20));
        Assert.True(m["nodesReadySeconds"]!.GetValue<double>() > 0);
        Assert.True(m["daemonSetReadySeconds"]!.GetValue<double>() > 0);
    }

    [Fact]
    public async Task Deployment()
    {
        var m = await RunAsync("deployment", ("nodes", 3), ("replicas", 6), ("timeout", 30));
        Assert.True(m["deploymentAvailableSeconds"]!.GetValue<double>() > 0);
        Assert.True(m["deploymentCpuSeconds"]!.GetValue<double>() > 0);
    }

    [Fact]
    public async Task Steady()
    {
        var m = await RunAsync("steady", ("nodes", 3), ("duration", 2), ("timeout", 20));
        Assert.True(m["podGet"]!["count"]!.GetValue<int>() > 0);
        Assert.True(m["rssMb"]!.GetValue<double>() > 0);
    }

    private static async Task<JsonObject> RunAsync(string scenario, params (string, object)[] options)
    {
        var result = await ScenarioRunner.RunAsync(scenario, BenchOptions.Of(options));
        // The same JSON line the console prints must parse and carry the verdict.
        var json = JsonNode.Parse(result.ToJson())!.AsObject();
        Assert.True(json["ok"]!.GetValue<bool>(), $"{scenario}: {json["failure"]}\n{string.Join('\n', result.Summary)}");
        Assert.Equal(scenario, json["scenario"]!.GetValue<string>());
        return json["metrics"]!.AsObject();
    }
}
