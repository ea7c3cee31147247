using System.Text.Json.Nodes;
using static MiniApiServer.IntegrationTests.Hostile.HostileCorpus;

namespace MiniApiServer.IntegrationTests.Hostile;

/// <summary>Object metadata that validation must refuse, and bodies that disagree with the URL.</summary>
internal static class HostileMetadata
{
    private static readonly string[] BadNames =
    [
        "UPPER", "under_score", "-leading", "trailing-", "a..b", ".", "..", "with/slash", "with%percent", "white space",
        new string('a', 254), "ümlaut", "a\u0000b", "tab\tname", "a:b",
    ];

    private static readonly string[] BadLabelKeys =
    [
        "", "-a", "a-", "a b", "a/b/c", "/a", "UPPER.example.com/a", new string('k', 64), new string('p', 254) + "/a", "a/" + new string('n', 64), "ä",
    ];

    private static readonly string[] BadLabelValues = ["-a", "a-", "a b", new string('v', 64), "a/b", "ä", "a\nb"];

    public static IEnumerable<HostileCase> Cases()
    {
        for (var i = 0; i < BadNames.Length; i++)
        {
            yield return Post($"name-invalid-{i:00}", Meta(new JsonObject { ["name"] = BadNames[i] }));
        }
        yield return Post("name-missing", Meta(new JsonObject()));
        yield return Post("name-empty", Meta(new JsonObject { ["name"] = "" }));
        yield return Post("generatename-invalid", Meta(new JsonObject { ["generateName"] = "BAD_" }));
        for (var i = 0; i < BadLabelKeys.Length; i++)
        {
            yield return Post($"label-key-invalid-{i:00}", Meta(new JsonObject { ["name"] = "evil", ["labels"] = new JsonObject { [BadLabelKeys[i]] = "v" } }));
            if (BadLabelKeys[i] != BadLabelKeys[i].ToLowerInvariant())
            {
                // Annotation keys are checked lower-cased (ValidateAnnotations), so case alone is no error there.
                continue;
            }
            yield return Post($"annotation-key-invalid-{i:00}", Meta(new JsonObject { ["name"] = "evil", ["annotations"] = new JsonObject { [BadLabelKeys[i]] = "v" } }));
        }
        for (var i = 0; i < BadLabelValues.Length; i++)
        {
            yield return Post($"label-value-invalid-{i:00}", Meta(new JsonObject { ["name"] = "evil", ["labels"] = new JsonObject { ["k"] = BadLabelValues[i] } }));
        }
        var huge = new string('a', 256 * 1024 + 1);
        yield return Post("annotations-over-256KiB", Meta(new JsonObject { ["name"] = "evil", ["annotations"] = new JsonObject { ["big"] = huge } }));
        // Go's len counts bytes: 131,073 two-byte characters are over the limit though fewer characters than it.
        var wide = new string('\u00e9', 128 * 1024 + 1);
        yield return Post("annotations-over-256KiB-in-utf8-bytes", Meta(new JsonObject { ["name"] = "evil", ["annotations"] = new JsonObject { ["b"] = wide } }));
        var split = new JsonObject();
        for (var i = 0; i < 5; i++)
        {
            split[$"k{i}"] = new string('b', 60 * 1024);
        }
        yield return Post("annotations-over-256KiB-split", Meta(new JsonObject { ["name"] = "evil", ["annotations"] = split }));
        yield return new("annotations-over-256KiB-update", "PATCH", ConfigMap, "application/merge-patch+json",
            Utf8(new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["big"] = huge } } }.ToJsonString()));
        yield return new("label-invalid-update", "PATCH", ConfigMap, "application/merge-patch+json",
            Utf8("""{"metadata":{"labels":{"-bad-":"v"}}}"""));
        foreach (var c in Mismatches())
        {
            yield return c;
        }
    }

    private static IEnumerable<HostileCase> Mismatches()
    {
        yield return Post("mismatch-kind", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"evil"}}""");
        yield return Post("mismatch-kind-case", """{"apiVersion":"v1","kind":"configmap","metadata":{"name":"evil"}}""");
        yield return Post("mismatch-apiversion", """{"apiVersion":"apps/v1","kind":"ConfigMap","metadata":{"name":"evil"}}""");
        yield return Post("mismatch-apiversion-unknown", """{"apiVersion":"v2","kind":"ConfigMap","metadata":{"name":"evil"}}""");
        yield return Post("mismatch-namespace", """{"metadata":{"name":"evil","namespace":"kube-system"}}""");
        yield return new("mismatch-namespace-missing", "POST", "/api/v1/namespaces/does-not-exist/configmaps", "application/json",
            Utf8("""{"metadata":{"name":"evil"}}"""), 404);
        yield return new("mismatch-name-put", "PUT", ConfigMap, "application/json", Utf8("""{"metadata":{"name":"other"},"data":{"a":"b"}}"""));
        yield return new("mismatch-namespace-put", "PUT", ConfigMap, "application/json", Utf8("""{"metadata":{"name":"target","namespace":"kube-system"}}"""));
        yield return new("mismatch-kind-put", "PUT", ConfigMap, "application/json", Utf8("""{"kind":"Pod","metadata":{"name":"target"}}"""));
        yield return new("mismatch-apiversion-put", "PUT", DaemonSet, "application/json", Utf8("""{"apiVersion":"extensions/v1beta1","kind":"DaemonSet","metadata":{"name":"target"}}"""));
        yield return new("mismatch-stale-rv-put", "PUT", ConfigMap, "application/json", Utf8("""{"metadata":{"name":"target","resourceVersion":"1"},"data":{"a":"b"}}"""), 409);
        yield return new("mismatch-bad-rv-put", "PUT", ConfigMap, "application/json", Utf8("""{"metadata":{"name":"target","resourceVersion":"abc"},"data":{"a":"b"}}"""));
        yield return new("mismatch-missing-put", "PUT", ConfigMaps + "/missing", "application/json", Utf8("""{"metadata":{"name":"missing"}}"""), 404);
        yield return new("mismatch-kind-apply", "PATCH", ConfigMap + "?fieldManager=evil", "application/apply-patch+yaml", Utf8("apiVersion: v1\nkind: Secret\nmetadata:\n  name: target\n"));
        yield return new("mismatch-name-apply", "PATCH", ConfigMap + "?fieldManager=evil", "application/apply-patch+yaml", Utf8("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n"));
        yield return new("mismatch-namespace-apply", "PATCH", ConfigMap + "?fieldManager=evil", "application/apply-patch+yaml", Utf8("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: target\n  namespace: kube-system\n"));
        yield return new("mismatch-create-existing", "POST", ConfigMaps, "application/json", Utf8("""{"metadata":{"name":"target"}}"""), 409);
        yield return new("mismatch-cluster-scoped-namespaced-path", "POST", "/api/v1/namespaces/default/nodes", "application/json", Utf8("""{"metadata":{"name":"n"}}"""), 404);
        yield return new("mismatch-namespaced-without-namespace", "POST", "/api/v1/configmaps", "application/json", Utf8("""{"metadata":{"name":"evil"}}"""));
    }

    private static string Meta(JsonObject meta) => new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = meta }.ToJsonString();

    private static HostileCase Post(string name, string json) => new(name, "POST", ConfigMaps, "application/json", Utf8(json));
}
