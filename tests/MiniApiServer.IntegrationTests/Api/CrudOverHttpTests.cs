using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Api;

public sealed class CrudOverHttpTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    internal static StringContent Json(string json, string type = "application/json") => new(json, Encoding.UTF8, type);

    internal const string DaemonSet = """
        {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"monitoring-daemon","labels":{"app":"nginx"}},
         "spec":{"selector":{"matchLabels":{"app":"monitoring-agent"}},
          "template":{"metadata":{"labels":{"app":"monitoring-agent"}},"spec":{"containers":[{"name":"monitoring-agent","image":"monitoring-agent"}]}}}}
        """;

    [Fact]
    public async Task CreateDaemonSet_Valid_Returns201WithSystemFieldsAndDefaults()
    {
        var resp = await Server.Http.PostAsync("/apis/apps/v1/namespaces/default/daemonsets", Json(DaemonSet));
        Assert.Equal(HttpStatusCode.Created, resp.StatusCode);
        var ds = JsonNode.Parse(await resp.Content.ReadAsStringAsync())!;
        Assert.False(string.IsNullOrEmpty(ds["metadata"]!["uid"]!.GetValue<string>()));
        Assert.True(long.Parse(ds["metadata"]!["resourceVersion"]!.GetValue<string>()) > 0);
        Assert.NotNull(ds["metadata"]!["creationTimestamp"]);
        Assert.Equal(1, ds["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal("RollingUpdate", ds["spec"]!["updateStrategy"]!["type"]!.GetValue<string>());
        Assert.Equal(1, ds["spec"]!["updateStrategy"]!["rollingUpdate"]!["maxUnavailable"]!.GetValue<int>());
        Assert.Equal(0, ds["spec"]!["updateStrategy"]!["rollingUpdate"]!["maxSurge"]!.GetValue<int>());
        Assert.Equal(10, ds["spec"]!["revisionHistoryLimit"]!.GetValue<int>());
        Assert.Equal("default-scheduler", ds["spec"]!["template"]!["spec"]!["schedulerName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_Duplicate_Returns409AlreadyExistsStatus()
    {
        await Server.Http.PostAsync("/apis/apps/v1/namespaces/default/daemonsets", Json(DaemonSet));
        var resp = await Server.Http.PostAsync("/apis/apps/v1/namespaces/default/daemonsets", Json(DaemonSet));
        Assert.Equal(HttpStatusCode.Conflict, resp.StatusCode);
        var status = JsonNode.Parse(await resp.Content.ReadAsStringAsync())!;
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal("AlreadyExists", status["reason"]!.GetValue<string>());
        Assert.Equal("daemonsets.apps \"monitoring-daemon\" already exists", status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_StaleResourceVersion_Returns409Conflict()
    {
        // A ConfigMap has no controller writing to it, so the only writer is this test.
        var created = JsonNode.Parse(await (await Server.Http.PostAsync("/api/v1/namespaces/default/configmaps",
            Json("""{"metadata":{"name":"cas"},"data":{"v":"0"}}"""))).Content.ReadAsStringAsync())!;
        var url = "/api/v1/namespaces/default/configmaps/cas";
        var first = created.DeepClone();
        first["data"]!["v"] = "1";
        var ok = await Server.Http.PutAsync(url, Json(first.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var stale = created.DeepClone();
        stale["data"]!["v"] = "2";
        var conflict = await Server.Http.PutAsync(url, Json(stale.ToJsonString()));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var status = JsonNode.Parse(await conflict.Content.ReadAsStringAsync())!;
        Assert.Equal("Conflict", status["reason"]!.GetValue<string>());
        Assert.Equal("1", JsonNode.Parse(await Server.Http.GetStringAsync(url))!["data"]!["v"]!.GetValue<string>());
    }

    /// <summary>GET, change, PUT, retrying on 409: the DaemonSet controller writes status concurrently.</summary>
    private async Task<JsonNode> UpdateWithRetry(string url, Action<JsonNode> change)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = JsonNode.Parse(await Server.Http.GetStringAsync(url))!;
            change(current);
            var resp = await Server.Http.PutAsync(url, Json(current.ToJsonString()));
            if (resp.StatusCode == HttpStatusCode.OK)
            {
                return JsonNode.Parse(await resp.Content.ReadAsStringAsync())!;
            }
            Assert.True(resp.StatusCode == HttpStatusCode.Conflict && attempt < 10, $"unexpected {resp.StatusCode}");
        }
    }

    [Fact]
    public async Task Put_SpecChange_BumpsGenerationButLabelChangeDoesNot()
    {
        var url = "/apis/apps/v1/namespaces/default/daemonsets/monitoring-daemon";
        await Server.Http.PostAsync("/apis/apps/v1/namespaces/default/daemonsets", Json(DaemonSet));
        var ds = await UpdateWithRetry(url, d => d["metadata"]!["labels"]!["x"] = "y");
        Assert.Equal(1, ds["metadata"]!["generation"]!.GetValue<long>());
        ds = await UpdateWithRetry(url, d => d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "agent:v2");
        Assert.Equal(2, ds["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal("2", ds["metadata"]!["annotations"]!["deprecated.daemonset.template.generation"]!.GetValue<string>());
    }

    /// <summary>
    /// daemonset/strategy.go compares templates with apiequality.Semantic.DeepEqual: a container's <c>resources: {}</c>
    /// (a struct value in Go) and empty template annotations are what their absence is, so no rollout starts. A
    /// PodDisruptionBudget's generation follows the same rule.
    /// </summary>
    [Fact]
    public async Task Put_OfASemanticallyEqualTemplate_BumpsNoGeneration()
    {
        var url = "/apis/apps/v1/namespaces/default/daemonsets/monitoring-daemon";
        await Server.Http.PostAsync("/apis/apps/v1/namespaces/default/daemonsets", Json(DaemonSet));
        var ds = await UpdateWithRetry(url, d =>
        {
            d["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"] = new JsonObject();
            d["spec"]!["template"]!["metadata"]!["annotations"] = new JsonObject();
        });
        Assert.Equal(1, ds["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal("1", ds["metadata"]!["annotations"]!["deprecated.daemonset.template.generation"]!.GetValue<string>());

        var pdbUrl = "/apis/policy/v1/namespaces/default/poddisruptionbudgets/budget";
        await Server.Http.CreateAsync("/apis/policy/v1/namespaces/default/poddisruptionbudgets",
            """{"metadata":{"name":"budget"},"spec":{"minAvailable":1,"selector":{"matchLabels":{"app":"x"}}}}""");
        var pdb = await UpdateWithRetry(pdbUrl, p => p["spec"]!["selector"]!["matchExpressions"] = new JsonArray());
        Assert.Equal(1, pdb["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task List_WithLabelSelectors_FiltersAndReturnsResourceVersion()
    {
        foreach (var (name, tier) in new[] { ("a", "web"), ("b", "db"), ("c", "web") })
        {
            var cm = $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","labels":{"tier":"{{{tier}}}"}},"data":{"k":"v"}}""";
            Assert.Equal(HttpStatusCode.Created, (await Server.Http.PostAsync("/api/v1/namespaces/default/configmaps", Json(cm))).StatusCode);
        }
        async Task<string[]> Names(string selector)
        {
            var list = JsonNode.Parse(await Server.Http.GetStringAsync($"/api/v1/namespaces/default/configmaps?labelSelector={Uri.EscapeDataString(selector)}"))!;
            Assert.NotNull(list["metadata"]!["resourceVersion"]);
            return list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ToArray();
        }
        Assert.Equal(["a", "c"], await Names("tier=web"));
        Assert.Equal(["a", "c"], await Names("tier==web"));
        // kube-root-ca.crt has no tier label, which != and notin match, as upstream's selectors do.
        Assert.Equal(["b", "kube-root-ca.crt"], await Names("tier!=web"));
        Assert.Equal(["a", "b", "c"], await Names("tier in (web,db)"));
        Assert.Equal(["b", "kube-root-ca.crt"], await Names("tier notin (web)"));
        Assert.Equal(["a", "b", "c"], await Names("tier"));
        Assert.Equal(["kube-root-ca.crt"], await Names("!tier"));
    }

    [Fact]
    public async Task List_WithLimit_PagesWithContinue()
    {
        for (var i = 0; i < 5; i++)
        {
            await Server.Http.PostAsync("/api/v1/namespaces/default/configmaps", Json($$$"""{"metadata":{"name":"cm-{{{i}}}"}}"""));
        }
        var names = new List<string>();
        string? cont = null;
        var pages = 0;
        do
        {
            var url = "/api/v1/namespaces/default/configmaps?limit=2" + (cont is null ? "" : "&continue=" + Uri.EscapeDataString(cont));
            var page = JsonNode.Parse(await Server.Http.GetStringAsync(url))!;
            names.AddRange(page["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
            cont = page["metadata"]!["continue"]?.GetValue<string>();
            pages++;
        }
        while (cont is not null);
        Assert.Equal(3, pages);
        Assert.Equal(["cm-0", "cm-1", "cm-2", "cm-3", "cm-4", "kube-root-ca.crt"], names);
    }

    [Fact]
    public async Task MergePatch_AddsLabel_AndDeleteRemovesObject()
    {
        await Server.Http.PostAsync("/apis/apps/v1/namespaces/default/daemonsets", Json(DaemonSet));
        var url = "/apis/apps/v1/namespaces/default/daemonsets/monitoring-daemon";
        var patched = await Server.Http.PatchAsync(url, Json("""{"metadata":{"labels":{"team":"obs"}}}""", "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("obs", JsonNode.Parse(await patched.Content.ReadAsStringAsync())!["metadata"]!["labels"]!["team"]!.GetValue<string>());
        var deleted = await Server.Http.DeleteAsync(url);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var missing = await Server.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("daemonsets.apps \"monitoring-daemon\" not found", JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_InvalidDaemonSet_Returns422WithFieldCauses()
    {
        var bad = """{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"bad"},"spec":{"selector":{"matchLabels":{"app":"x"}},"template":{"metadata":{"labels":{"app":"y"}},"spec":{"containers":[{"name":"c"}]}}}}""";
        var resp = await Server.Http.PostAsync("/apis/apps/v1/namespaces/default/daemonsets", Json(bad));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, resp.StatusCode);
        var status = JsonNode.Parse(await resp.Content.ReadAsStringAsync())!;
        Assert.Equal("Invalid", status["reason"]!.GetValue<string>());
        var fields = status["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()).ToList();
        Assert.Contains("spec.template.metadata.labels", fields);
        Assert.Contains("spec.template.spec.containers[0].image", fields);
    }

    [Fact]
    public async Task Create_YamlBody_IsAccepted()
    {
        var yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  enabled: \"true\"\n";
        var resp = await Server.Http.PostAsync("/api/v1/namespaces/default/configmaps", Json(yaml, "application/yaml"));
        Assert.Equal(HttpStatusCode.Created, resp.StatusCode);
    }

    [Fact]
    public async Task Create_InMissingNamespace_Returns404()
    {
        var resp = await Server.Http.PostAsync("/api/v1/namespaces/nope/configmaps", Json("""{"metadata":{"name":"x"}}"""));
        Assert.Equal(HttpStatusCode.NotFound, resp.StatusCode);
        Assert.Equal("namespaces \"nope\" not found", (await resp.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_DryRun_DoesNotPersist()
    {
        var resp = await Server.Http.PostAsync("/apis/apps/v1/namespaces/default/daemonsets?dryRun=All", Json(DaemonSet));
        Assert.Equal(HttpStatusCode.Created, resp.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Http.GetAsync("/apis/apps/v1/namespaces/default/daemonsets/monitoring-daemon")).StatusCode);
    }

    [Fact]
    public async Task Create_UnknownField_WarnsByDefaultAndFailsWhenStrict()
    {
        var body = """{"metadata":{"name":"w"},"data":{"a":"b"},"bogus":1}""";
        var warn = await Server.Http.PostAsync("/api/v1/namespaces/default/configmaps", Json(body));
        Assert.Equal(HttpStatusCode.Created, warn.StatusCode);
        Assert.Contains(warn.Headers.GetValues("Warning"), w => w.Contains("unknown field \\\"bogus\\\"", StringComparison.Ordinal));
        var strict = await Server.Http.PostAsync("/api/v1/namespaces/default/configmaps?fieldValidation=Strict", Json(body.Replace("\"w\"", "\"s\"", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.BadRequest, strict.StatusCode);
    }

    [Fact]
    public async Task AWriteThatFails_StillCarriesTheWarningsItGathered()
    {
        // kube-apiserver's warning recorder writes each warning as a header when it is added, so a 422 keeps the decoder's
        // unknown-field warning and kubectl prints it above the error.
        var create = await Server.Http.PostAsync("/api/v1/namespaces/default/pods",
            Json("""{"metadata":{"name":"Bad_Name"},"spec":{"bogus":1,"containers":[{"name":"c","image":"nginx"}]}}"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, create.StatusCode);
        Assert.Equal(["299 - \"unknown field \\\"spec.bogus\\\"\""], create.Headers.GetValues("Warning"));

        var created = JsonNode.Parse(await (await Server.Http.PostAsync("/api/v1/namespaces/default/configmaps",
            Json("""{"metadata":{"name":"warned"},"data":{"k":"v"}}"""))).Content.ReadAsStringAsync())!;
        created["metadata"]!["labels"] = new JsonObject { ["bad key!"] = "v" };
        created["extra"] = 1;
        var put = await Server.Http.PutAsync("/api/v1/namespaces/default/configmaps/warned", Json(created.ToJsonString()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, put.StatusCode);
        Assert.Equal(["299 - \"unknown field \\\"extra\\\"\""], put.Headers.GetValues("Warning"));

        var patch = await Server.Http.PatchAsync("/api/v1/namespaces/default/configmaps/warned",
            Json("""{"extra":1,"metadata":{"labels":{"bad key!":"v"}}}""", "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, patch.StatusCode);
        Assert.Equal(["299 - \"unknown field \\\"extra\\\"\""], patch.Headers.GetValues("Warning"));
    }

    [Fact]
    public async Task NoOpPatch_KeepsResourceVersion()
    {
        var created = JsonNode.Parse(await (await Server.Http.PostAsync("/api/v1/namespaces/default/configmaps",
            Json("""{"metadata":{"name":"same","labels":{"a":"b"}},"data":{"k":"v"}}"""))).Content.ReadAsStringAsync())!;
        var rv = created["metadata"]!["resourceVersion"]!.GetValue<string>();
        var patched = await Server.Http.PatchAsync("/api/v1/namespaces/default/configmaps/same",
            Json("""{"metadata":{"labels":{"a":"b"}}}""", "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(rv, JsonNode.Parse(await patched.Content.ReadAsStringAsync())!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }
}
