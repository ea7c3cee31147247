using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using k8s.Models;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Benchmarks.Infrastructure;
using MiniApiServer.Controllers.GarbageCollection;
using MiniApiServer.Storage;

namespace MiniApiServer.Benchmarks.Micro;

/// <summary>
/// What every committed version of a pod costs its readers besides the informers: the writer's index (labels, uid,
/// selectable fields) and the garbage collector's metadata.
/// </summary>
[MemoryDiagnoser]
public class StoredObjectReadBenchmarks
{
    private readonly byte[] _stored = ModelCodec.EncodeForStore(
        ModelCodec.Decode<V1Pod>(JsonNode.Parse(PodFactory.Create("pod-1"))!.AsObject()), out _);

    private readonly ResourceIndexer _indexer = new();

    [Benchmark]
    public ObjectIndex IndexPod() => _indexer.Index("pods", _stored);

    [Benchmark]
    public V1ObjectMeta CollectorMetadata() => MetadataReader.Read(_stored);
}
