using System.Text;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Patching;

namespace MiniApiServer.UnitTests.Patching;

public class CreatedFieldsTests
{
    private const string Pod = """
        {"apiVersion":"v1","kind":"Pod",
         "metadata":{"name":"p","namespace":"default","uid":"u","creationTimestamp":"2025-01-02T03:04:05Z","generation":1,
                     "labels":{"app":"web"},"annotations":{},"finalizers":["example.com/keep"]},
         "spec":{"restartPolicy":"Always","securityContext":{},"nodeSelector":null,
                 "containers":[{"name":"web","image":"nginx","args":["-v"],
                                "ports":[{"containerPort":80,"protocol":"TCP"}],
                                "env":[{"name":"A","value":"1"},{"name":"B","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}],
                                "resources":{"requests":{"cpu":"100m"}}}]},
         "status":{"phase":"Pending"}}
        """;

    private static JsonNode? Fields(string json, Type type, bool resetStatus) =>
        CreatedFields.Of(Encoding.UTF8.GetBytes(json), type, resetStatus) is { } owned ? JsonNode.Parse(owned.FieldsV1.GetRawText()) : null;

    [Fact]
    public void Pod_OwnsEveryFieldItSets_ListMapsByKey_SetsByValue_WithoutStrippedMetadata()
    {
        JsonAssert.Equal("""
            {"f:metadata":{"f:annotations":{},"f:finalizers":{"v:\"example.com/keep\"":{}},"f:labels":{"f:app":{}}},
             "f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:args":{},
                 "f:env":{"k:{\"name\":\"A\"}":{".":{},"f:name":{},"f:value":{}},
                          "k:{\"name\":\"B\"}":{".":{},"f:name":{},"f:valueFrom":{"f:fieldRef":{"f:fieldPath":{}}}}},
                 "f:image":{},"f:name":{},
                 "f:ports":{"k:{\"containerPort\":80}":{".":{},"f:containerPort":{},"f:protocol":{}}},
                 "f:resources":{"f:requests":{"f:cpu":{}}}}},
               "f:restartPolicy":{},"f:securityContext":{}},
             "f:status":{"f:phase":{}}}
            """, Fields(Pod, typeof(V1Pod), resetStatus: false));
    }

