using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using k8s.Models;
using MiniApiServer.Application.Patching;

namespace MiniApiServer.Benchmarks.Micro;

[MemoryDiagnoser]
public class PatchBenchmarks
{
    private const string DaemonSet = """
    {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent","namespace":"kube-system","labels":{"app":"agent"}},
     "spec":{"selector":{"matchLabels":{"app":"agent"}},"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1}},
      "template":{"metadata":{"labels":{"app":"agent"}},"spec":{"tolerations":[{"operator":"Exists"}],
       "containers":[{"name":"agent","image":"example/agent:1.0","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],
        "resources":{"requests":{"cpu":"10m","memory":"16Mi"}}},{"name":"sidecar","image":"example/sidecar:1.0"}]}}}}
    """;

    private readonly JsonObject _original = JsonNode.Parse(DaemonSet)!.AsObject();
    private readonly JsonObject _strategic = JsonNode.Parse(
        """{"spec":{"template":{"spec":{"containers":[{"name":"agent","image":"example/agent:1.1","env":[{"name":"B","value":"3"}]}]}}}}""")!.AsObject();
    private readonly JsonArray _jsonPatch = JsonNode.Parse(
        """[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"example/agent:1.1"},{"op":"add","path":"/metadata/labels/rev","value":"2"}]""")!.AsArray();

    [Benchmark]
    public JsonObject StrategicMerge() => StrategicMergePatch.Apply(_original, _strategic, typeof(V1DaemonSet));

    [Benchmark]
    public JsonNode? JsonPatchApply() => JsonPatch.Apply(_original.DeepClone(), _jsonPatch);
}
