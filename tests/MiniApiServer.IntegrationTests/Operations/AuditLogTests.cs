using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Api;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Operations;

/// <summary>--audit-log-path: HTTP writes and the controllers' writes share one pipeline, so both are audited.</summary>
public sealed class AuditLogTests : ServerTest
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"), "audit.log");

    protected override ApiServerHost StartServer() =>
        ApiServerHost.Start(nodes: 1, settings: new Dictionary<string, string> { ["audit-log-path"] = _path });

    [Fact]
    public async Task HttpCreate_And_DaemonSetPodCreate_AreAuditedWithUserAndCode()
    {
        await Server.Http.CreateAsync("/apis/apps/v1/namespaces/default/daemonsets", CrudOverHttpTests.DaemonSet);
        var duplicate = await Server.Http.PostAsync("/apis/apps/v1/namespaces/default/daemonsets", CrudOverHttpTests.Json(CrudOverHttpTests.DaemonSet));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        var events = await Eventually.Get(ReadAsync,
            e => e.Any(IsPodCreate), TimeSpan.FromSeconds(30), "audited daemon pod create");

        var dsCreates = events.Where(e => Ref(e, "resource") == "daemonsets" && (string?)e["verb"] == "create").ToList();
        Assert.Equal([201, 409], dsCreates.Select(e => (int)e["responseStatus"]!["code"]!));
        Assert.All(dsCreates, e =>
        {
            Assert.Equal("system:unsecured", (string?)e["user"]!["username"]);
            Assert.Equal("monitoring-daemon", Ref(e, "name"));
            Assert.Equal("default", Ref(e, "namespace"));
            Assert.Equal("apps", Ref(e, "apiGroup"));
            Assert.Equal("/apis/apps/v1/namespaces/default/daemonsets", (string?)e["requestURI"]);
        });
        var pod = events.First(IsPodCreate);
        Assert.Equal("system:serviceaccount:kube-system:daemon-set-controller", (string?)pod["user"]!["username"]);
        Assert.Equal(201, (int)pod["responseStatus"]!["code"]!);
        Assert.Equal("default", Ref(pod, "namespace"));
        Assert.Null(pod["objectRef"]!["name"]);
        Assert.All(events, e =>
        {
            Assert.Equal("audit.k8s.io/v1", (string?)e["apiVersion"]);
            Assert.Equal("Event", (string?)e["kind"]);
            Assert.Equal("ResponseComplete", (string?)e["stage"]);
            Assert.True(DateTimeOffset.Parse((string)e["stageTimestamp"]!) >= DateTimeOffset.Parse((string)e["requestReceivedTimestamp"]!));
        });
    }

    /// <summary>The pod create itself, not the scheduler's pods/binding (also verb create on resource pods).</summary>
    private static bool IsPodCreate(JsonNode e) => Ref(e, "resource") == "pods" && (string?)e["verb"] == "create" && Ref(e, "subresource") is null;

    [Fact]
    public async Task ScheduledAndStartedPod_IsAuditedAsTheSchedulerAndItsNode()
    {
        await Server.Http.CreateAsync("/api/v1/namespaces/default/pods", """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"audited"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}
            """);

        static bool IsPod(JsonNode e, string? subresource) =>
            Ref(e, "resource") == "pods" && Ref(e, "name") == "audited" && Ref(e, "subresource") == subresource;
        var events = await Eventually.Get(ReadAsync,
            e => e.Any(x => IsPod(x, "binding")) && e.Any(x => IsPod(x, "status") && (string?)x["user"]!["username"] == "system:node:node-1"),
            TimeSpan.FromSeconds(30), "audited binding and pod status update");

        var binding = events.Single(e => IsPod(e, "binding"));
        Assert.Equal("system:kube-scheduler", (string?)binding["user"]!["username"]);
        Assert.Equal("create", (string?)binding["verb"]);
        Assert.Equal(201, (int)binding["responseStatus"]!["code"]!);
        var status = events.First(e => IsPod(e, "status") && (string?)e["user"]!["username"] == "system:node:node-1");
        Assert.Equal("update", (string?)status["verb"]);
        Assert.Equal(200, (int)status["responseStatus"]!["code"]!);
    }

    private static string? Ref(JsonNode e, string field) => AuditLogFile.Ref(e, field);

    private Task<List<JsonNode>> ReadAsync() => AuditLogFile.ReadAsync(_path);
}
