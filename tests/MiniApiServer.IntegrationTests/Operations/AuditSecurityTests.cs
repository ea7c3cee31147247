using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.Security;

namespace MiniApiServer.IntegrationTests.Operations;

/// <summary>
/// --audit-policy-file with --token-auth-file: what is audited of a request authentication or authorization refuses,
/// of an error nothing answers, where a request came from, and who the controllers' writes are.
/// </summary>
public sealed class AuditSecurityTests : AuditServerTest
{
    protected override string Policy => """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        rules:
        - level: None
          nonResourceURLs: ["/livez*", "/readyz*", "/healthz*"]
        - level: RequestResponse
          namespaces: ["guarded", "panic"]
        - level: Request
          userGroups: ["system:serviceaccounts:kube-system"]
          verbs: ["create"]
          resources:
          - group: ""
            resources: ["serviceaccounts"]
        - level: Metadata
          resources:
          - group: ""
            resources: ["configmaps"]
        """;

    protected override ApiServerHost StartServer()
    {
        Directory.CreateDirectory(Dir);
        File.WriteAllText(Path.Combine(Dir, "tokens.csv"), "admin-token,admin,1,\"system:masters\"\nalice-token,alice,2,\"dev\"\n");
        return StartAudited(new Dictionary<string, string> { ["token-auth-file"] = Path.Combine(Dir, "tokens.csv") },
            s => s.AddSingleton<IAuthorizer>(sp => new PanickingAuthorizer(ActivatorUtilities.CreateInstance<RbacAuthorizer>(sp))));
    }

    // filters/authn_audit.go: the policy is evaluated without a user; one ResponseStarted event, "user":{}, and the
    // Status the Unauthorized handler writes (responsewriters -> audit.LogResponseObject) as responseStatus.
    [Fact]
    public async Task FailedAuthentication_IsOneResponseStartedEvent_WithoutAUser()
    {
        using var anonymous = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps", null);
        using var wrongToken = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/guarded/configmaps/x", "wrong-token");
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (anonymous.StatusCode, wrongToken.StatusCode));

        var events = await EventsOfAsync(anonymous, wrongToken);

