using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Patching;

namespace MiniApiServer.UnitTests.Patching;

public class StrategicMergePatchDirectiveTests
{
    private static JsonObject Apply<T>(string original, string patch) =>
        StrategicMergePatch.Apply(JsonAssert.Object(original), JsonAssert.Object(patch), typeof(T));

    [Fact]
    public void Apply_FinalizersPatch_UnionsPrimitiveMergeList()
    {
        var result = Apply<V1Pod>("""{"metadata":{"finalizers":["a","b"]}}""", """{"metadata":{"finalizers":["b","c"]}}""");

        JsonAssert.Equal("""{"metadata":{"finalizers":["a","b","c"]}}""", result);
    }

    [Fact]
    public void Apply_DeleteFromPrimitiveList_RemovesValues()
    {
        var result = Apply<V1Pod>(
            """{"metadata":{"finalizers":["a","b","c"]}}""",
            """{"metadata":{"$deleteFromPrimitiveList/finalizers":["b"],"$setElementOrder/finalizers":["c","a"]}}""");

        JsonAssert.Equal("""{"metadata":{"finalizers":["c","a"]}}""", result);
    }

    [Fact]
    public void Apply_SetElementOrderOnly_ReordersExistingList()
    {
        var result = Apply<V1Pod>(
            """{"spec":{"containers":[{"name":"a","image":"1"},{"name":"b","image":"2"}]}}""",
            """{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}]}}""");

        JsonAssert.Equal("""{"spec":{"containers":[{"name":"b","image":"2"},{"name":"a","image":"1"}]}}""", result);
    }

