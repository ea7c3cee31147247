using k8s.Models;
using MiniApiServer.Application.Patching;

namespace MiniApiServer.UnitTests.Patching;

/// <summary>Patches as kubectl sends them (kubectl apply/edit/set/taint/cordon/rollout undo).</summary>
public class StrategicMergePatchKubectlTests
{
    private const string DaemonSet = """
        {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"ds","namespace":"default"},
         "spec":{"selector":{"matchLabels":{"app":"x"}},
                 "template":{"metadata":{"labels":{"app":"x"}},
                             "spec":{"containers":[{"name":"c","image":"busybox:1.36","command":["sleep","3600"]}]}}}}
        """;

    [Fact]
    public void Apply_KubectlApplyImageChange_KeepsOtherContainerFields()
    {
        var patch = JsonAssert.Object("""{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"c"}],"containers":[{"image":"busybox:1.37","name":"c"}]}}}}""");

        var result = StrategicMergePatch.Apply(JsonAssert.Object(DaemonSet), patch, typeof(V1DaemonSet));

        JsonAssert.Equal("""[{"name":"c","image":"busybox:1.37","command":["sleep","3600"]}]""", result["spec"]!["template"]!["spec"]!["containers"]);
    }

    [Fact]
    public void Apply_KubectlApplyRemovingContainerEnvAndTolerations_MergesEveryLevel()
    {
        var original = JsonAssert.Object("""
            {"spec":{"template":{"spec":{
               "containers":[{"name":"a","image":"i","env":[{"name":"X","value":"1"},{"name":"Y","value":"2"}]},{"name":"b","image":"j"}],
               "tolerations":[{"key":"k","operator":"Exists"}]}},
             "updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":0}}}}
            """);
        var patch = JsonAssert.Object("""
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"a"}],
              "containers":[{"$setElementOrder/env":[{"name":"Y"},{"name":"Z"}],"env":[{"name":"Y","value":"3"},{"name":"Z","value":"4"},{"$patch":"delete","name":"X"}],"name":"a"},{"$patch":"delete","name":"b"}],
              "tolerations":null}},
              "updateStrategy":{"rollingUpdate":null,"type":"OnDelete"}}}
            """);

        var result = StrategicMergePatch.Apply(original, patch, typeof(V1DaemonSet));

        JsonAssert.Equal("""
            {"spec":{"template":{"spec":{"containers":[{"name":"a","image":"i","env":[{"name":"Y","value":"3"},{"name":"Z","value":"4"}]}]}},
             "updateStrategy":{"type":"OnDelete"}}}
            """, result);
    }

    [Fact]
    public void Apply_CordonAndUncordon_SetsAndRemovesUnschedulable()
    {
        var node = JsonAssert.Object("""{"kind":"Node","metadata":{"name":"n1"},"spec":{"podCIDR":"10.0.0.0/24"}}""");

        var cordoned = StrategicMergePatch.Apply(node, JsonAssert.Object("""{"spec":{"unschedulable":true}}"""), typeof(V1Node));
        var uncordoned = StrategicMergePatch.Apply(cordoned, JsonAssert.Object("""{"spec":{"unschedulable":null}}"""), typeof(V1Node));

        JsonAssert.Equal("""{"podCIDR":"10.0.0.0/24","unschedulable":true}""", cordoned["spec"]);
        JsonAssert.Equal("""{"podCIDR":"10.0.0.0/24"}""", uncordoned["spec"]);
    }

    [Fact]
    public void Apply_KubectlTaint_ReplacesTaintList()
    {
        var node = JsonAssert.Object("""{"spec":{"taints":[{"effect":"NoExecute","key":"old","value":"v"},{"effect":"NoSchedule","key":"key","value":"other"}]}}""");
        var patch = JsonAssert.Object("""{"spec":{"taints":[{"effect":"NoSchedule","key":"key","value":"value"}]}}""");

        var result = StrategicMergePatch.Apply(node, patch, typeof(V1Node));

        JsonAssert.Equal("""[{"effect":"NoSchedule","key":"key","value":"value"}]""", result["spec"]!["taints"]);
    }

