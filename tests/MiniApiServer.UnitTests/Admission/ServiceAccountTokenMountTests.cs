using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.UnitTests.Admission;

/// <summary>
/// The ServiceAccount plugin's pure changes (plugin/pkg/admission/serviceaccount/admission.go): the JSON form that HTTP
/// creates take and the model form that controllers' creates take must agree, and both with upstream's volume.
/// </summary>
public sealed class ServiceAccountTokenMountTests
{
    // mountServiceAccountToken and TokenVolumeSource, written out by hand.
    private const string Expected = """
        {"initContainers":[{"name":"i","volumeMounts":[{"name":"kube-api-access-xxxxx","readOnly":true,"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}]}],
         "containers":[
           {"name":"a","volumeMounts":[{"name":"data","mountPath":"/data"},{"name":"kube-api-access-xxxxx","readOnly":true,"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}]},
           {"name":"own","volumeMounts":[{"name":"data","mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}]}],
         "volumes":[{"name":"data","emptyDir":{}},
           {"name":"kube-api-access-xxxxx","projected":{"defaultMode":420,"sources":[
             {"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},
             {"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},
             {"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}]}}]}
        """;

    private const string Given = """
        {"initContainers":[{"name":"i"}],
         "containers":[{"name":"a","volumeMounts":[{"name":"data","mountPath":"/data"}]},{"name":"own","volumeMounts":[{"name":"data","mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}]}],
         "volumes":[{"name":"data","emptyDir":{}}]}
        """;

    private static string Name() => "kube-api-access-xxxxx";

    [Fact]
    public void JsonForm_MountsWhereNothingIsAtThePath()
    {
        var spec = JsonNode.Parse(Given)!.AsObject();
        ServiceAccountTokenMount.Mount(spec, Name);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Expected), spec), spec.ToJsonString());
    }

    [Fact]
    public void ModelForm_EncodesToTheSameJson()
    {
        var spec = ModelCodec.Decode<V1PodSpec>(JsonNode.Parse(Given)!.AsObject());
        ServiceAccountTokenMount.Mount(spec, Name);
        var encoded = JsonNode.Parse(JsonSerializer.SerializeToUtf8Bytes(spec, ModelCodec.Options))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Expected), encoded), encoded.ToJsonString());
    }

    [Fact]
    public void NoContainerNeedsIt_NoVolume_AndAnExistingTokenVolumeIsReused()
    {
        var own = JsonNode.Parse("""{"containers":[{"name":"c","volumeMounts":[{"name":"x","mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}]}]}""")!.AsObject();
        ServiceAccountTokenMount.Mount(own, Name);
        Assert.Null(own["volumes"]);

        var reused = new V1PodSpec { Containers = [new V1Container { Name = "c" }], Volumes = [new V1Volume { Name = "kube-api-access-abcde" }] };
        ServiceAccountTokenMount.Mount(reused, () => throw new InvalidOperationException("the existing volume's name is used"));
        Assert.Single(reused.Volumes);
        Assert.Equal("kube-api-access-abcde", reused.Containers[0].VolumeMounts.Single().Name);
    }

    [Fact]
    public void MalformedJson_IsLeftForTheDecodersError()
    {
        var spec = JsonNode.Parse("""{"containers":"nope","volumes":[]}""")!.AsObject();
        ServiceAccountTokenMount.Mount(spec, Name);
        Assert.Equal("""{"containers":"nope","volumes":[]}""", spec.ToJsonString());
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData(null, false, false)]
    [InlineData(true, false, true)]
    [InlineData(false, true, false)]
    public void Automount_PodThenAccountThenTrue(bool? pod, bool? account, bool expected) =>
        Assert.Equal(expected, ServiceAccountTokenMount.ShouldAutomount(pod, account));

    [Theory]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("T", true)]
    [InlineData("yes", false)]
    [InlineData("false", false)]
    public void EnforceAnnotation_ReadAsGosParseBool(string value, bool expected) =>
        Assert.Equal(expected, MountableSecrets.Enforced(new V1ServiceAccount { Metadata = new V1ObjectMeta { Annotations = new Dictionary<string, string> { ["kubernetes.io/enforce-mountable-secrets"] = value } } }));
}
