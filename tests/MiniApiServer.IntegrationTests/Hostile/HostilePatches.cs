using static MiniApiServer.IntegrationTests.Hostile.HostileCorpus;

namespace MiniApiServer.IntegrationTests.Hostile;

/// <summary>Broken patches of each type, against a ConfigMap and a DaemonSet (which has strategic list semantics).</summary>
internal static class HostilePatches
{
    // json-patch.v4 (what the apiserver applies) takes an add without a value (null), a replace of a key an object lacks,
    // a replace of the root with a scalar (a no-op), a path without its leading slash (its first segment dropped) and a
    // negative index within the list: none of those is hostile, so none is here.
    private static readonly string[] JsonPatches =
    [
        "{}", "\"op\"", "[1]", "[null]", "[{}]", """[{"op":"bogus","path":"/data"}]""", """[{"op":"add"}]""", """[{"op":"add","path":"/data/x/y"}]""",
        """[{"op":"add","path":"data","value":{}}]""", """[{"op":"remove","path":"/data/nope"}]""", """[{"op":"replace","path":"/nope/x","value":1}]""",
        """[{"op":"test","path":"/data/a","value":"not-it"}]""", """[{"op":"move","from":"/nope","path":"/data/x"}]""", """[{"op":"copy","path":"/data/x"}]""",
        """[{"op":"add","path":"/metadata/finalizers/99","value":"x"}]""", """[{"op":"add","path":"/metadata/finalizers/-3","value":"x"}]""",
        """[{"op":"add","path":"/metadata/finalizers/abc","value":"x"}]""", """[{"op":"replace","path":"","value":[]}]""", """[{"op":"replace","path":"","value":{"kind":7}}]""",
        """[{"op":"add","path":"/data","value":7}]""", """[{"op":"add","path":"/metadata","value":"x"}]""", """[{"op":"add","path":"/metadata/name","value":"renamed"}]""",
        """[{"op":"add","path":"/metadata/labels","value":{"bad key":"v"}}]""", """[{"op":"replace","path":"/kind","value":"Secret"}]""",
        """[{"op":"replace","path":"/metadata/finalizers/3","value":"x"}]""", """[{"op":"move","from":"/data","path":"/data/child"}]""", """[{"op":"remove","path":""}]""",
        """[{"op":"add","path":"/metadata/resourceVersion","value":"1"}]""", """[{"op":1,"path":"/data"}]""", """[{"op":"add","path":7,"value":1}]""",
    ];

    private static readonly string[] MergePatches =
    [
        "[]", "\"x\"", "42", "null", """{"data":"x"}""", """{"metadata":"x"}""", """{"metadata":{"name":"renamed"}}""", """{"kind":"Secret"}""",
        """{"apiVersion":"v2"}""", """{"metadata":{"labels":{"a b":"c"}}}""", """{"metadata":{"resourceVersion":"1"}}""", """{"metadata":{"resourceVersion":"x"}}""",
        """{"metadata":{"namespace":"kube-system"}}""", """{"data":{"a":7}}""", """{"binaryData":{"a":"%%%"}}""",
    ];

    private static readonly string[] StrategicPatches =
    [
        "[]", "\"x\"", """{"$patch":"bogus"}""", """{"spec":{"$patch":"explode"}}""", """{"spec":{"template":{"spec":{"containers":[{"image":"no-name"}]}}}}""",
        """{"spec":{"template":{"spec":{"containers":{"name":"x"}}}}}""", """{"spec":{"template":{"spec":{"$setElementOrder/containers":"x"}}}}""",
        """{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"missing"}],"containers":[{"name":"c","image":"j"}]}}}}""", """{"spec":{"$retainKeys":"x"}}""",
        """{"spec":{"$retainKeys":["bogus"]}}""", """{"spec":{"template":{"spec":{"$deleteFromPrimitiveList/containers":"x"}}}}""",
        """{"spec":{"template":{"spec":{"containers":[{"name":"c","$patch":"bogus"}]}}}}""", """{"spec":{"selector":{"matchLabels":{"changed":"yes"}}}}""",
        """{"spec":{"template":{"spec":{"containers":[{"name":"c","image":""}]}}}}""", """{"spec":{"updateStrategy":{"type":"Bogus"}}}""",
        """{"metadata":{"name":"renamed"}}""", """{"spec":"x"}""", """{"spec":{"template":{"spec":{"containers":[{"name":"c","ports":[{"containerPort":"x"}]}]}}}}""",
    ];

    private static readonly string[] ApplyPatches =
    [
        "[]", "x", "42", "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: target}\nspec: x\n",
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: target}\nspec: {selector: {matchLabels: {other: x}}}\n",
        "kind: DaemonSet\nmetadata: {name: target}\n", "apiVersion: apps/v1\nmetadata: {name: target}\n",
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: target, labels: {\"-x\": y}}\n",
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: target}\nspec: {template: {spec: {containers: [{image: x}]}}}\n",
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: target}\nspec: {minReadySeconds: abc}\n",
    ];

    public static IEnumerable<HostileCase> Cases()
    {
        for (var i = 0; i < JsonPatches.Length; i++)
        {
            yield return new($"patch-json-{i:00}", "PATCH", ConfigMap, "application/json-patch+json", Utf8(JsonPatches[i]));
        }
        for (var i = 0; i < MergePatches.Length; i++)
        {
            yield return new($"patch-merge-{i:00}", "PATCH", ConfigMap, "application/merge-patch+json", Utf8(MergePatches[i]));
        }
        for (var i = 0; i < StrategicPatches.Length; i++)
        {
            yield return new($"patch-strategic-{i:00}", "PATCH", DaemonSet, "application/strategic-merge-patch+json", Utf8(StrategicPatches[i]));
        }
        for (var i = 0; i < ApplyPatches.Length; i++)
        {
            yield return new($"patch-apply-{i:00}", "PATCH", DaemonSet + "?fieldManager=evil", "application/apply-patch+yaml", Utf8(ApplyPatches[i]));
        }
        yield return new("patch-apply-no-field-manager", "PATCH", DaemonSet, "application/apply-patch+yaml", Utf8("apiVersion: apps/v1\nkind: DaemonSet\n"));
        yield return new("patch-missing-object", "PATCH", ConfigMaps + "/missing", "application/merge-patch+json", Utf8("""{"data":{"a":"b"}}"""), 404);
        yield return new("patch-plain-json-type", "PATCH", ConfigMap, "application/json", Utf8("""{"data":{"a":"b"}}"""), 415);
        yield return new("patch-no-content-type", "PATCH", ConfigMap, null, Utf8("""{"data":{"a":"b"}}"""), 415);
        yield return new("patch-empty-body", "PATCH", ConfigMap, "application/merge-patch+json", []);
        yield return new("patch-status-on-configmap", "PATCH", ConfigMap + "/status", "application/merge-patch+json", Utf8("{}"), 404);
        yield return new("patch-bad-dry-run", "PATCH", ConfigMap + "?dryRun=Some", "application/merge-patch+json", Utf8("{}"));
        yield return new("patch-bad-field-validation", "PATCH", ConfigMap + "?fieldValidation=Lenient", "application/merge-patch+json", Utf8("{}"));
        yield return new("patch-strict-unknown-field", "PATCH", ConfigMap + "?fieldValidation=Strict", "application/merge-patch+json", Utf8("""{"unknown":1}"""));
    }
}
