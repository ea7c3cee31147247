using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Certificates;

/// <summary>
/// certificates.k8s.io/v1 CertificateSigningRequests over HTTP with token users under RBAC: the registry
/// (pkg/registry/certificates), its validation, the CertificateApproval/CertificateSubjectRestriction plugins and
/// kube-controller-manager's csrsigning controller, which signs with a CA it keeps beside the database.
/// </summary>
public sealed class CertificateSigningRequestTests : IAsyncLifetime
{
    private const string Collection = CsrRequests.Collection;
    private const string ClientSigner = "kubernetes.io/kube-apiserver-client";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"));
    private ApiServerHost _server = null!;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        var tokens = Path.Combine(_dir, "tokens.csv");
        File.WriteAllText(tokens, "admin-token,admin,1,\"system:masters\"\nalice-token,alice,2,\"dev\"\n");
        _server = ApiServerHost.Start(Path.Combine(_dir, "cluster.db"), settings: new Dictionary<string, string>
        {
            ["token-auth-file"] = tokens,
            // The csrcleaner sweeps hourly upstream; every second here, so a stale request goes within the test.
            ["Controllers:CsrCleanerPeriod"] = "00:00:01",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Create_TakesTheRequesterFromTheCaller_Approval_IssuesACertificateFromTheClusterCa()
    {
        var (request, key) = CsrRequests.New("CN=jane,O=dev");
        using var _ = key;
        var body = CsrRequests.Body("jane", request, ClientSigner, extra: ",\"expirationSeconds\":3600,\"username\":\"mallory\",\"groups\":[\"system:masters\"]");
        var (code, created) = await SendAsync(HttpMethod.Post, Collection, "admin-token", body);

        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal("admin", created.Str("spec", "username"));
        Assert.Equal(["system:masters", "system:authenticated"], created["spec"]!["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Null(created["status"]?["conditions"]);

        var approved = await ApproveAsync("jane", "admin-token");
        Assert.Equal(HttpStatusCode.OK, approved.Code);
        var condition = approved.Body["status"]!["conditions"]![0]!;
        Assert.Equal(("Approved", "True"), (condition.Str("type"), condition.Str("status")));
        Assert.NotNull(condition.Str("lastUpdateTime"));

        var issued = await IssuedAsync("jane");
        using var certificate = CsrRequests.Certificate(issued);
        using var ca = X509Certificate2.CreateFromPem(ClusterCaPem());
        Assert.Equal(ca.SubjectName.Name, certificate.IssuerName.Name);
        Assert.Equal("CN=jane, O=dev", certificate.SubjectName.Name);
        // Under 8 h, so not backdated at the end: 5 minutes before now to now plus the hour asked for.
        Assert.Equal(TimeSpan.FromMinutes(65), certificate.NotAfter - certificate.NotBefore);
        Assert.InRange(DateTime.UtcNow - certificate.NotBefore.ToUniversalTime(), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(6));
        Assert.Equal(["1.3.6.1.5.5.7.3.2"], certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.False(certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(certificate), "the certificate chains to the signing CA");
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), certificate.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task Denied_IsNeverIssued_AndApprovedAndDeniedTogetherIs422()
    {
        await CreateAsync("denied", CsrRequests.New("CN=d").Request);
        var denied = await SendAsync(HttpMethod.Put, $"{Collection}/denied/approval", "admin-token", CsrRequests.WithCondition(await GetAsync("denied"), "Denied"));
        Assert.Equal(HttpStatusCode.OK, denied.Code);

        var both = await SendAsync(HttpMethod.Put, $"{Collection}/denied/approval", "admin-token", CsrRequests.WithCondition(await GetAsync("denied"), "Approved"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, both.Code);
        Assert.Contains("status.conditions[1].type: Invalid value: \"Approved\": Approved and Denied conditions are mutually exclusive", both.Body.Str("message"));

        // The signer works its queue in order: once a later approved request is issued, the denied one was passed over.
        await CreateAsync("later", CsrRequests.New("CN=l").Request);
        Assert.Equal(HttpStatusCode.OK, (await ApproveAsync("later", "admin-token")).Code);
        await IssuedAsync("later");
        Assert.Null((await GetAsync("denied"))["status"]!["certificate"]);
    }

    [Theory]
    [InlineData("\"request\":\"LS0tLS1CRUdJTiBGT08tLS0tLQpBQUFBCi0tLS0tRU5EIEZPTy0tLS0tCg==\",\"signerName\":\"example.com/foo\",\"usages\":[\"client auth\"]", "spec.request: Invalid value: []byte{0x2d, 0x2d, 0x2d, 0x2d, 0x2d, 0x42, 0x45, 0x47, 0x49, 0x4e, 0x20, 0x46, 0x4f, 0x4f, 0x2d, 0x2d, 0x2d, 0x2d, 0x2d, 0xa, 0x41, 0x41, 0x41, 0x41, 0xa, 0x2d, 0x2d, 0x2d, 0x2d, 0x2d, 0x45, 0x4e, 0x44, 0x20, 0x46, 0x4f, 0x4f, 0x2d, 0x2d, 0x2d, 0x2d, 0x2d, 0xa}: PEM block type must be CERTIFICATE REQUEST")]
    [InlineData("\"request\":\"$REQ\",\"usages\":[\"client auth\"]", "spec.signerName: Required value")]
    [InlineData("\"request\":\"$REQ\",\"signerName\":\"foo\",\"usages\":[\"client auth\"]", "spec.signerName: Invalid value: \"foo\": must be a fully qualified domain and path of the form 'example.com/signer-name'")]
    [InlineData("\"request\":\"$REQ\",\"signerName\":\"example.com/foo\",\"usages\":[\"client auth\"],\"expirationSeconds\":599", "spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 600 seconds (10 minutes)")]
    [InlineData("\"request\":\"$REQ\",\"signerName\":\"example.com/foo\",\"usages\":[]", "spec.usages: Required value")]
    [InlineData("\"request\":\"$REQ\",\"signerName\":\"example.com/foo\",\"usages\":[\"client auth\",\"flying\"]", "spec.usages[1]: Unsupported value: \"flying\": supported values:")]
    [InlineData("\"request\":\"$REQ\",\"signerName\":\"kubernetes.io/legacy-unknown\",\"usages\":[\"client auth\"]", "spec.signerName: Invalid value: \"kubernetes.io/legacy-unknown\": the legacy signerName is not allowed via this API version")]
    public async Task InvalidRequest_Is422_WithUpstreamsMessage(string spec, string cause)
    {
        var body = "{\"metadata\":{\"name\":\"bad\"},\"spec\":{" + spec.Replace("$REQ", CsrRequests.New("CN=x").Request, StringComparison.Ordinal) + "}}";
        var (code, status) = await SendAsync(HttpMethod.Post, Collection, "admin-token", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.StartsWith("CertificateSigningRequest.certificates.k8s.io \"bad\" is invalid: " + cause, status.Str("message"));
    }

    [Fact]
    public async Task IssuedCertificate_CannotBeReplaced_AndSpecIsImmutable()
    {
        await CreateAsync("once", CsrRequests.New("CN=o").Request);
        await ApproveAsync("once", "admin-token");
        var issued = await IssuedAsync("once");
        var other = await GetAsync("once");
        other["status"]!["certificate"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(ClusterCaPem()));

        var replaced = await SendAsync(HttpMethod.Put, $"{Collection}/once/status", "admin-token", other.ToJsonString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, replaced.Code);
        Assert.Contains("status.certificate: Forbidden: updates may not modify existing certificate content", replaced.Body.Str("message"));

        var patched = await SendAsync(HttpMethod.Patch, $"{Collection}/once", "admin-token", """{"spec":{"signerName":"example.com/other","usages":["any"]}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, patched.Code);
        Assert.Equal(ClientSigner, patched.Body.Str("spec", "signerName"));
        Assert.Equal(issued.Str("status", "certificate"), patched.Body.Str("status", "certificate"));
    }

    [Fact]
    public async Task MastersGroup_OnTheClientSigner_Is403()
    {
        var (code, status) = await SendAsync(HttpMethod.Post, Collection, "admin-token", CsrRequests.Body("root", CsrRequests.New("CN=root,O=system:masters").Request, ClientSigner));

        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Equal("certificatesigningrequests.certificates.k8s.io \"root\" is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed", status.Str("message"));
    }

    [Fact]
    public async Task KubeletClientSigner_FailsASubjectOutsideSystemNodes()
    {
        await CreateAsync("node", CsrRequests.New("CN=system:node:n1,O=dev").Request, "kubernetes.io/kube-apiserver-client-kubelet");
        await ApproveAsync("node", "admin-token");

        var failed = await Eventually.Get(() => GetAsync("node"),
            c => c["status"]?["conditions"]?.AsArray().Any(x => x.Str("type") == "Failed") == true, TimeSpan.FromSeconds(20), "Failed condition");
        var condition = failed["status"]!["conditions"]!.AsArray().Single(x => x.Str("type") == "Failed")!;
        Assert.Equal(("True", "SignerValidationFailure", "subject organization is not system:nodes"), (condition.Str("status"), condition.Str("reason"), condition.Str("message")));
        Assert.Null(failed["status"]!["certificate"]);
    }

    [Fact]
    public async Task Approval_NeedsApproveOnTheSigner_BesidesUpdateOnTheSubresource()
    {
        await CreateAsync("alices", CsrRequests.New("CN=a").Request, "example.com/team");
        await SendAsync(HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/clusterroles", "admin-token",
            """{"metadata":{"name":"csr-approver"},"rules":[{"apiGroups":["certificates.k8s.io"],"resources":["certificatesigningrequests","certificatesigningrequests/approval"],"verbs":["get","update"]}]}""");
        await SendAsync(HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", "admin-token",
            """{"metadata":{"name":"alice-csr-approver"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"csr-approver"},"subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"alice"}]}""");
        await Eventually.True(async () => (await SendAsync(HttpMethod.Get, $"{Collection}/alices", "alice-token")).Code == HttpStatusCode.OK, TimeSpan.FromSeconds(20), "alice reads CSRs");

        var refused = await ApproveAsync("alices", "alice-token");
        Assert.Equal(HttpStatusCode.Forbidden, refused.Code);
        Assert.Equal("certificatesigningrequests.certificates.k8s.io \"alices\" is forbidden: user not permitted to approve requests with signerName \"example.com/team\"", refused.Body.Str("message"));

        // The signer's domain wildcard is the second name IsAuthorizedForSignerName asks for.
        await SendAsync(HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/clusterroles", "admin-token",
            """{"metadata":{"name":"example-signers"},"rules":[{"apiGroups":["certificates.k8s.io"],"resources":["signers"],"resourceNames":["example.com/*"],"verbs":["approve"]}]}""");
        await SendAsync(HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", "admin-token",
            """{"metadata":{"name":"alice-example-signers"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"example-signers"},"subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"alice"}]}""");
        await Eventually.True(async () => (await ApproveAsync("alices", "alice-token")).Code == HttpStatusCode.OK, TimeSpan.FromSeconds(20), "alice approves");
        Assert.Equal("Approved", (await GetAsync("alices"))["status"]!["conditions"]![0].Str("type"));
    }

    [Fact]
    public async Task BootstrapApproverRole_Approves_AndSettingTheCertificateNeedsSign()
    {
        await CreateAsync("by-alice", CsrRequests.New("CN=b").Request);
        await CreateAsync("self-signed", CsrRequests.New("CN=s").Request, "example.com/mine");
        var mine = await SendAsync(HttpMethod.Get, $"{Collection}?fieldSelector=spec.signerName%3Dexample.com%2Fmine", "admin-token");
        Assert.Equal(["self-signed"], mine.Body["items"]!.AsArray().Select(i => i.Str("metadata", "name")));
        await SendAsync(HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/clusterroles", "admin-token",
            """{"metadata":{"name":"csr-writer"},"rules":[{"apiGroups":["certificates.k8s.io"],"resources":["certificatesigningrequests","certificatesigningrequests/approval","certificatesigningrequests/status"],"verbs":["get","update"]}]}""");
        foreach (var role in new[] { "csr-writer", "system:certificates.k8s.io:kube-apiserver-client-approver" })
        {
            await SendAsync(HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", "admin-token",
                $$"""{"metadata":{"name":"alice-{{role.Replace(':', '-')}}"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"{{role}}"},"subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"alice"}]}""");
        }

        await Eventually.True(async () => (await ApproveAsync("by-alice", "alice-token")).Code == HttpStatusCode.OK, TimeSpan.FromSeconds(20), "alice approves through the bootstrap role");
        var withCertificate = await GetAsync("self-signed");
        withCertificate["status"] = new JsonObject { ["certificate"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(CsrRequests.SelfSignedPem())) };
        var unsigned = await SendAsync(HttpMethod.Put, $"{Collection}/self-signed/status", "alice-token", withCertificate.ToJsonString());
        Assert.Equal(HttpStatusCode.Forbidden, unsigned.Code);
        Assert.Equal("certificatesigningrequests.certificates.k8s.io \"self-signed\" is forbidden: user not permitted to sign requests with signerName \"example.com/mine\"", unsigned.Body.Str("message"));
    }

    [Fact]
    public async Task Cleaner_DeletesARequestDeniedOverAnHourAgo_AndKeepsAFreshOne()
    {
        await CreateAsync("old-denial", CsrRequests.New("CN=o").Request);
        await CreateAsync("fresh", CsrRequests.New("CN=f").Request);
        var stale = JsonNode.Parse(CsrRequests.WithCondition(await GetAsync("old-denial"), "Denied"))!;
        // populateConditionTimestamps keeps a lastUpdateTime the approver gives.
        stale["status"]!["conditions"]![0]!["lastUpdateTime"] = DateTime.UtcNow.AddHours(-2).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Put, $"{Collection}/old-denial/approval", "admin-token", stale.ToJsonString())).Code);

        await Eventually.True(async () => (await SendAsync(HttpMethod.Get, $"{Collection}/old-denial", "admin-token")).Code == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(20), "the stale denial is deleted");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"{Collection}/fresh", "admin-token")).Code);
    }

    private string ClusterCaPem() => File.ReadAllText(Path.Combine(_dir, "csr-signing-ca.crt"));

    private async Task CreateAsync(string name, string request, string signer = ClientSigner)
    {
        var (code, body) = await SendAsync(HttpMethod.Post, Collection, "admin-token", CsrRequests.Body(name, request, signer));
        Assert.True(code == HttpStatusCode.Created, body.ToJsonString());
    }

    private async Task<JsonObject> GetAsync(string name) => (await SendAsync(HttpMethod.Get, $"{Collection}/{name}", "admin-token")).Body;

    private async Task<(HttpStatusCode Code, JsonObject Body)> ApproveAsync(string name, string token) =>
        await SendAsync(HttpMethod.Put, $"{Collection}/{name}/approval", token, CsrRequests.WithCondition(await GetAsync(name), "Approved"));

    private Task<JsonObject> IssuedAsync(string name) =>
        Eventually.Get(() => GetAsync(name), c => c["status"]?["certificate"] is not null, TimeSpan.FromSeconds(20), $"{name} issued");

    private async Task<(HttpStatusCode Code, JsonObject Body)> SendAsync(HttpMethod method, string path, string token, string? body = null, string type = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, type);
        }
        using var response = await _server.Http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }
}
