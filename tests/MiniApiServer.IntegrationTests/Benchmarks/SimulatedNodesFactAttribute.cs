namespace MiniApiServer.IntegrationTests.Benchmarks;

/// <summary>
/// Runs only where the server simulates nodes for --nodes (the KWOK-style kubelet lands on another branch).
/// Once it is there, the test runs and fails loudly if nodes never become Ready. MINIAPI_BENCH_NODES=1 forces it.
/// </summary>
public sealed class SimulatedNodesFactAttribute : FactAttribute
{
    private static readonly string[] SimulatorNames = ["Kubelet", "NodeSimulat", "SimulatedNode", "FakeNode", "HollowNode", "Kwok"];

    public SimulatedNodesFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("MINIAPI_BENCH_NODES") != "1" && !HasNodeSimulator())
        {
            Skip = "no simulated-node implementation in MiniApiServer yet; set MINIAPI_BENCH_NODES=1 to run anyway";
        }
    }

    private static bool HasNodeSimulator()
    {
        var dir = AppContext.BaseDirectory;
        return Directory.GetFiles(dir, "MiniApiServer*.dll")
            .Where(f => !Path.GetFileName(f).Contains("Tests", StringComparison.Ordinal) && !Path.GetFileName(f).Contains("Benchmarks", StringComparison.Ordinal))
            .SelectMany(f => System.Reflection.Assembly.LoadFrom(f).GetTypes())
            .Any(t => SimulatorNames.Any(n => t.Name.Contains(n, StringComparison.OrdinalIgnoreCase)));
    }
}
