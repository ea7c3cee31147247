using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Operations;

/// <summary>
/// --audit-policy-file (k8s.io/apiserver/pkg/audit/policy, endpoints/filters/audit.go): the first matching rule sets a
/// request's level, reads and non-resource paths included; Request adds the body, RequestResponse the answer; the
/// policy's omitStages drop stages; a watch has ResponseStarted; the Audit-Id header names the event; the
/// controllers' writes follow the same policy.
/// </summary>
public sealed class AuditPolicyTests : ServerTest
{
    private const string Policy = """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: ["RequestReceived"]
        rules:
        - level: None
          resources:
          - group: ""
            resources: ["events"]
        - level: None
          users: ["system:serviceaccount:kube-system:root-ca-cert-publisher"]
        - level: RequestResponse
          resources:
          - group: ""
            resources: ["configmaps"]
        - level: Request
          verbs: ["create"]
          resources:
          - group: ""
            resources: ["serviceaccounts"]
        - level: Metadata
          omitStages: ["ResponseComplete"]
          verbs: ["watch"]
        - level: Metadata
          nonResourceURLs: ["/version"]
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"));

    private string LogPath => Path.Combine(_dir, "audit.log");

    protected override ApiServerHost StartServer()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "policy.yaml"), Policy);
        return ApiServerHost.Start(nodes: 0, settings: new Dictionary<string, string>
        {
            ["audit-log-path"] = LogPath,
            ["audit-policy-file"] = Path.Combine(_dir, "policy.yaml"),
        });
    }

    [KubectlFact]
    public async Task ThePolicyDecidesWhatIsLogged_AndAtWhichLevel()
    {
        await Kubectl.OkAsync("create", "configmap", "settings", "--from-literal=mode=fast");
        using var missing = await Server.Http.GetAsync("/api/v1/namespaces/default/configmaps/nope");
        using var version = await Server.Http.GetAsync("/version");
        await Server.Http.CreateAsync("/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"audited"}}""");
        using var watch = await Server.Http.GetAsync("/api/v1/namespaces/default/pods?watch=1&timeoutSeconds=1");
        await Server.Http.CreateAsync("/api/v1/namespaces/default/events", """
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"e1"},"involvedObject":{"kind":"Pod","name":"p","namespace":"default"},"reason":"Test","message":"m"}
            """);

        var events = await Eventually.Get(ReadAsync, e => e.Any(x => Ref(x, "resource") == "serviceaccounts" && Ref(x, "namespace") == "audited"),
            TimeSpan.FromSeconds(20), "the controller's service account create audited");

        // kubectl's create, at RequestResponse: what it sent (protobuf or JSON, logged as the object) and what it got.
        var create = events.Single(e => Ref(e, "resource") == "configmaps" && (string?)e["verb"] == "create" && Ref(e, "namespace") == "default");
        Assert.Equal(("RequestResponse", "ResponseComplete", 201), ((string?)create["level"], (string?)create["stage"], (int?)create["responseStatus"]!["code"]));
        Assert.Equal("fast", (string?)create["requestObject"]!["data"]!["mode"]);
        Assert.Equal("settings", (string?)create["responseObject"]!["metadata"]!["name"]);
        Assert.StartsWith("kubectl/v1.32", (string?)create["userAgent"]);
        Assert.Equal(["127.0.0.1"], create["sourceIPs"]!.AsArray().Select(ip => (string?)ip));
        Assert.Equal("system:unsecured", (string?)create["user"]!["username"]);
        // A read is audited too, its 404 with the Status as the response.
        var get = events.Single(e => Ref(e, "name") == "nope");
        Assert.Equal(("get", 404, "NotFound"), ((string?)get["verb"], (int?)get["responseStatus"]!["code"], (string?)get["responseObject"]!["reason"]));
        Assert.Equal(missing.Headers.GetValues("Audit-Id").Single(), (string?)get["auditID"]);
        // A non-resource path has no objectRef.
        var versionEvent = events.Single(e => (string?)e["requestURI"] == "/version");
        Assert.Equal(("Metadata", null), ((string?)versionEvent["level"], versionEvent["objectRef"]));
        // The watch rule omits ResponseComplete, so its one event is ResponseStarted.
        var watchEvents = events.Where(e => (string?)e["verb"] == "watch").ToList();
        Assert.Equal(["ResponseStarted"], watchEvents.Select(e => (string?)e["stage"]));
        // The service account controller's create, at Request (no object from an in-process write) and as itself.
        var serviceAccount = events.Single(e => Ref(e, "resource") == "serviceaccounts" && Ref(e, "namespace") == "audited");
        Assert.Equal("system:serviceaccount:kube-system:service-account-controller", (string?)serviceAccount["user"]!["username"]);
        // Events and the root CA publisher's writes have level None; the policy omits RequestReceived everywhere.
        Assert.DoesNotContain(events, e => Ref(e, "resource") == "events");
        Assert.DoesNotContain(events, e => (string?)e["user"]!["username"] == "system:serviceaccount:kube-system:root-ca-cert-publisher");
        Assert.DoesNotContain(events, e => (string?)e["stage"] == "RequestReceived");
        // Nothing else matched a rule: the namespace create has no event.
        Assert.DoesNotContain(events, e => Ref(e, "resource") == "namespaces");
    }

    private static string? Ref(JsonNode e, string field) => AuditLogFile.Ref(e, field);

    private Task<List<JsonNode>> ReadAsync() => AuditLogFile.ReadAsync(LogPath);
}
