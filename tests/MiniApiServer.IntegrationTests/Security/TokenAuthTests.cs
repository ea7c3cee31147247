using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Security;

/// <summary>--token-auth-file: 401 without a valid token, health open, system:masters does anything, others what RBAC grants (403 otherwise).</summary>
public sealed class TokenAuthTests : IAsyncLifetime
{
    private ApiServerHost _server = null!;

    public Task InitializeAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var tokens = Path.Combine(dir, "tokens.csv");
        File.WriteAllText(tokens, "admin-token,admin,1,\"system:masters\"\nalice-token,alice,2,\"dev,qa\"\n");
        _server = ApiServerHost.Start(Path.Combine(dir, "cluster.db"), settings: new Dictionary<string, string> { ["token-auth-file"] = tokens });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    [InlineData("")]
    public async Task MissingOrInvalidToken_Gets401Status(string? token)
    {
        using var resp = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps", token);
        Assert.Equal(HttpStatusCode.Unauthorized, resp.StatusCode);
        Assert.Equal("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}""",
            await resp.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/livez")]
    [InlineData("/readyz")]
    [InlineData("/healthz")]
    [InlineData("/version")]
    public async Task HealthAndVersion_StayOpen(string path)
    {
        using var resp = await SendAsync(HttpMethod.Get, path, null);
        Assert.Equal(HttpStatusCode.OK, resp.StatusCode);
    }

    [Fact]
    public async Task Masters_MayDoAnything_OthersWhatRbacGrants()
    {
        await AssertForbidden(HttpMethod.Get, "/api/v1/namespaces/default/configmaps/by-admin", null,
            "configmaps \"by-admin\" is forbidden: User \"alice\" cannot get resource \"configmaps\" in API group \"\" in the namespace \"default\"");
        await CreateAsAdminAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"by-admin"}}""");
        await CreateAsAdminAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings", """{"metadata":{"name":"dev-view"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"},"subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"dev"}]}""");
        await Eventually.True(async () =>
        {
            using var read = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps/by-admin", "alice-token");
            return read.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(20), "alice reads through group dev's binding");
        await AssertForbidden(HttpMethod.Get, "/api/v1/pods", null,
            "pods is forbidden: User \"alice\" cannot list resource \"pods\" in API group \"\" at the cluster scope");
        await AssertForbidden(HttpMethod.Post, "/api/v1/namespaces/default/pods", """{"metadata":{"name":"p"}}""",
            "pods is forbidden: User \"alice\" cannot create resource \"pods\" in API group \"\" in the namespace \"default\"");
        await AssertForbidden(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/by-admin", null,
            "configmaps \"by-admin\" is forbidden: User \"alice\" cannot delete resource \"configmaps\" in API group \"\" in the namespace \"default\"");
        await AssertForbidden(HttpMethod.Post, "/api/v1/namespaces", """{"metadata":{"name":"n"}}""",
            "namespaces is forbidden: User \"alice\" cannot create resource \"namespaces\" in API group \"\" at the cluster scope");
        await AssertForbidden(HttpMethod.Patch, "/apis/apps/v1/namespaces/default/daemonsets/ds/status", "{}",
            "daemonsets.apps \"ds\" is forbidden: User \"alice\" cannot patch resource \"daemonsets/status\" in API group \"apps\" in the namespace \"default\"");
    }

    /// <summary>
    /// The authorizer reads ?watch as the handler does (requestinfo.go decodes the same ListOptions): a bare or odd
    /// value is a watch for both, so a user allowed to list but not to watch cannot watch by spelling the flag oddly.
    /// </summary>
    [Fact]
    public async Task ListOnly_CannotWatch_HoweverTheFlagIsSpelled()
    {
        await CreateAsAdminAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles", """{"metadata":{"name":"list-secrets"},"rules":[{"apiGroups":[""],"resources":["secrets"],"verbs":["list"]}]}""");
        await CreateAsAdminAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings", """{"metadata":{"name":"alice-list-secrets"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"list-secrets"},"subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"alice"}]}""");
        await Eventually.True(async () =>
        {
            using var list = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/secrets?watch=false", "alice-token");
            return list.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(20), "alice lists secrets");

        foreach (var flag in new[] { "watch", "watch=", "watch=yes", "watch=true" })
        {
            await AssertForbidden(HttpMethod.Get, $"/api/v1/namespaces/default/secrets?{flag}", null,
                "secrets is forbidden: User \"alice\" cannot watch resource \"secrets\" in API group \"\" in the namespace \"default\"");
        }
    }

    private async Task CreateAsAdminAsync(string path, string body)
    {
        using var created = await SendAsync(HttpMethod.Post, path, "admin-token", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    private async Task AssertForbidden(HttpMethod method, string path, string? body, string message)
    {
        using var resp = await SendAsync(method, path, "alice-token", body);
        Assert.Equal(HttpStatusCode.Forbidden, resp.StatusCode);
        var status = JsonNode.Parse(await resp.Content.ReadAsStringAsync())!;
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal("Forbidden", status["reason"]!.GetValue<string>());
        Assert.Equal(403, status["code"]!.GetValue<int>());
        Assert.Equal(message, status["message"]!.GetValue<string>());
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, method == HttpMethod.Patch ? "application/merge-patch+json" : "application/json");
        }
        return await _server.Http.SendAsync(request);
    }
}