    [Fact]
    public void Apply_SetElementOrderMissingPatchItem_Throws()
    {
        var error = Assert.Throws<PatchException>(() => Apply<V1Pod>(
            """{"spec":{"containers":[{"name":"a"}]}}""",
            """{"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"name":"z"}]}}"""));

        Assert.StartsWith("invalid patch format of setElementOrder list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_NewListItemWithoutOrder_GoesBeforeServerOnlyItems()
    {
        // Upstream mergeSortedSlice places patch items not found in the live list ahead of server-only items.
        var result = Apply<V1Pod>(
            """{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}""",
            """{"spec":{"containers":[{"name":"c"}]}}""");

        JsonAssert.Equal("""{"spec":{"containers":[{"name":"c"},{"name":"a"},{"name":"b"}]}}""", result);
    }

    [Fact]
    public void Apply_ListReplaceDirective_ReplacesMergeList()
    {
        var result = Apply<V1Pod>(
            """{"spec":{"containers":[{"name":"a","image":"1"},{"name":"b"}]}}""",
            """{"spec":{"containers":[{"name":"a"},{"$patch":"replace"}]}}""");

        JsonAssert.Equal("""{"spec":{"containers":[{"name":"a"}]}}""", result);
    }

    [Fact]
    public void Apply_MapDeleteDirective_RemovesField()
    {
        var result = Apply<V1Pod>(
            """{"spec":{"securityContext":{"runAsUser":1000},"nodeName":"n"}}""",
            """{"spec":{"securityContext":{"$patch":"delete"}}}""");

        JsonAssert.Equal("""{"spec":{"nodeName":"n"}}""", result);
    }

    [Fact]
    public void Apply_MapReplaceDirectiveOnLabels_ReplacesMap()
    {
        var result = Apply<V1Pod>(
            """{"metadata":{"labels":{"a":"1","b":"2"}}}""",
            """{"metadata":{"labels":{"c":"3","$patch":"replace"}}}""");

        JsonAssert.Equal("""{"metadata":{"labels":{"c":"3"}}}""", result);
    }

    [Fact]
    public void Apply_MergeDirectiveOnMap_MergesNormally()
    {
        var result = Apply<V1Pod>(
            """{"metadata":{"labels":{"a":"1"}}}""",
            """{"metadata":{"labels":{"b":"2","$patch":"merge"}}}""");

        JsonAssert.Equal("""{"metadata":{"labels":{"a":"1","b":"2"}}}""", result);
    }

    [Fact]
    public void Apply_RetainKeys_DropsUnlistedKeys()
    {
        var result = Apply<V1Deployment>(
            """{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}}""",
            """{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}""");

        JsonAssert.Equal("""{"spec":{"strategy":{"type":"Recreate"}}}""", result);
    }

    [Fact]
    public void Apply_RetainKeysOnVolume_SwitchesVolumeSource()
    {
        var result = Apply<V1Pod>(
            """{"spec":{"volumes":[{"name":"v","emptyDir":{}},{"name":"w","hostPath":{"path":"/w"}}]}}""",
            """{"spec":{"volumes":[{"$retainKeys":["configMap","name"],"configMap":{"name":"cm"},"name":"v"}]}}""");

        JsonAssert.Equal("""{"spec":{"volumes":[{"name":"v","configMap":{"name":"cm"}},{"name":"w","hostPath":{"path":"/w"}}]}}""", result);
    }

    [Fact]
    public void Apply_RetainKeysNotCoveringPatch_Throws()
    {
        var error = Assert.Throws<PatchException>(() => Apply<V1Deployment>(
            """{"spec":{"strategy":{"type":"RollingUpdate"}}}""",
            """{"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":{"maxSurge":1}}}}"""));

        Assert.Equal("invalid patch format of retainKeys", error.Message);
    }

    [Fact]
    public void Apply_ContainerPortsAndVolumeMounts_MergeByTheirKeys()
    {
        var result = Apply<V1Pod>(
            """{"spec":{"containers":[{"name":"c","ports":[{"containerPort":80,"name":"http"}],"volumeMounts":[{"mountPath":"/a","name":"v"}]}]}}""",
            """{"spec":{"containers":[{"name":"c","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443}],"volumeMounts":[{"mountPath":"/a","readOnly":true}]}]}}""");

        JsonAssert.Equal("""
            {"spec":{"containers":[{"name":"c",
              "ports":[{"containerPort":80,"name":"http","protocol":"TCP"},{"containerPort":443}],
              "volumeMounts":[{"mountPath":"/a","name":"v","readOnly":true}]}]}}
            """, result);
    }

    [Fact]
    public void Apply_TolerationsWithoutMergeKey_ReplacesList()
    {
        var result = Apply<V1Pod>(
            """{"spec":{"tolerations":[{"key":"a","operator":"Exists"}]}}""",
            """{"spec":{"tolerations":[{"key":"b","operator":"Exists"}]}}""");

        JsonAssert.Equal("""{"spec":{"tolerations":[{"key":"b","operator":"Exists"}]}}""", result);
    }

    [Fact]
    public void Apply_UnknownField_FallsBackToMergePatch()
    {
        var result = Apply<V1Pod>(
            """{"spec":{"x-custom":{"list":[{"name":"a","v":1}],"keep":true}}}""",
            """{"spec":{"x-custom":{"list":[{"name":"a","v":2}],"new":1}}}""");

        JsonAssert.Equal("""{"spec":{"x-custom":{"list":[{"name":"a","v":2}],"keep":true,"new":1}}}""", result);
    }

    [Fact]
    public void Apply_NewFieldWithNestedDirectives_OmitsDirectivesAndNulls()
    {
        var result = Apply<V1Pod>(
            """{"spec":{}}""",
            """{"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"name":"a","env":[{"name":"X","value":null},{"$patch":"delete","name":"Y"}]}]}}""");

        JsonAssert.Equal("""{"spec":{"containers":[{"name":"a","env":[{"name":"X"}]}]}}""", result);
    }

    [Theory]
    [InlineData("""{"spec":{"containers":[{"image":"x"}]}}""", "does not contain declared merge key: name")]
    [InlineData("""{"spec":{"containers":[{"name":"a","$patch":"merge"}]}}""", "merging lists cannot yet be specified in the patch")]
    [InlineData("""{"spec":{"containers":[{"name":"a","$patch":"bogus"}]}}""", "unknown patch type: bogus")]
    [InlineData("""{"spec":{"$patch":"bogus"}}""", "unknown patch type: bogus")]
    [InlineData("""{"metadata":{"$deleteFromPrimitiveList/finalizers":"a"}}""", "invalid patch format of primitive list")]
    public void Apply_InvalidPatch_ThrowsPatchException(string patch, string message)
    {
        var error = Assert.Throws<PatchException>(() => Apply<V1Pod>("""{"metadata":{"finalizers":["a"]},"spec":{"containers":[{"name":"a"}]}}""", patch));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_AnyPatch_DoesNotMutateInputs()
    {
        var original = JsonAssert.Object("""{"spec":{"containers":[{"name":"a","env":[{"name":"X","value":"1"}]}],"tolerations":[{"key":"k"}]}}""");
        var patch = JsonAssert.Object("""{"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"name":"a","env":[{"name":"X","value":"2"}]}],"tolerations":null}}""");
        var originalJson = original.ToJsonString();
        var patchJson = patch.ToJsonString();

        var result = StrategicMergePatch.Apply(original, patch, typeof(V1Pod));
        result["spec"]!["containers"]![0]!["env"]![0]!["value"] = "3";

        Assert.Equal(originalJson, original.ToJsonString());
        Assert.Equal(patchJson, patch.ToJsonString());
    }

    [Fact]
    public void Apply_TopLevelDeleteDirective_ReturnsEmptyObject()
    {
        var result = StrategicMergePatch.Apply(JsonAssert.Object("""{"a":1}"""), JsonAssert.Object("""{"$patch":"delete"}"""), typeof(V1Pod));

        Assert.Empty(result);
    }

    [Fact]
    public void Apply_ResourceQuantityMap_MergesKeyByKey()
    {
        var result = Apply<V1Pod>(
            """{"spec":{"containers":[{"name":"a","resources":{"limits":{"cpu":"1","memory":"1Gi"}}}]}}""",
            """{"spec":{"containers":[{"name":"a","resources":{"limits":{"cpu":"2","memory":null}}}]}}""");

        JsonAssert.Equal("""{"spec":{"containers":[{"name":"a","resources":{"limits":{"cpu":"2"}}}]}}""", result);
    }
}
