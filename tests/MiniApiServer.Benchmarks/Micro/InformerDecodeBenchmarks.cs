using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using k8s.Models;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Benchmarks.Infrastructure;

namespace MiniApiServer.Benchmarks.Micro;

/// <summary>
/// An informer's decode of a pod as the store holds it after a create: the harness's pod with the managedFields entry
/// the create records (its field set is about half the bytes). Every cached pod and every start-up pays this.
/// </summary>
[MemoryDiagnoser]
public class InformerDecodeBenchmarks
{
    // The set a create through the API records for PodFactory's pod (read from a stored pod of api-write).
    private const string CreatedFieldSet = """
        {"f:metadata":{"f:annotations":{"f:bench.miniapi.io/owner":{},"f:bench.miniapi.io/purpose":{}},"f:labels":{"f:app":{},"f:release":{},"f:team":{},"f:tier":{},"f:version":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"log-shipper\"}":{".":{},"f:args":{},"f:env":{"k:{\"name\":\"FLUSH_INTERVAL\"}":{".":{},"f:name":{},"f:value":{}},"k:{\"name\":\"SHIPPER_ID\"}":{".":{},"f:name":{},"f:value":{}}},"f:image":{},"f:imagePullPolicy":{},"f:name":{},"f:resources":{"f:limits":{"f:cpu":{},"f:memory":{}},"f:requests":{"f:cpu":{},"f:memory":{}}},"f:terminationMessagePath":{},"f:terminationMessagePolicy":{}},"k:{\"name\":\"sidecar-proxy\"}":{".":{},"f:env":{"k:{\"name\":\"CLUSTER_DOMAIN\"}":{".":{},"f:name":{},"f:value":{}},"k:{\"name\":\"CONCURRENCY\"}":{".":{},"f:name":{},"f:value":{}},"k:{\"name\":\"PROXY_MODE\"}":{".":{},"f:name":{},"f:value":{}}},"f:image":{},"f:imagePullPolicy":{},"f:name":{},"f:ports":{"k:{\"containerPort\":15000}":{".":{},"f:containerPort":{},"f:name":{},"f:protocol":{}}},"f:resources":{"f:limits":{"f:cpu":{},"f:memory":{}},"f:requests":{"f:cpu":{},"f:memory":{}}},"f:terminationMessagePath":{},"f:terminationMessagePolicy":{}},"k:{\"name\":\"web\"}":{".":{},"f:env":{"k:{\"name\":\"CACHE_TTL\"}":{".":{},"f:name":{},"f:value":{}},"k:{\"name\":\"LISTEN_ADDR\"}":{".":{},"f:name":{},"f:value":{}},"k:{\"name\":\"LOG_LEVEL\"}":{".":{},"f:name":{},"f:value":{}},"k:{\"name\":\"UPSTREAM\"}":{".":{},"f:name":{},"f:value":{}}},"f:image":{},"f:imagePullPolicy":{},"f:name":{},"f:ports":{"k:{\"containerPort\":8080}":{".":{},"f:containerPort":{},"f:name":{},"f:protocol":{}}},"f:readinessProbe":{"f:failureThreshold":{},"f:httpGet":{"f:path":{},"f:port":{},"f:scheme":{}},"f:periodSeconds":{},"f:successThreshold":{},"f:timeoutSeconds":{}},"f:resources":{"f:limits":{"f:cpu":{},"f:memory":{}},"f:requests":{"f:cpu":{},"f:memory":{}}},"f:terminationMessagePath":{},"f:terminationMessagePolicy":{}}},"f:dnsPolicy":{},"f:enableServiceLinks":{},"f:preemptionPolicy":{},"f:priority":{},"f:restartPolicy":{},"f:schedulerName":{},"f:securityContext":{},"f:serviceAccount":{},"f:serviceAccountName":{},"f:terminationGracePeriodSeconds":{},"f:tolerations":{}}}
        """;

    private readonly byte[] _stored = Stored();

    [Benchmark]
    public V1Pod DecodeStoredPod() => ModelCodec.Decode<V1Pod>(_stored);

    private static byte[] Stored()
    {
        var pod = ModelCodec.Decode<V1Pod>(JsonNode.Parse(PodFactory.Create("pod-1"))!.AsObject());
        pod.Metadata.ManagedFields =
        [
            new V1ManagedFieldsEntry
            {
                ApiVersion = "v1",
                FieldsType = "FieldsV1",
                FieldsV1 = JsonDocument.Parse(CreatedFieldSet).RootElement.Clone(),
                Manager = "wrk",
                Operation = "Update",
                Time = new DateTime(2026, 12, 6, 0, 0, 0, DateTimeKind.Utc),
            },
        ];
        return ModelCodec.EncodeForStore(pod, out _);
    }
}
