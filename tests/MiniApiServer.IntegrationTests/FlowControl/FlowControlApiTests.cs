using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.FlowControl;

/// <summary>
/// flowcontrol.apiserver.k8s.io/v1 over HTTP: CRUD, the v1 defaults, 422s with upstream's paths and messages
/// (pkg/apis/flowcontrol/validation/validation.go, 1.32), /status, discovery, the objects the bootstrap ensurer keeps
/// (bootstrap/default.go) and the Dangling condition apf_controller.go writes. No request is throttled by them.
/// </summary>
public sealed class FlowControlApiTests : ServerTest
{
    private const string Group = "/apis/flowcontrol.apiserver.k8s.io/v1";
    private const string Schemas = Group + "/flowschemas";
    private const string Levels = Group + "/prioritylevelconfigurations";
    private const string Level = """{"metadata":{"name":"team-a"},"spec":{"type":"Limited","limited":{"limitResponse":{"type":"Queue","queuing":{}}}}}""";
    private const string Schema = """
        {"metadata":{"name":"team-a"},"spec":{"priorityLevelConfiguration":{"name":"team-a"},
         "rules":[{"subjects":[{"kind":"Group","group":{"name":"team-a"}}],"resourceRules":[{"verbs":["*"],"apiGroups":["*"],"resources":["*"],"namespaces":["team-a"]}]}]}}
        """;

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task PriorityLevel_IsClusterScoped_AndTakesV1Defaults()
    {
        var created = await Server.Http.CreateAsync(Levels, Level);

        Assert.Equal(("PriorityLevelConfiguration", "flowcontrol.apiserver.k8s.io/v1"), (created.Str("kind"), created.Str("apiVersion")));
        Assert.Null(created["metadata"]!["namespace"]);
        var limited = (await Server.Http.GetJsonAsync($"{Levels}/team-a"))!["spec"]!["limited"]!;
        Assert.Equal(("30", "0", "64", "8", "50"), (Num(limited, "nominalConcurrencyShares"), Num(limited, "lendablePercent"),
            Num(limited, "limitResponse", "queuing", "queues"), Num(limited, "limitResponse", "queuing", "handSize"), Num(limited, "limitResponse", "queuing", "queueLengthLimit")));
        Assert.Equal(HttpStatusCode.OK, await Server.Http.DeleteJsonAsync($"{Levels}/team-a"));
    }

    [Fact]
    public async Task FlowSchema_DefaultsItsPrecedence_AndASpecChangeBumpsTheGeneration()
    {
        var created = await Server.Http.CreateAsync(Schemas, Schema);
        var patched = await Server.Http.MergePatchAsync($"{Schemas}/team-a", """{"spec":{"matchingPrecedence":500}}""");

        Assert.Equal(("1000", "1"), (Num(created, "spec", "matchingPrecedence"), Num(created, "metadata", "generation")));
        Assert.Equal(("500", "2"), (Num(patched, "spec", "matchingPrecedence"), Num(patched, "metadata", "generation")));
    }