    private static string WithTokenVolume(string volume, string ownMounts = "") => $$$"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},
         "spec":{"containers":[{"name":"a","image":"i","volumeMounts":[{{{ownMounts}}}{"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount","name":"{{{volume}}}","readOnly":true}]}],
                 "volumes":[{"name":"{{{volume}}}","projected":{"defaultMode":420,"sources":[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}}]}}]}}
        """;

    [Fact]
    public void GeneratedTokenVolume_IsOwnedByNoManager_AndPodsOfOneTemplateShareTheSet()
    {
        var first = CreatedFields.Of(Encoding.UTF8.GetBytes(WithTokenVolume("kube-api-access-b2c4d")), typeof(V1Pod), resetStatus: true);
        var second = CreatedFields.Of(Encoding.UTF8.GetBytes(WithTokenVolume("kube-api-access-x7z9q")), typeof(V1Pod), resetStatus: true);

        // The lists the volume and its mount alone made up are gone too: the pod as it stood before admission.
        JsonAssert.Equal("""{"f:spec":{"f:containers":{"k:{\"name\":\"a\"}":{".":{},"f:image":{},"f:name":{}}}}}""", JsonNode.Parse(first!.FieldsV1.GetRawText()));
        Assert.Same(first, second);
    }

    [Fact]
    public void AVolumeNotNamedByTheGenerator_IsOwned_AndAnOwnMountKeepsItsList()
    {
        var named = Fields(WithTokenVolume("kube-api-access-mine"), typeof(V1Pod), resetStatus: true)!;
        Assert.NotNull(named["f:spec"]!["f:volumes"]!["k:{\"name\":\"kube-api-access-mine\"}"]);

        var own = Fields(WithTokenVolume("kube-api-access-b2c4d", ownMounts: """{"mountPath":"/data","name":"d"},"""), typeof(V1Pod), resetStatus: true)!;
        JsonAssert.Equal("""{"k:{\"mountPath\":\"/data\"}":{".":{},"f:mountPath":{},"f:name":{}}}""",
            own["f:spec"]!["f:containers"]!["k:{\"name\":\"a\"}"]!["f:volumeMounts"]);
        Assert.Null(own["f:spec"]!["f:volumes"]);
    }

    [Fact]
    public void ResetStatus_LeavesStatusUnowned()
    {
        var fields = Fields(Pod, typeof(V1Pod), resetStatus: true)!.AsObject();

        Assert.False(fields.ContainsKey("f:status"));
        Assert.True(fields.ContainsKey("f:spec"));
    }

    [Fact]
    public void OnlyStrippedFields_RecordNoEntry()
    {
        Assert.Null(Fields("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n","uid":"u","labels":{"a":null}}}""",
            typeof(V1Namespace), resetStatus: true));
    }

    [Theory]
    [InlineData("""{"name":"web","image":"nginx"}""", """{"name":"sidecar","image":"nginx"}""")]
    [InlineData("""{"name":"web","image":"nginx"}""", """{"name":"web","image":"nginx","tty":true}""")]
    [InlineData("""{"name":"web","securityContext":{}}""", """{"name":"web","securityContext":{"privileged":true}}""")]
    [InlineData("""{"name":"web","env":[{"name":"A"}]}""", """{"name":"web","env":[{"name":"B"}]}""")]
    public void ObjectsThatDifferInShape_NeverShareASet(string first, string second)
    {
        // The second object is asked for after the first, whose set is then known: it must not be handed out.
        static string PodWith(string container) => $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{{{container}}}]}}""";
        var one = Fields(PodWith(first), typeof(V1Pod), resetStatus: true);
        var two = Fields(PodWith(second), typeof(V1Pod), resetStatus: true);

        Assert.False(JsonNode.DeepEquals(one, two), $"{one?.ToJsonString()} was handed to {second}");
        Assert.True(JsonNode.DeepEquals(two, Fields(PodWith(second), typeof(V1Pod), resetStatus: true)));
    }

    [Fact]
    public void ObjectsOfOneShape_ShareOneSet_WhateverTheirValues()
    {
        static string PodNamed(string name, string image) =>
            $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"{{{image}}}"}]}}""";

        var first = CreatedFields.Of(Encoding.UTF8.GetBytes(PodNamed("a", "nginx:1")), typeof(V1Pod), resetStatus: true);
        var second = CreatedFields.Of(Encoding.UTF8.GetBytes(PodNamed("b", "nginx:2")), typeof(V1Pod), resetStatus: true);

        Assert.Same(first, second);
    }

    [Fact]
    public void LargeShape_IsBuiltEachTime_NotKept()
    {
        var data = string.Join(",", Enumerable.Range(0, 2000).Select(i => $"\"key-{i}\":\"v\""));
        var json = $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big"},"data":{{{{data}}}}}""";

        var first = CreatedFields.Of(Encoding.UTF8.GetBytes(json), typeof(V1ConfigMap), resetStatus: false);
        var second = CreatedFields.Of(Encoding.UTF8.GetBytes(json), typeof(V1ConfigMap), resetStatus: false);

        Assert.NotSame(first, second);
        Assert.Equal(2000, JsonNode.Parse(second!.FieldsV1.GetRawText())!["f:data"]!.AsObject().Count);
        Assert.Equal(first!.FieldsV1.GetRawText(), second.FieldsV1.GetRawText());
    }

    /// <summary>The bytes walk and the JsonNode walk that updates and applies use must agree on every object.</summary>
    [Theory]
    [InlineData(Pod, typeof(V1Pod))]
    [InlineData("""
        {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"ds","ownerReferences":[{"apiVersion":"v1","kind":"X","name":"o","uid":"1"}]},
         "spec":{"selector":{"matchLabels":{"app":"x"}},"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1}},
                 "template":{"metadata":{"labels":{"app":"x"}},"spec":{"volumes":[{"name":"v","emptyDir":{}}],
                     "tolerations":[{"operator":"Exists"}],"containers":[{"name":"c","volumeMounts":[{"name":"v","mountPath":"/v"}]}]}}}}
        """, typeof(V1DaemonSet))]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"x":"1","y\"z":"2"},"binaryData":{}}""", typeof(V1ConfigMap))]
    public void AgreesWithTheTreeWalk(string json, Type type)
    {
        var tree = JsonNode.Parse(json)!.AsObject();
        var expected = ObjectPaths.Collect(tree, type).ToFieldsV1();

        Assert.True(JsonNode.DeepEquals(expected, Fields(json, type, resetStatus: false)),
            $"tree {expected.ToJsonString()}\nbytes {Fields(json, type, resetStatus: false)?.ToJsonString()}");
    }
}
