using static MiniApiServer.IntegrationTests.Hostile.HostileCorpus;

namespace MiniApiServer.IntegrationTests.Hostile;

/// <summary>Bad query parameters, content types, paths and methods.</summary>
internal static class HostileRequests
{
    private static readonly string[] ListQueries =
    [
        "labelSelector=a%20in%20(", "labelSelector=!", "labelSelector=a==b==c", "labelSelector==", "labelSelector=a=b,", "labelSelector=a%20notin",
        "labelSelector=" + new string('k', 64) + "=v", "labelSelector=a=" + new string('v', 64), "labelSelector=a=b%20c", "labelSelector=a%3E", "labelSelector=a%3Ex",
        "labelSelector=-a=b", "labelSelector=a%20in%20(b,", "labelSelector=a!!=b", "labelSelector=a%20exists",
        "fieldSelector=metadata.foo=bar", "fieldSelector=a", "fieldSelector===", "fieldSelector=metadata.name%3E1", "fieldSelector=spec.nodeName=x",
        "fieldSelector=metadata.name=a,", "fieldSelector=metadata.namespace%3D%3Ddefault,bogus",
        "resourceVersion=abc", "resourceVersion=-1", "resourceVersion=1e10", "resourceVersion=99999999999999999999", "resourceVersion=%20",
        "resourceVersionMatch=Bogus", "resourceVersion=1&resourceVersionMatch=Exact", "resourceVersionMatch=NotOlderThan",
        "continue=garbage", "continue=Zm9vYmFy", "continue=%25%25%25", "continue=e30=", "continue=eyJydiI6ImEifQ==",
        "limit=abc", "limit=1.5", "limit=1e3", "limit=0x10", "limit=%20",
        "watch=true&timeoutSeconds=abc", "watch=true&timeoutSeconds=-5", "watch=true&resourceVersion=abc", "watch=true&labelSelector=a%20in%20(",
        "watch=true&fieldSelector=bogus=1", "timeoutSeconds=abc",
        // Not here: watch=maybe or allowWatchBookmarks=sometimes, which upstream reads as true (any flag value but 0 or
        // false is; QueryFlagTests).
    ];