    [Theory]
    [InlineData(Schemas, """{"metadata":{"name":"s"},"spec":{"priorityLevelConfiguration":{"name":"p"},"matchingPrecedence":10001}}""",
        "FlowSchema.flowcontrol.apiserver.k8s.io \"s\" is invalid: spec.matchingPrecedence: Invalid value: 10001: must not be greater than 10000")]
    [InlineData(Schemas, """{"metadata":{"name":"s"},"spec":{"priorityLevelConfiguration":{"name":"p"},"rules":[{"subjects":[{"kind":"User","user":{"name":"u"}}],"nonResourceRules":[{"verbs":["get"],"nonResourceURLs":["/metrics/*/x"]}]}]}}""",
        "FlowSchema.flowcontrol.apiserver.k8s.io \"s\" is invalid: spec.rules[0].nonResourceRules[0].nonResourceURLs[0]: Invalid value: \"/metrics/*/x\": wildcard can only do suffix matching")]
    [InlineData(Levels, """{"metadata":{"name":"p"},"spec":{"type":"Limited","limited":{"limitResponse":{"type":"Queue","queuing":{"queues":64,"handSize":65}}}}}""",
        "PriorityLevelConfiguration.flowcontrol.apiserver.k8s.io \"p\" is invalid: spec.limited.limitResponse.queuing.handSize: Invalid value: 65: should not be greater than queues (64)")]
    [InlineData(Levels, """{"metadata":{"name":"p"},"spec":{"type":"Exempt"}}""",
        "PriorityLevelConfiguration.flowcontrol.apiserver.k8s.io \"p\" is invalid: spec.type: Invalid value: \"Exempt\": type must be 'Exempt' if and only if name is 'exempt'")]
    public async Task InvalidObject_Is422_WithUpstreamsFieldAndMessage(string collection, string body, string message)
    {
        Assert.Equal(message, await Server.Http.InvalidMessageAsync(HttpMethod.Post, collection, body));
    }

    [Fact]
    public async Task Status_IsIgnoredOnMainWrites_AndWrittenThroughStatus()
    {
        await Server.Http.CreateAsync(Levels, Level);

        var main = await Server.Http.MergePatchAsync($"{Levels}/team-a", """{"metadata":{"labels":{"a":"b"}},"status":{"conditions":[{"type":"Custom","status":"True"}]}}""");
        var status = await Server.Http.MergePatchAsync($"{Levels}/team-a/status", """{"status":{"conditions":[{"type":"Custom","status":"True"}]}}""");

        Assert.Null(main["status"]!["conditions"]);
        Assert.Equal("Custom", status["status"]!["conditions"]![0].Str("type"));
    }

    [Fact]
    public async Task BootstrapObjects_ArePresentAfterStart_WithTheAutoUpdateAnnotation()
    {
        string[] levels = ["catch-all", "exempt", "global-default", "leader-election", "node-high", "system", "workload-high", "workload-low"];
        string[] schemas = ["catch-all", "endpoint-controller", "exempt", "global-default", "kube-controller-manager", "kube-scheduler", "kube-system-service-accounts",
            "probes", "service-accounts", "system-leader-election", "system-node-high", "system-nodes", "workload-leader-election"];

        var levelItems = await Eventually.Get(() => Server.Http.ListItemsAsync(Levels), i => i.Count == levels.Length, TimeSpan.FromSeconds(30), "bootstrap levels");
        var schemaItems = await Eventually.Get(() => Server.Http.ListItemsAsync(Schemas), i => i.Count == schemas.Length, TimeSpan.FromSeconds(30), "bootstrap schemas");

        Assert.Equal(levels, levelItems.Select(i => i.Str("metadata", "name")));
        Assert.Equal(schemas, schemaItems.Select(i => i.Str("metadata", "name")));
        Assert.All(levelItems.Concat(schemaItems), i => Assert.Equal("true", i.Str("metadata", "annotations", "apf.kubernetes.io/autoupdate-spec")));
        var exempt = schemaItems.Single(i => i.Str("metadata", "name") == "exempt");
        Assert.Equal(("exempt", "1", "system:masters"), (exempt.Str("spec", "priorityLevelConfiguration", "name"), Num(exempt, "spec", "matchingPrecedence"), exempt["spec"]!["rules"]![0]!["subjects"]![0].Str("group", "name")));
        var leaderElection = schemaItems.Single(i => i.Str("metadata", "name") == "system-leader-election");
        Assert.Equal(("leader-election", "100", "ByUser"), (leaderElection.Str("spec", "priorityLevelConfiguration", "name"), Num(leaderElection, "spec", "matchingPrecedence"), leaderElection.Str("spec", "distinguisherMethod", "type")));
        var globalDefault = levelItems.Single(i => i.Str("metadata", "name") == "global-default");
        Assert.Equal(("20", "50", "128", "6", "50"), (Num(globalDefault, "spec", "limited", "nominalConcurrencyShares"), Num(globalDefault, "spec", "limited", "lendablePercent"),
            Num(globalDefault, "spec", "limited", "limitResponse", "queuing", "queues"), Num(globalDefault, "spec", "limited", "limitResponse", "queuing", "handSize"),
            Num(globalDefault, "spec", "limited", "limitResponse", "queuing", "queueLengthLimit")));
    }

