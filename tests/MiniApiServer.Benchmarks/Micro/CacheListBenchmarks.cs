using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Selectors;
using MiniApiServer.Benchmarks.Infrastructure;
using MiniApiServer.Storage;

namespace MiniApiServer.Benchmarks.Micro;

[MemoryDiagnoser]
public class CacheListBenchmarks
{
    private ObjectStore _store = null!;
    private LabelSelector _selector = null!;

    [GlobalSetup]
    public void Setup()
    {
        _store = new ObjectStore(new NullBackend(), new ResourceIndexer(), new StorageOptions(), TimeProvider.System);
        var writes = Enumerable.Range(0, 10_000).Select(i =>
            _store.WriteAsync(new WriteCommand(WriteKind.Create, "pods", "bench", $"pod-{i:D6}",
                JsonNode.Parse(PodFactory.Create($"pod-{i:D6}", i))!.AsObject())));
        Task.WhenAll(writes).GetAwaiter().GetResult();
        _selector = LabelSelector.Parse($"{PodFactory.SelectedLabel}=one-percent");
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark]
    public int List10k() => _store.Cache.List("pods", "bench").Items.Count;

    [Benchmark]
    public int List10kSelector1Pct() => _store.Cache.List("pods", "bench", o => _selector.Matches(o.Index.Labels)).Items.Count;
}
