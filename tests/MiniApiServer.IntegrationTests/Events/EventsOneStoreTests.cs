using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Events;

/// <summary>core/v1 and events.k8s.io/v1 Events are one store, converted per request version, as upstream serves them.</summary>
public sealed class EventsOneStoreTests : ServerTest
{
    private const string Core = "/api/v1/namespaces/default/events";
    private const string V1 = "/apis/events.k8s.io/v1/namespaces/default/events";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private async Task<(HttpStatusCode Code, JsonObject Body)> SendAsync(HttpMethod method, string path, string contentType, string body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new(contentType);
        using var resp = await Server.Http.SendAsync(request);
        return (resp.StatusCode, JsonNode.Parse(await resp.Content.ReadAsStringAsync())!.AsObject());
    }

    [Fact]
    public async Task CoreEvent_IsListedGotAndSelectedThroughEventsV1_Converted()
    {
        var created = await Server.Http.CreateAsync(Core, """
            {"metadata":{"name":"web.1"},"involvedObject":{"kind":"Pod","namespace":"default","name":"web","uid":"u1","apiVersion":"v1"},
             "reason":"Scheduled","message":"Successfully assigned default/web to node-1","type":"Normal",
             "source":{"component":"default-scheduler","host":"cp"},"firstTimestamp":"2026-01-01T00:00:00Z","lastTimestamp":"2026-01-01T00:00:05Z",
             "count":3,"reportingComponent":"default-scheduler","reportingInstance":"cp-1"}
            """);

        var got = (await Server.Http.GetJsonAsync($"{V1}/web.1"))!;
        Assert.Equal("events.k8s.io/v1", got.Str("apiVersion"));
        Assert.Equal("Event", got.Str("kind"));
        Assert.Equal(created.Str("metadata", "resourceVersion"), got.Str("metadata", "resourceVersion"));
        Assert.Equal(created.Str("metadata", "uid"), got.Str("metadata", "uid"));
        Assert.Equal("Successfully assigned default/web to node-1", got.Str("note"));
        Assert.Equal("web", got.Str("regarding", "name"));
        Assert.Equal("default-scheduler", got.Str("deprecatedSource", "component"));
        Assert.Equal("cp", got.Str("deprecatedSource", "host"));
        Assert.Equal(3, got["deprecatedCount"]!.GetValue<int>());
        Assert.Equal("2026-01-01T00:00:00Z", got.Str("deprecatedFirstTimestamp"));
        Assert.Equal("2026-01-01T00:00:05Z", got.Str("deprecatedLastTimestamp"));
        Assert.Equal("default-scheduler", got.Str("reportingController"));
        Assert.Equal("cp-1", got.Str("reportingInstance"));
        Assert.True(got.ContainsKey("eventTime"));
        Assert.Null(got["eventTime"]);
        Assert.Null(got["message"]);
        Assert.Null(got["involvedObject"]);

        var list = (await Server.Http.GetJsonAsync(V1))!;
        Assert.Equal("EventList", list.Str("kind"));
        Assert.Equal("events.k8s.io/v1", list.Str("apiVersion"));
        Assert.Contains(list["items"]!.AsArray(), i => i.Str("metadata", "name") == "web.1" && i.Str("note") is not null);

        var selected = await Server.Http.ListItemsAsync($"{V1}?fieldSelector=regarding.name%3Dweb,reportingController%3Ddefault-scheduler");
        Assert.Equal(["web.1"], selected.Select(e => e.Str("metadata", "name")));
        Assert.Empty(await Server.Http.ListItemsAsync($"{V1}?fieldSelector=regarding.name%3Dother"));
        using var unsupported = await Server.Http.GetAsync($"{V1}?fieldSelector=involvedObject.name%3Dweb");
        Assert.Equal(HttpStatusCode.BadRequest, unsupported.StatusCode);
        Assert.Contains("field label not supported: involvedObject.name", await unsupported.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventsV1Event_IsWrittenPatchedAndDeletedThroughBothApis()
    {
        var (code, created) = await SendAsync(HttpMethod.Post, V1, "application/json", """
            {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"ds.1"},"eventTime":"2026-01-01T00:00:00.000000Z",
             "regarding":{"kind":"DaemonSet","namespace":"default","name":"agent","apiVersion":"apps/v1"},"reason":"SuccessfulCreate",
             "note":"Created pod: agent-x","type":"Normal","action":"Create","reportingController":"daemonset-controller","reportingInstance":"cp-1"}
            """);
        Assert.True(code == HttpStatusCode.Created, created.ToJsonString());
        Assert.Equal("events.k8s.io/v1", created.Str("apiVersion"));

        var core = (await Server.Http.GetJsonAsync($"{Core}/ds.1"))!;
        Assert.Equal("v1", core.Str("apiVersion"));
        Assert.Equal("Created pod: agent-x", core.Str("message"));
        Assert.Equal("agent", core.Str("involvedObject", "name"));
        Assert.Equal("daemonset-controller", core.Str("reportingComponent"));
        Assert.Equal("Create", core.Str("action"));
        Assert.Equal(created.Str("metadata", "resourceVersion"), core.Str("metadata", "resourceVersion"));
        Assert.Single(await Server.Http.ListItemsAsync($"{Core}?fieldSelector=involvedObject.name%3Dagent"));

        var (mergeCode, merged) = await SendAsync(HttpMethod.Patch, $"{V1}/ds.1", "application/merge-patch+json", """{"note":"Created pod: agent-y"}""");
        Assert.True(mergeCode == HttpStatusCode.OK, merged.ToJsonString());
        Assert.Equal("Created pod: agent-y", merged.Str("note"));
        Assert.Equal("Created pod: agent-y", (await Server.Http.GetJsonAsync($"{Core}/ds.1")).Str("message"));

        await Server.Http.MergePatchAsync($"{Core}/ds.1", """{"message":"Created pod: agent-z"}""");
        Assert.Equal("Created pod: agent-z", (await Server.Http.GetJsonAsync($"{V1}/ds.1")).Str("note"));

        var (applyCode, applied) = await SendAsync(HttpMethod.Patch, $"{V1}/applied?fieldManager=tester", "application/apply-patch+yaml", """
            {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"applied"},"eventTime":"2026-01-01T00:00:00.000000Z",
             "regarding":{"kind":"Node","name":"node-1"},"reason":"Tested","note":"applied","type":"Normal","action":"Test",
             "reportingController":"tester","reportingInstance":"t-1"}
            """);
        Assert.True(applyCode == HttpStatusCode.Created, applied.ToJsonString());
        Assert.Equal("applied", (await Server.Http.GetJsonAsync($"{Core}/applied")).Str("message"));

        Assert.Equal(HttpStatusCode.OK, await Server.Http.DeleteJsonAsync($"{Core}/ds.1"));
        Assert.Null(await Server.Http.GetJsonAsync($"{V1}/ds.1"));
        Assert.Equal(HttpStatusCode.OK, await Server.Http.DeleteJsonAsync($"{V1}/applied"));
        Assert.Null(await Server.Http.GetJsonAsync($"{Core}/applied"));
    }

    [KubectlFact]
    public async Task Kubectl_GetsACoreEvent_ThroughEventsV1()
    {
        await Server.Http.CreateAsync(Core, """
            {"metadata":{"name":"kubectl.1"},"involvedObject":{"kind":"Pod","namespace":"default","name":"web"},
             "reason":"Pulled","message":"image pulled","type":"Normal","source":{"component":"kubelet"}}
            """);

        Assert.Equal("image pulled", await Kubectl.OkAsync("get", "events.v1.events.k8s.io", "kubectl.1", "-o", "jsonpath={.note}"));
        var table = await Kubectl.OkAsync("get", "events.v1.events.k8s.io");
        Assert.Matches(@"(?m)^\S+\s+Normal\s+Pulled\s+pod/web\s+image pulled$", table);
    }

    [Fact]
    public async Task EventsV1Watch_SeesCoreWrites_AsEventsV1Objects()
    {
        var list = (await Server.Http.GetJsonAsync(V1))!;
        var rv = list.Str("metadata", "resourceVersion");
        using var watch = await Server.Http.GetAsync($"{V1}?watch=1&resourceVersion={rv}", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await watch.Content.ReadAsStreamAsync());

        await Server.Http.CreateAsync(Core, """
            {"metadata":{"name":"watched"},"involvedObject":{"kind":"Pod","name":"web"},"reason":"Pulled","message":"pulled","type":"Normal"}
            """);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        JsonNode e;
        do
        {
            e = JsonNode.Parse((await reader.ReadLineAsync(cts.Token))!)!;
        }
        while (e.Str("object", "metadata", "name") != "watched");
        Assert.Equal("ADDED", e.Str("type"));
        Assert.Equal("events.k8s.io/v1", e.Str("object", "apiVersion"));
        Assert.Equal("pulled", e.Str("object", "note"));
        Assert.Equal("web", e.Str("object", "regarding", "name"));
    }
}