    public static IEnumerable<HostileCase> Cases()
    {
        for (var i = 0; i < ListQueries.Length; i++)
        {
            yield return new($"query-{i:00}", "GET", ConfigMaps + "?" + ListQueries[i]);
        }
        yield return new("query-delete-collection-bad-selector", "DELETE", ConfigMaps + "?labelSelector=a%20in%20(");
        yield return new("query-delete-bad-grace", "DELETE", ConfigMap + "?gracePeriodSeconds=soon");
        yield return new("query-delete-bad-policy", "DELETE", ConfigMap + "?propagationPolicy=Sideways");
        yield return new("query-delete-bad-dryrun", "DELETE", ConfigMap + "?dryRun=Yes");
        yield return new("query-delete-bad-body", "DELETE", ConfigMap, "application/json", Utf8("{\"gracePeriodSeconds\":\"x\"}"));
        yield return new("query-delete-bad-body-policy", "DELETE", ConfigMap, "application/json", Utf8("{\"propagationPolicy\":7}"));
        yield return new("query-delete-bad-body-json", "DELETE", ConfigMap, "application/json", Utf8("{"));
        yield return new("query-delete-stale-precondition", "DELETE", ConfigMap, "application/json", Utf8("{\"preconditions\":{\"resourceVersion\":\"1\"}}"), 409);
        yield return new("query-delete-uid-precondition", "DELETE", ConfigMap, "application/json", Utf8("{\"preconditions\":{\"uid\":\"nope\"}}"), 409);
        yield return new("query-delete-orphan-bad", "DELETE", ConfigMap, "application/json", Utf8("{\"orphanDependents\":\"yes\"}"));
        yield return new("query-create-bad-dryrun", "POST", ConfigMaps + "?dryRun=true", "application/json", Utf8("{\"metadata\":{\"name\":\"evil\"}}"));
        yield return new("query-create-bad-validation", "POST", ConfigMaps + "?fieldValidation=strict", "application/json", Utf8("{\"metadata\":{\"name\":\"evil\"}}"));
        yield return new("query-create-strict-unknown", "POST", ConfigMaps + "?fieldValidation=Strict", "application/json", Utf8("{\"metadata\":{\"name\":\"evil\"},\"bogus\":1}"));
        yield return new("query-get-missing", "GET", ConfigMaps + "/missing", ExpectedCode: 404);

        // Kestrel removed dot segments before routing, so each of these acted on the collection above the path it named
        // (the first deleted every ConfigMap through a proxy-looking path); go-restful matches the segments as sent.
        string[] dotSegments =
        [
            ConfigMap + "/proxy/%2e%2e/%2e%2e", ConfigMap + "/%2E%2E", ConfigMap + "/../..", ConfigMaps + "/%2e%2e/configmaps", "/api/v1/namespaces/default/./configmaps",
        ];
        for (var i = 0; i < dotSegments.Length; i++)
        {
            yield return new($"dot-segment-{i}-delete", "DELETE", dotSegments[i]);
            yield return new($"dot-segment-{i}-post", "POST", dotSegments[i], "application/json", Utf8("{\"metadata\":{\"name\":\"evil\"}}"));
        }

        string?[] contentTypes = ["text/plain", "application/xml", "application/vnd.kubernetes.protobuf", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "image/png", ";;;", "application/json-seq"];
        for (var i = 0; i < contentTypes.Length; i++)
        {
            // Protobuf is a served body type (kubectl's typed clients send it), so JSON bytes under its name are a 400.
            var objectCode = contentTypes[i] == "application/vnd.kubernetes.protobuf" ? 400 : 415;
            yield return new($"content-type-{i}-post", "POST", ConfigMaps, contentTypes[i], Utf8("{\"metadata\":{\"name\":\"evil\"}}"), objectCode);
            yield return new($"content-type-{i}-put", "PUT", ConfigMap, contentTypes[i], Utf8("{\"metadata\":{\"name\":\"target\"}}"), objectCode);
            yield return new($"content-type-{i}-patch", "PATCH", ConfigMap, contentTypes[i], Utf8("{}"), 415);
        }

        string[] paths =
        [
            "/api/v2/namespaces/default/configmaps", "/api/v1/namespaces/default/unicorns", "/apis/foo.example.com/v1/bars", "/apis/apps/v9/daemonsets",
            "/apis/apps/v1/configmaps", "/api/v1/namespaces/default/configmaps/target/data", "/api/v1/namespaces/default/configmaps/target/status",
            "/api/v1/namespaces/default/configmaps/a/b/c/d", "/api/v1/namespaces/default/configmaps/target%2Fx", "/api/v1/nodes/n/status/extra",
            "/api/v1/namespaces", "/nope", "/api/v1/namespaces/default/configmaps/target/status/x", "/apis", "/api/v1/namespaces/default/daemonsets",
        ];
        for (var i = 0; i < paths.Length; i++)
        {
            // Some of these are valid for GET (/apis, /api/v1/namespaces); POST with a body that cannot be right is 4xx on all.
            yield return new($"path-{i:00}-get", "GET", paths[i] + (paths[i].EndsWith("namespaces", StringComparison.Ordinal) || paths[i] == "/apis" ? "/missing-ns" : ""), ExpectedCode: 404);
            yield return new($"path-{i:00}-post", "POST", paths[i], "application/json", Utf8("{"));
        }

        (string Method, string Path)[] methods =
        [
            ("POST", ConfigMap), ("PUT", ConfigMaps), ("PATCH", ConfigMaps), ("DELETE", "/api/v1/namespaces/default/pods/p/status"),
            ("DELETE", "/api/v1/namespaces/default/pods/p/binding"), ("PUT", "/api/v1/namespaces/default/pods/p/binding"), ("GET", "/api/v1/namespaces/default/pods/p/binding"),
            ("HEAD", ConfigMaps), ("HEAD", ConfigMap), ("OPTIONS", ConfigMaps), ("OPTIONS", ConfigMap), ("TRACE", ConfigMap),
            ("PROPFIND", ConfigMap), ("POST", "/api/v1/configmaps"), ("PUT", "/api/v1/configmaps"), ("POST", "/version"), ("DELETE", "/healthz"),
            ("POST", DaemonSet + "/status"),
        ];
        for (var i = 0; i < methods.Length; i++)
        {
            var (method, path) = methods[i];
            var body = method is "POST" or "PUT" or "PATCH" ? Utf8("{}") : null;
            yield return new($"method-{i:00}-{method.ToLowerInvariant()}", method, path, body is null ? null : "application/merge-patch+json", body);
        }
    }
}