    [Fact]
    public async Task DeletedMandatoryLevel_IsRecreated_ButASuggestedOneMarkedFalse_IsLeftAlone()
    {
        await Eventually.Get(() => Server.Http.GetJsonAsync($"{Levels}/workload-low"), l => l is not null, TimeSpan.FromSeconds(30), "workload-low bootstrapped");
        var original = (await Server.Http.GetJsonAsync($"{Levels}/catch-all"))!.Str("metadata", "uid");

        Assert.Equal(HttpStatusCode.OK, await Server.Http.DeleteJsonAsync($"{Levels}/catch-all"));
        await Server.Http.MergePatchAsync($"{Levels}/workload-low",
            """{"metadata":{"annotations":{"apf.kubernetes.io/autoupdate-spec":"false"}},"spec":{"limited":{"nominalConcurrencyShares":7}}}""");

        var recreated = await Eventually.Get(() => Server.Http.GetJsonAsync($"{Levels}/catch-all"), l => l is not null && l.Str("metadata", "uid") != original,
            TimeSpan.FromSeconds(30), "catch-all recreated");
        Assert.Equal(("5", "Reject"), (Num(recreated!, "spec", "limited", "nominalConcurrencyShares"), recreated.Str("spec", "limited", "limitResponse", "type")));
        var kept = await Server.Http.GetJsonAsync($"{Levels}/workload-low");
        Assert.Equal(("7", "false"), (Num(kept!, "spec", "limited", "nominalConcurrencyShares"), kept.Str("metadata", "annotations", "apf.kubernetes.io/autoupdate-spec")));
    }

    [Fact]
    public async Task DanglingCondition_IsSet_ThenCleared_WhenTheLevelAppears()
    {
        await Server.Http.CreateAsync(Schemas, Schema);

        var dangling = await Eventually.Get(() => Server.Http.GetJsonAsync($"{Schemas}/team-a"), s => Dangling(s) is not null, TimeSpan.FromSeconds(30), "Dangling set");
        Assert.Equal(("True", "NotFound", "This FlowSchema references the PriorityLevelConfiguration object named \"team-a\" but there is no such object"),
            (Dangling(dangling)!.Str("status"), Dangling(dangling)!.Str("reason"), Dangling(dangling)!.Str("message")));

        await Server.Http.CreateAsync(Levels, Level);

        var found = await Eventually.Get(() => Server.Http.GetJsonAsync($"{Schemas}/team-a"), s => Dangling(s).Str("status") == "False", TimeSpan.FromSeconds(30), "Dangling cleared");
        Assert.Equal(("Found", "This FlowSchema references the PriorityLevelConfiguration object named \"team-a\" and it exists"),
            (Dangling(found)!.Str("reason"), Dangling(found)!.Str("message")));
    }

    [Fact]
    public async Task Discovery_ListsBothKinds_WithTheirStatus()
    {
        var resources = (await Server.Http.GetJsonAsync(Group))!["resources"]!.AsArray().Select(r => $"{r.Str("name")}:{r!["namespaced"]!.ToJsonString()}").ToList();

        Assert.Equal(["flowschemas:false", "flowschemas/status:false", "prioritylevelconfigurations:false", "prioritylevelconfigurations/status:false"], resources);
    }

    private static string? Num(JsonNode? node, params string[] path) =>
        path.Aggregate(node, (n, p) => n?[p])?.ToJsonString();

    private static JsonNode? Dangling(JsonObject? schema) =>
        schema?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => c.Str("type") == "Dangling");
}
