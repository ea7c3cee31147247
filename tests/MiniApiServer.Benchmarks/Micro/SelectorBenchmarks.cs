using BenchmarkDotNet.Attributes;
using MiniApiServer.Application.Selectors;

namespace MiniApiServer.Benchmarks.Micro;

[MemoryDiagnoser]
public class SelectorBenchmarks
{
    private readonly Dictionary<string, string> _labels = new()
    {
        ["app"] = "bench-web", ["tier"] = "frontend", ["release"] = "stable", ["team"] = "perf", ["version"] = "v1.4.2",
    };

    private readonly LabelSelector _selector = LabelSelector.Parse("app=bench-web,tier in (frontend,backend),!legacy,release!=canary");

    [Benchmark]
    public LabelSelector Parse() => LabelSelector.Parse("app=bench-web,tier in (frontend,backend),!legacy,release!=canary");

    [Benchmark]
    public bool Match() => _selector.Matches(_labels);
}
