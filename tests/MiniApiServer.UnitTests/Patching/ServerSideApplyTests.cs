using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Patching;

namespace MiniApiServer.UnitTests.Patching;

public class ServerSideApplyTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static JsonObject DaemonSet(string image, string labels = """{"app":"x"}""") => JsonAssert.Object("""
        {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"ds","namespace":"default","labels":LABELS},
         "spec":{"selector":{"matchLabels":{"app":"x"}},
                 "template":{"metadata":{"labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"IMAGE"}]}}}}
        """.Replace("LABELS", labels, StringComparison.Ordinal).Replace("IMAGE", image, StringComparison.Ordinal));

    private static JsonObject Entry(JsonObject obj, string manager) =>
        obj["metadata"]!["managedFields"]!.AsArray().OfType<JsonObject>().Single(e => e["manager"]!.GetValue<string>() == manager);

    private static JsonObject CreatedBy(string manager, JsonObject obj)
    {
        var created = (JsonObject)obj.DeepClone();
        created["metadata"]!["managedFields"] = ServerSideApply.RecordUpdate(null, obj, null, manager, "apps/v1", Now);
        return created;
    }

    [Fact]
    public void Apply_CreateFromNothing_RecordsApplyEntryInFieldsV1()
    {
        var result = ServerSideApply.Apply(null, DaemonSet("busybox:1.36"), typeof(V1DaemonSet), "kubectl", force: false, Now);

        Assert.Empty(result.Conflicts);
        Assert.Equal("busybox:1.36", result.Object["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        JsonAssert.Equal("""
            {"manager":"kubectl","operation":"Apply","apiVersion":"apps/v1","time":"2025-01-02T03:04:05Z","fieldsType":"FieldsV1",
             "fieldsV1":{"f:metadata":{"f:labels":{"f:app":{}}},
                         "f:spec":{"f:selector":{"f:matchLabels":{"f:app":{}}},
                                   "f:template":{"f:metadata":{"f:labels":{"f:app":{}}},
                                                 "f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:image":{},"f:name":{}}}}}}}}
            """, Entry(result.Object, "kubectl"));
    }

    [Fact]
    public void Apply_ImageOwnedByClientSideApply_ReportsUpstreamConflictMessage()
    {
        var live = CreatedBy("kubectl-client-side-apply", DaemonSet("busybox:1.36"));

        var result = ServerSideApply.Apply(live, DaemonSet("busybox:1.37"), typeof(V1DaemonSet), "kubectl", force: false, Now);

        Assert.Equal([new ApplyConflict("\"kubectl-client-side-apply\" using apps/v1", ".spec.template.spec.containers[name=\"c\"].image")], result.Conflicts);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.template.spec.containers[name=\"c\"].image", result.Message);
        JsonAssert.Equal(live.ToJsonString(), result.Object);
    }

    [Fact]
    public void Apply_ConflictWithForce_TransfersOwnership()
    {
        var live = CreatedBy("kubectl-client-side-apply", DaemonSet("busybox:1.36"));

        var result = ServerSideApply.Apply(live, DaemonSet("busybox:1.37"), typeof(V1DaemonSet), "kubectl", force: true, Now);

        Assert.Empty(result.Conflicts);
        Assert.Equal("busybox:1.37", result.Object["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        var container = """k:{"name":"c"}""";
        var csaContainer = Entry(result.Object, "kubectl-client-side-apply")["fieldsV1"]!["f:spec"]!["f:template"]!["f:spec"]!["f:containers"]![container]!.AsObject();
        var ssaContainer = Entry(result.Object, "kubectl")["fieldsV1"]!["f:spec"]!["f:template"]!["f:spec"]!["f:containers"]![container]!.AsObject();
        Assert.False(csaContainer.ContainsKey("f:image"));
        Assert.True(ssaContainer.ContainsKey("f:image"));
    }

    [Fact]
    public void Apply_SameValuesAsOtherManager_SharesOwnershipWithoutConflict()
    {
        var live = CreatedBy("kubectl-create", DaemonSet("busybox:1.36"));

        var result = ServerSideApply.Apply(live, DaemonSet("busybox:1.36"), typeof(V1DaemonSet), "kubectl", force: false, Now);

        Assert.Empty(result.Conflicts);
        Assert.Equal(2, result.Object["metadata"]!["managedFields"]!.AsArray().Count);
    }

    [Fact]
    public void Apply_FieldDroppedFromConfig_IsRemovedWhenNoOneElseOwnsIt()
    {
        var first = ServerSideApply.Apply(null, DaemonSet("i", """{"app":"x","tier":"web"}"""), typeof(V1DaemonSet), "kubectl", false, Now).Object;

        var second = ServerSideApply.Apply(first, DaemonSet("i"), typeof(V1DaemonSet), "kubectl", false, Now);

        JsonAssert.Equal("""{"app":"x"}""", second.Object["metadata"]!["labels"]);
        Assert.Single(second.Object["metadata"]!["managedFields"]!.AsArray());
    }

    [Fact]
    public void Apply_FieldDroppedButOwnedByAnotherManager_IsKept()
    {
        var first = ServerSideApply.Apply(null, DaemonSet("i", """{"app":"x","tier":"web"}"""), typeof(V1DaemonSet), "kubectl", false, Now).Object;
        var shared = ServerSideApply.Apply(first, JsonAssert.Object("""{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"ds","labels":{"tier":"web"}}}"""), typeof(V1DaemonSet), "other", false, Now).Object;

        var result = ServerSideApply.Apply(shared, DaemonSet("i"), typeof(V1DaemonSet), "kubectl", false, Now);

        JsonAssert.Equal("""{"app":"x","tier":"web"}""", result.Object["metadata"]!["labels"]);
    }

    [Fact]
    public void Apply_ContainerDroppedFromConfig_RemovesListItem()
    {
        var twoContainers = DaemonSet("i");
        twoContainers["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Add(JsonNode.Parse("""{"name":"sidecar","image":"s"}"""));
        var first = ServerSideApply.Apply(null, twoContainers, typeof(V1DaemonSet), "kubectl", false, Now).Object;

        var result = ServerSideApply.Apply(first, DaemonSet("i"), typeof(V1DaemonSet), "kubectl", false, Now);

        JsonAssert.Equal("""[{"name":"c","image":"i"}]""", result.Object["spec"]!["template"]!["spec"]!["containers"]);
    }

    [Fact]
    public void Apply_ExistingObjectWithoutManagedFields_ConflictsWithBeforeFirstApply()
    {
        var node = JsonAssert.Object("""{"apiVersion":"v1","kind":"Node","metadata":{"name":"n1"},"spec":{"podCIDR":"10.0.0.0/24"}}""");
        var applied = JsonAssert.Object("""{"apiVersion":"v1","kind":"Node","metadata":{"name":"n1"},"spec":{"podCIDR":"10.9.0.0/24","unschedulable":true}}""");

        var result = ServerSideApply.Apply(node, applied, typeof(V1Node), "kubectl", force: false, Now);

        Assert.Equal("Apply failed with 1 conflict: conflict with \"before-first-apply\" using v1: .spec.podCIDR", result.Message);
    }

    [Fact]
    public void Apply_SeveralConflicts_GroupsThemByManager()
    {
        var live = CreatedBy("kubectl-client-side-apply", DaemonSet("busybox:1.36"));

        var result = ServerSideApply.Apply(live, DaemonSet("busybox:1.37", """{"app":"y"}"""), typeof(V1DaemonSet), "kubectl", force: false, Now);

        Assert.Equal(
            "Apply failed with 2 conflicts: conflicts with \"kubectl-client-side-apply\" using apps/v1:\n- .metadata.labels.app\n- .spec.template.spec.containers[name=\"c\"].image",
            result.Message);
    }

    [Fact]
    public void Apply_Finalizers_AreOwnedAsSetValues()
    {
        var applied = JsonAssert.Object("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","finalizers":["a/b"]}}""");

        var result = ServerSideApply.Apply(null, applied, typeof(V1Pod), "mgr", false, Now);

        JsonAssert.Equal("""{"f:metadata":{"f:finalizers":{"v:\"a/b\"":{}}}}""", Entry(result.Object, "mgr")["fieldsV1"]);
    }

    [Fact]
    public void RecordUpdate_CordonAfterKubeletCreate_GivesUnschedulableToUpdater()
    {
        var created = JsonAssert.Object("""{"apiVersion":"v1","kind":"Node","metadata":{"name":"n1","labels":{"k":"v"}},"spec":{"podCIDR":"10.0.0.0/24"}}""");
        var kubelet = ServerSideApply.RecordUpdate(null, created, null, "kubelet", "v1", Now);
        var cordoned = StrategicMergePatch.Apply(created, JsonAssert.Object("""{"spec":{"unschedulable":true}}"""), typeof(V1Node));

        var managed = ServerSideApply.RecordUpdate(created, cordoned, kubelet, "kubectl-cordon", "v1", Now.AddMinutes(1));

        JsonAssert.Equal("""
            [{"manager":"kubelet","operation":"Update","apiVersion":"v1","time":"2025-01-02T03:04:05Z","fieldsType":"FieldsV1",
              "fieldsV1":{"f:metadata":{"f:labels":{"f:k":{}}},"f:spec":{"f:podCIDR":{}}}},
             {"manager":"kubectl-cordon","operation":"Update","apiVersion":"v1","time":"2025-01-02T03:05:05Z","fieldsType":"FieldsV1",
              "fieldsV1":{"f:spec":{"f:unschedulable":{}}}}]
            """, managed);
    }

    [Fact]
    public void RecordUpdate_ChangedAndRemovedFields_LeaveOtherManagers()
    {
        var created = JsonAssert.Object("""{"apiVersion":"v1","kind":"Node","metadata":{"name":"n1","labels":{"a":"1","b":"2"}}}""");
        var creator = ServerSideApply.RecordUpdate(null, created, null, "creator", "v1", Now);
        var updated = JsonAssert.Object("""{"apiVersion":"v1","kind":"Node","metadata":{"name":"n1","labels":{"a":"9"}}}""");

        var managed = ServerSideApply.RecordUpdate(created, updated, creator, "editor", "v1", Now);

        Assert.Equal(["editor"], managed.Select(e => e!["manager"]!.GetValue<string>()));
        JsonAssert.Equal("""{"f:metadata":{"f:labels":{"f:a":{}}}}""", managed[0]!["fieldsV1"]);
    }

    [Fact]
    public void RecordUpdate_EntryOwningNothingTouched_IsKeptAsItWas_AndOneOwningATouchedFieldLosesIt()
    {
        var created = JsonAssert.Object("""{"apiVersion":"v1","kind":"Node","metadata":{"name":"n1","labels":{"a":"1"}},"spec":{"podCIDR":"10.0.0.0/24"}}""");
        // Written as another server might: keys in another order, a member written as null, the "." of a map.
        var managed = JsonAssert.Array("""
            [{"fieldsV1":{"f:spec":{"f:podCIDR":null}},"time":"2020-01-01T00:00:00Z","manager":"kubelet","operation":"Update","apiVersion":"v1","fieldsType":"FieldsV1"},
             {"manager":"labeller","operation":"Update","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:a":{}}}}}]
            """);
        var updated = JsonAssert.Object("""{"apiVersion":"v1","kind":"Node","metadata":{"name":"n1","labels":{"a":"2"}},"spec":{"podCIDR":"10.0.0.0/24"}}""");

        var result = ServerSideApply.RecordUpdate(created, updated, managed, "editor", "v1", Now);

        Assert.Equal(["kubelet", "labeller", "editor"], result.Select(e => e!["manager"]!.GetValue<string>()));
        Assert.True(JsonNode.DeepEquals(managed[0], result[0]), result[0]!.ToJsonString());
        // The labels map stays the labeller's; a member without children is written {}.
        JsonAssert.Equal("""{"f:metadata":{"f:labels":{}}}""", result[1]!["fieldsV1"]);
        JsonAssert.Equal("""{"f:metadata":{"f:labels":{"f:a":{}}}}""", result[2]!["fieldsV1"]);
    }

    [Fact]
    public void Apply_PodPortsAndEnv_UseMergeKeysInPaths()
    {
        var applied = JsonAssert.Object("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},
             "spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":80}],"env":[{"name":"A","value":"1"}]}]}}
            """);

        var result = ServerSideApply.Apply(null, applied, typeof(V1Pod), "mgr", false, Now);

        JsonAssert.Equal("""
            {"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:env":{"k:{\"name\":\"A\"}":{".":{},"f:name":{},"f:value":{}}},
              "f:image":{},"f:name":{},"f:ports":{"k:{\"containerPort\":80}":{".":{},"f:containerPort":{}}}}}}}
            """, Entry(result.Object, "mgr")["fieldsV1"]);
    }

    [Fact]
    public void Apply_AnyInput_DoesNotMutateLiveOrApplied()
    {
        var live = CreatedBy("kubectl-client-side-apply", DaemonSet("busybox:1.36"));
        var applied = DaemonSet("busybox:1.37");
        var liveJson = live.ToJsonString();
        var appliedJson = applied.ToJsonString();

        ServerSideApply.Apply(live, applied, typeof(V1DaemonSet), "kubectl", force: true, Now);

        Assert.Equal(liveJson, live.ToJsonString());
        Assert.Equal(appliedJson, applied.ToJsonString());
    }
}
