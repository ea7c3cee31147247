using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using k8s.Models;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Benchmarks.Infrastructure;

namespace MiniApiServer.Benchmarks.Micro;

/// <summary>The JSON steps of one api-write pod create, each alone and in sequence, with bytes allocated per step.</summary>
[MemoryDiagnoser]
public class CreatePathBenchmarks
{
    private readonly byte[] _body = PodFactory.Create("pod-1");
    private readonly V1Pod _pod = ModelCodec.Decode<V1Pod>(JsonNode.Parse(PodFactory.Create("pod-1"))!.AsObject());

    [Benchmark]
    public JsonNode? ParseBody() => RequestBody.Parse(_body, yaml: false);

    [Benchmark]
    public List<string> UnknownFields() => ModelCodec.UnknownFields(RequestBody.Parse(_body, yaml: false), typeof(V1Pod));

    [Benchmark]
    public V1Pod Decode() => ModelCodec.Decode<V1Pod>(RequestBody.Parse(_body, yaml: false)!.AsObject());

    /// <summary>The create path as it runs for an ordinary body: the shape check and the decode, from the bytes.</summary>
    [Benchmark]
    public object? TryDecodeBody() => ModelCodec.TryDecodeBody(_body, typeof(V1Pod));

    [Benchmark]
    public byte[] EncodeForStore() => ModelCodec.EncodeForStore(_pod, out _);

    [Benchmark]
    public byte[] ParseCheckDecodeEncode()
    {
        var node = RequestBody.Parse(_body, yaml: false)!.AsObject();
        ModelCodec.UnknownFields(node, typeof(V1Pod));
        return ModelCodec.EncodeForStore(ModelCodec.Decode<V1Pod>(node), out _);
    }
}