        var noCredentials = Assert.Single(events[0]);
        Assert.Equal(("Metadata", "ResponseStarted", "list"), ((string?)noCredentials["level"], (string?)noCredentials["stage"], (string?)noCredentials["verb"]));
        Assert.Equal("{}", noCredentials["user"]!.ToJsonString());
        Assert.Equal("""{"metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}""", noCredentials["responseStatus"]!.ToJsonString());
        Assert.Null(noCredentials["responseObject"]);
        Assert.Equal("/api/v1/namespaces/default/configmaps", (string?)noCredentials["requestURI"]);
        var badToken = Assert.Single(events[1]);
        Assert.Equal(("RequestResponse", "ResponseStarted", "get"), ((string?)badToken["level"], (string?)badToken["stage"], (string?)badToken["verb"]));
        Assert.Equal(("Status", 401), ((string?)badToken["responseObject"]!["kind"], (int?)badToken["responseObject"]!["code"]));
    }

    // filters/authorization.go: the decision and reason annotations, and responsewriters.Forbidden's Status, whose
    // status, message, reason and details audit.LogResponseObject copies into responseStatus.
    [Fact]
    public async Task Forbidden_RecordsTheStatusAnswered_AndTheDecision()
    {
        using var forbidden = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/guarded/configmaps/x", "alice-token");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        var complete = Assert.Single((await EventsOfAsync(forbidden))[0], e => (string?)e["stage"] == "ResponseComplete");

        var status = complete["responseStatus"]!;
        Assert.Equal(("Failure", "Forbidden", 403), ((string?)status["status"], (string?)status["reason"], (int?)status["code"]));
        Assert.Equal("configmaps \"x\" is forbidden: User \"alice\" cannot get resource \"configmaps\" in API group \"\" in the namespace \"guarded\"",
            (string?)status["message"]);
        Assert.Equal(("x", "configmaps"), ((string?)status["details"]!["name"], (string?)status["details"]!["kind"]));
        Assert.Equal(("forbid", ""), ((string?)complete["annotations"]!["authorization.k8s.io/decision"], (string?)complete["annotations"]!["authorization.k8s.io/reason"]));
        Assert.Equal(["dev", "system:authenticated"], complete["user"]!["groups"]!.AsArray().Select(g => (string?)g));
        Assert.Equal("Status", (string?)complete["responseObject"]!["kind"]);
    }

    // k8s.io/apimachinery/pkg/util/net/http.go SourceIPs.
    [Fact]
    public async Task SourceIps_AreTheForwardedChain_ThenXRealIp_ThenTheConnection()
    {
        using var proxied = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps", "admin-token",
            headers: [("X-Forwarded-For", "10.0.0.1, not-an-ip, 010.0.0.9, 10.0.0.2"), ("X-Real-Ip", "10.0.0.2")]);
        using var realIp = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps", "admin-token",
            headers: [("X-Forwarded-For", "10.0.0.1, 127.0.0.1"), ("X-Real-Ip", "192.168.0.9")]);
        using var lastHop = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps", "admin-token",
            headers: [("X-Forwarded-For", "::ffff:10.0.0.1, 127.0.0.1")]);

        var events = await EventsOfAsync(proxied, realIp, lastHop);

        Assert.Equal(["10.0.0.1", "10.0.0.2", "127.0.0.1"], SourceIps(events[0][0]));
        Assert.Equal(["10.0.0.1", "127.0.0.1", "192.168.0.9", "127.0.0.1"], SourceIps(events[1][0]));
        Assert.Equal(["10.0.0.1", "127.0.0.1"], SourceIps(events[2][0]));
    }

    // filters/audit.go WithAudit's recover: a Panic stage event with the 500 Status in place of ResponseComplete.
    [Fact]
    public async Task AnErrorNothingAnswers_IsAPanicEvent()
    {
        using var panic = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/panic/configmaps", "admin-token");
        Assert.Equal(HttpStatusCode.InternalServerError, panic.StatusCode);

        var events = (await EventsOfAsync(panic))[0];

        Assert.Equal(["RequestReceived", "Panic"], events.Select(e => (string?)e["stage"]));
        var status = events[1]["responseStatus"]!;
        Assert.Equal(("Failure", "InternalError", 500), ((string?)status["status"], (string?)status["reason"], (int?)status["code"]));
        Assert.Equal("APIServer panic'd: " + PanickingAuthorizer.Message, (string?)status["message"]);
    }

    // kube-controller-manager --use-service-account-credentials: the service account controller writes as its service
    // account, in system:serviceaccounts:kube-system, which a policy's userGroups can name.
    [Fact]
    public async Task ControllerWrites_AreTheirServiceAccounts_WithTheirGroups()
    {
        using var created = await SendAsync(HttpMethod.Post, "/api/v1/namespaces", "admin-token", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team"}}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        static bool IsDefaultAccount(JsonNode e) => (string?)e["objectRef"]?["resource"] == "serviceaccounts" && (string?)e["objectRef"]?["namespace"] == "team";
        var events = await Eventually.Get(ReadAsync, e => e.Any(x => IsDefaultAccount(x) && (string?)x["stage"] == "ResponseComplete"),
            TimeSpan.FromSeconds(20), "the default service account's create audited");

        var create = events.Where(IsDefaultAccount).ToList();
        Assert.Equal(["RequestReceived", "ResponseComplete"], create.Select(e => (string?)e["stage"]));
        Assert.Single(create.Select(e => (string?)e["auditID"]).Distinct());
        Assert.All(create, e => Assert.Equal("Request", (string?)e["level"]));
        var user = create[1]["user"]!;
        Assert.Equal("system:serviceaccount:kube-system:service-account-controller", (string?)user["username"]);
        Assert.Equal(["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"], user["groups"]!.AsArray().Select(g => (string?)g));
        Assert.Equal(201, (int?)create[1]["responseStatus"]!["code"]);
    }

    private static IEnumerable<string?> SourceIps(JsonNode e) => e["sourceIPs"]!.AsArray().Select(ip => (string?)ip);

    /// <summary>Each response's events, found by the Audit-Id it was answered with.</summary>
    private async Task<List<List<JsonNode>>> EventsOfAsync(params HttpResponseMessage[] responses)
    {
        var ids = responses.Select(r => r.Headers.GetValues("Audit-Id").Single()).ToList();
        var events = await Eventually.Get(ReadAsync, e => ids.All(id => e.Any(x => (string?)x["auditID"] == id)), TimeSpan.FromSeconds(20), "the requests audited");
        return ids.Select(id => events.Where(e => (string?)e["auditID"] == id).ToList()).ToList();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, string? body = null, (string Name, string Value)[]? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        return await Server.Http.SendAsync(request);
    }

    /// <summary>RBAC, but a bug for anything in namespace "panic": the authorizer runs inside the audit filter, as upstream.</summary>
    private sealed class PanickingAuthorizer(IAuthorizer rbac) : IAuthorizer
    {
        public const string Message = "the authorizer broke";

        public ValueTask<AuthorizationDecision> AuthorizeAsync(AuthorizationAttributes attributes, CancellationToken ct) =>
            attributes.Namespace == "panic" ? throw new InvalidOperationException(Message) : rbac.AuthorizeAsync(attributes, ct);

        public ValueTask<SubjectRules> RulesForAsync(UserInfo user, string ns, CancellationToken ct) => rbac.RulesForAsync(user, ns, ct);
    }
}