    [Fact]
    public void Apply_RolloutUndoReplaceDirective_ReplacesTemplateWholesale()
    {
        var original = JsonAssert.Object("""
            {"spec":{"replicas":2,"template":{"metadata":{"labels":{"app":"x","pod-template-hash":"h2"},"annotations":{"a":"b"}},
              "spec":{"containers":[{"name":"c","image":"new","env":[{"name":"E","value":"1"}]}],"nodeSelector":{"disk":"ssd"}}}}}
            """);
        var patch = JsonAssert.Object("""{"spec":{"template":{"metadata":{"labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"old"}]},"$patch":"replace"}}}""");

        var result = StrategicMergePatch.Apply(original, patch, typeof(V1Deployment));

        JsonAssert.Equal("""
            {"spec":{"replicas":2,"template":{"metadata":{"labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"old"}]}}}}
            """, result);
    }

    [Fact]
    public void Apply_DeleteOwnerReferenceByUid_RemovesOnlyThatReference()
    {
        var pod = JsonAssert.Object("""
            {"metadata":{"name":"p","uid":"POD-UID","ownerReferences":[
              {"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"U1"},
              {"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs2","uid":"U2"}]}}
            """);
        var patch = JsonAssert.Object("""{"metadata":{"ownerReferences":[{"$patch":"delete","uid":"U1"}],"uid":"POD-UID"}}""");

        var result = StrategicMergePatch.Apply(pod, patch, typeof(V1Pod));

        JsonAssert.Equal("""[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs2","uid":"U2"}]""", result["metadata"]!["ownerReferences"]);
    }

    [Fact]
    public void Apply_NodeStatusConditions_MergeByType()
    {
        var node = JsonAssert.Object("""
            {"status":{"conditions":[
              {"type":"MemoryPressure","status":"False","reason":"KubeletHasSufficientMemory"},
              {"type":"Ready","status":"False","reason":"KubeletNotReady","message":"starting"}],
              "addresses":[{"type":"InternalIP","address":"10.0.0.1"},{"type":"Hostname","address":"n1"}]}}
            """);
        var patch = JsonAssert.Object("""
            {"status":{"$setElementOrder/conditions":[{"type":"MemoryPressure"},{"type":"Ready"},{"type":"DiskPressure"}],
              "conditions":[{"type":"Ready","status":"True","reason":"KubeletReady","message":null},{"type":"DiskPressure","status":"False"}],
              "addresses":[{"type":"InternalIP","address":"10.0.0.2"}]}}
            """);

        var result = StrategicMergePatch.Apply(node, patch, typeof(V1Node));

        JsonAssert.Equal("""
            {"status":{"conditions":[
              {"type":"MemoryPressure","status":"False","reason":"KubeletHasSufficientMemory"},
              {"type":"Ready","status":"True","reason":"KubeletReady"},
              {"type":"DiskPressure","status":"False"}],
              "addresses":[{"type":"InternalIP","address":"10.0.0.2"},{"type":"Hostname","address":"n1"}]}}
            """, result);
    }

    [Fact]
    public void Apply_PodStatusConditionPatchFromKubelet_UpdatesOnlyNamedCondition()
    {
        var pod = JsonAssert.Object("""{"status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"True"},{"type":"Ready","status":"False"}]}}""");
        var patch = JsonAssert.Object("""{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}],"podIPs":[{"ip":"10.1.0.5"}]}}""");

        var result = StrategicMergePatch.Apply(pod, patch, typeof(V1Pod));

        JsonAssert.Equal("""
            {"status":{"phase":"Running","conditions":[{"type":"PodScheduled","status":"True"},{"type":"Ready","status":"True"}],"podIPs":[{"ip":"10.1.0.5"}]}}
            """, result);
    }

    [Fact]
    public void Apply_KubectlSetEnv_AddsEnvToNamedContainer()
    {
        var patch = JsonAssert.Object("""{"spec":{"template":{"spec":{"containers":[{"env":[{"name":"FOO","value":"bar"}],"name":"c"}]}}}}""");

        var result = StrategicMergePatch.Apply(JsonAssert.Object(DaemonSet), patch, typeof(V1DaemonSet));

        JsonAssert.Equal("""[{"name":"c","image":"busybox:1.36","command":["sleep","3600"],"env":[{"name":"FOO","value":"bar"}]}]""", result["spec"]!["template"]!["spec"]!["containers"]);
    }
}
