using System.Text.Json.Nodes;
using MiniApiServer.Benchmarks;

namespace MiniApiServer.IntegrationTests.Benchmarks;

/// <summary>Every benchmark scenario once, at a tiny size: the harness works and its numbers are sane.</summary>
public sealed class BenchmarkSmokeTests
{
    [Fact]
    public async Task ApiWrite()
    {
        var m = await RunAsync("api-write", ("clients", 2), ("duration", 1));
        Assert.True(m["creates"]!.GetValue<int>() > 0);
        Assert.Equal(0, m["failures"]!.GetValue<int>());
        Assert.True(m["rawRowsPerSecond"]!.GetValue<double>() > 0);
        Assert.True(m["ratioApiToRaw"]!.GetValue<double>() > 0);
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
