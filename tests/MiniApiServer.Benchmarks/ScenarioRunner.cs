using MiniApiServer.Benchmarks.Scenarios;

namespace MiniApiServer.Benchmarks;

/// <summary>Entry point for both the console program and the in-process CI smoke tests.</summary>
public static class ScenarioRunner
{
    public static Task<ScenarioResult> RunAsync(string scenario, BenchOptions options) => scenario switch
    {
        "api-write" => ApiWriteScenario.RunAsync(options),
        "watch-fanout" => WatchFanoutScenario.RunAsync(options),
        "list" => ListScenario.RunAsync(options),
        "rollout" => RolloutScenario.RunAsync(options),
        "deployment" => DeploymentScenario.RunAsync(options),
        "steady" => SteadyScenario.RunAsync(options),
        "restart" => RestartScenario.RunAsync(options),
        "store-write" => StoreWriteScenario.RunAsync(options),
        "compaction" => CompactionScenario.RunAsync(options),
        "failover" => FailoverScenario.RunAsync(options),
        "replica-write" => ReplicaWriteScenario.RunAsync(options),
        _ => throw new ArgumentException($"unknown scenario '{scenario}'"),
    };
}
