using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Security;

/// <summary>
/// The delegated-auth reviews (pkg/registry/authorization/subjectaccessreview, localsubjectaccessreview and
/// pkg/registry/authentication/tokenreview): what another user may do and whose a token is, answered over HTTP as
/// kube-apiserver 1.32 answers them, and allowed to system:auth-delegator, not to every user.
/// </summary>
public sealed class ReviewApiTests : IAsyncLifetime
{
    private const string ApiAudience = "https://kubernetes.default.svc.cluster.local";

    // Quotes inside strings as \" rather than \u0022, so the expected JSON below reads as kube-apiserver writes it.
    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private ApiServerHost _server = null!;

    public async Task InitializeAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var tokens = Path.Combine(dir, "tokens.csv");
        await File.WriteAllTextAsync(tokens, "admin-token,admin,1,\"system:masters\"\nalice-token,alice,2,\"dev\"\nproxy-token,proxy,3\n");
        _server = ApiServerHost.Start(Path.Combine(dir, "cluster.db"), settings: new Dictionary<string, string> { ["token-auth-file"] = tokens });
        await Admin(HttpMethod.Post, "/api/v1/namespaces", """{"metadata":{"name":"team"}}""");
        await Admin(HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings",
            """{"metadata":{"name":"alice-edit"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"edit"},"subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"alice"}]}""");
        await Admin(HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
            """{"metadata":{"name":"proxy-delegator"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"system:auth-delegator"},"subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"proxy"}]}""");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SubjectAccessReview_AnswersForTheUserInTheSpec_AsTheDelegatorAsks()
    {
        // The bindings reach the authorizer through an informer, a moment after the writes.
        var allowed = await Eventually.Get(() => Review("proxy-token", "/apis/authorization.k8s.io/v1/subjectaccessreviews",
                """{"kind":"SubjectAccessReview","apiVersion":"authorization.k8s.io/v1","spec":{"user":"alice","resourceAttributes":{"namespace":"team","verb":"create","resource":"configmaps"}}}"""),
            review => review["status"]!["allowed"]!.GetValue<bool>(), TimeSpan.FromSeconds(20), "alice's binding and proxy's in effect");
        Assert.Equal("""{"allowed":true,"reason":"RBAC: allowed by RoleBinding \"alice-edit/team\" of ClusterRole \"edit\" to User \"alice\""}""",
            allowed["status"]!.ToJsonString(Relaxed));
        Assert.Equal("""{"creationTimestamp":null}""", allowed["metadata"]!.ToJsonString(Relaxed));
        Assert.Equal("alice", allowed["spec"]!["user"]!.GetValue<string>());

        // No group is added to the subject: alice alone is not system:authenticated, so the discovery role does not apply.
        var elsewhere = await Review("proxy-token", "/apis/authorization.k8s.io/v1/subjectaccessreviews",
            """{"spec":{"user":"alice","resourceAttributes":{"namespace":"default","verb":"create","resource":"configmaps"}}}""");
        Assert.Equal("""{"allowed":false}""", elsewhere["status"]!.ToJsonString(Relaxed));
        var health = await Review("proxy-token", "/apis/authorization.k8s.io/v1/subjectaccessreviews",
            """{"spec":{"groups":["system:unauthenticated"],"nonResourceAttributes":{"path":"/healthz","verb":"get"}}}""");
        Assert.True(health["status"]!["allowed"]!.GetValue<bool>());
        var version = await Review("proxy-token", "/apis/authorization.k8s.io/v1/subjectaccessreviews",
            """{"spec":{"user":"nobody","nonResourceAttributes":{"path":"/version","verb":"get"}}}""");
        Assert.False(version["status"]!["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Reviews_AreForbidden_ToUsersWithoutAuthDelegator()
    {
        await AssertStatus("alice-token", "/apis/authorization.k8s.io/v1/subjectaccessreviews",
            """{"spec":{"user":"alice","resourceAttributes":{"verb":"get","resource":"pods"}}}""", HttpStatusCode.Forbidden,
            "subjectaccessreviews.authorization.k8s.io is forbidden: User \"alice\" cannot create resource \"subjectaccessreviews\" in API group \"authorization.k8s.io\" at the cluster scope");
        await AssertStatus("alice-token", "/apis/authentication.k8s.io/v1/tokenreviews", """{"spec":{"token":"admin-token"}}""", HttpStatusCode.Forbidden,
            "tokenreviews.authentication.k8s.io is forbidden: User \"alice\" cannot create resource \"tokenreviews\" in API group \"authentication.k8s.io\" at the cluster scope");
        // admin (aggregated from system:aggregate-to-admin) may create localsubjectaccessreviews; edit may not.
        await AssertStatus("alice-token", "/apis/authorization.k8s.io/v1/namespaces/team/localsubjectaccessreviews",
            """{"spec":{"user":"bob","resourceAttributes":{"namespace":"team","verb":"get","resource":"pods"}}}""", HttpStatusCode.Forbidden,
            "localsubjectaccessreviews.authorization.k8s.io is forbidden: User \"alice\" cannot create resource \"localsubjectaccessreviews\" in API group \"authorization.k8s.io\" in the namespace \"team\"");
    }

    [Fact]
    public async Task SubjectAccessReview_Validation_IsUpstreams()
    {
        const string path = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
        await AssertInvalid(path, """{"spec":{}}""",
            ".authorization.k8s.io \"\" is invalid: [spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified, "
            + "spec.user: Invalid value: \"\": at least one of user or group must be specified]");
        await AssertInvalid(path, """{"spec":{"user":"u","resourceAttributes":{"verb":"get"},"nonResourceAttributes":{"path":"/healthz","verb":"get"}}}""",
            ".authorization.k8s.io \"\" is invalid: spec.nonResourceAttributes: Invalid value: authorization.NonResourceAttributes{Path:\"/healthz\", Verb:\"get\"}: cannot be specified in combination with resourceAttributes");
        await AssertInvalid(path, """{"metadata":{"name":"named"},"spec":{"user":"u","resourceAttributes":{"verb":"get"}}}""",
            ".authorization.k8s.io \"\" is invalid: metadata: Invalid value: {\"name\":\"named\"}: must be empty");
        await AssertInvalid(path, """{"spec":{"user":"u","resourceAttributes":{"verb":"list","resource":"pods","labelSelector":{}}}}""",
            ".authorization.k8s.io \"\" is invalid: spec.resourceAttributes.labelSelector.requirements: Required value: when spec.resourceAttributes.labelSelector is specified, requirements or rawSelector is required");
        // The self review shares the spec rules, without the subject.
        await AssertInvalid("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", """{"metadata":{"creationTimestamp":null},"spec":{}}""",
            ".authorization.k8s.io \"\" is invalid: spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified");
    }

    [Fact]
    public async Task LocalSubjectAccessReview_IsHeldToItsNamespace()
    {
        const string path = "/apis/authorization.k8s.io/v1/namespaces/team/localsubjectaccessreviews";
        var review = await Eventually.Get(
            () => Review("admin-token", path, """{"spec":{"user":"alice","resourceAttributes":{"namespace":"team","verb":"delete","resource":"pods"}}}"""),
            r => r["status"]!["allowed"]!.GetValue<bool>(), TimeSpan.FromSeconds(20), "alice's binding in effect");
        Assert.Equal("LocalSubjectAccessReview", review["kind"]!.GetValue<string>());
        Assert.Equal("""{"namespace":"team","creationTimestamp":null}""", review["metadata"]!.ToJsonString(Relaxed));

        await AssertInvalid(path, """{"spec":{"user":"alice","resourceAttributes":{"verb":"delete","resource":"pods"}}}""",
            ".authorization.k8s.io \"\" is invalid: spec.resourceAttributes.namespace: Invalid value: \"\": must match metadata.namespace");
        await AssertInvalid(path, """{"spec":{"user":"alice","nonResourceAttributes":{"path":"/metrics","verb":"get"}}}""",
            ".authorization.k8s.io \"\" is invalid: spec.nonResourceAttributes: Invalid value: authorization.NonResourceAttributes{Path:\"/metrics\", Verb:\"get\"}: disallowed on this kind of request");
        await AssertStatus("admin-token", path, """{"metadata":{"namespace":"other"},"spec":{"user":"alice","resourceAttributes":{"namespace":"other","verb":"get","resource":"pods"}}}""",
            HttpStatusCode.BadRequest, "the namespace of the provided object does not match the namespace sent on the request");
    }

    [Fact]
    public async Task TokenReview_NamesTheTokensUser_ForTheAudiencesAsked()
    {
        const string path = "/apis/authentication.k8s.io/v1/tokenreviews";
        var admin = await Review("proxy-token", path, """{"kind":"TokenReview","apiVersion":"authentication.k8s.io/v1","spec":{"token":"alice-token"}}""");
        Assert.Equal("TokenReview", admin["kind"]!.GetValue<string>());
        Assert.Equal($$$"""{"authenticated":true,"user":{"username":"alice","uid":"2","groups":["dev","system:authenticated"]},"audiences":["{{{ApiAudience}}}"]}""",
            admin["status"]!.ToJsonString(Relaxed));
        Assert.Equal("""{"user":{},"error":"invalid bearer token"}""",
            (await Review("proxy-token", path, """{"spec":{"token":"no-such-token"}}"""))["status"]!.ToJsonString(Relaxed));
        // The token file knows no audience but the API's own (WrapAudienceAgnosticToken).
        Assert.Equal("""{"user":{},"error":"invalid bearer token"}""",
            (await Review("proxy-token", path, """{"spec":{"token":"alice-token","audiences":["vault"]}}"""))["status"]!.ToJsonString(Relaxed));
        await AssertStatus("proxy-token", path, """{"spec":{}}""", HttpStatusCode.BadRequest, "token is required for TokenReview in authentication");

        await Admin(HttpMethod.Post, "/api/v1/namespaces/team/serviceaccounts", """{"metadata":{"name":"robot"}}""");
        var account = await Admin(HttpMethod.Get, "/api/v1/namespaces/team/serviceaccounts/robot", null);
        var uid = account["metadata"]!["uid"]!.GetValue<string>();
        var issued = await Admin(HttpMethod.Post, "/api/v1/namespaces/team/serviceaccounts/robot/token", """{"spec":{"audiences":["vault","other"]}}""");
        var token = issued["status"]!["token"]!.GetValue<string>();
        var jti = JsonNode.Parse(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1])))!["jti"]!.GetValue<string>();

        var forVault = await Review("proxy-token", path, $$$"""{"spec":{"token":"{{{token}}}","audiences":["vault"]}}""");
        Assert.Equal($$$"""{"authenticated":true,"user":{"username":"system:serviceaccount:team:robot","uid":"{{{uid}}}","groups":["system:serviceaccounts","system:serviceaccounts:team","system:authenticated"],"extra":{"authentication.kubernetes.io/credential-id":["JTI={{{jti}}}"]}},"audiences":["vault"]}""",
            forVault["status"]!.ToJsonString(Relaxed));
        Assert.Equal(token, forVault["spec"]!["token"]!.GetValue<string>());
        Assert.Equal($$$"""{"user":{},"error":"[invalid bearer token, token audiences [\"vault\" \"other\"] is invalid for the target audiences [\"{{{ApiAudience}}}\"]]"}""",
            (await Review("proxy-token", path, $$$"""{"spec":{"token":"{{{token}}}"}}"""))["status"]!.ToJsonString(Relaxed));

        // Deleting the account revokes its tokens, and the review says why.
        await Admin(HttpMethod.Delete, "/api/v1/namespaces/team/serviceaccounts/robot", null);
        var revoked = await Eventually.Get(() => Review("proxy-token", path, $$$"""{"spec":{"token":"{{{token}}}","audiences":["vault"]}}"""),
            r => r["status"]!["authenticated"] is null, TimeSpan.FromSeconds(20), "the deletion reaches the cache the authenticator reads");
        Assert.Equal("""{"user":{},"error":"[invalid bearer token, serviceaccounts \"robot\" not found]"}""", revoked["status"]!.ToJsonString(Relaxed));
    }

    /// <summary>A token bound to a pod (token.go, claims.go): it names the pod and its node, and dies with the pod.</summary>
    [Fact]
    public async Task TokenRequest_BoundToAPod_NamesThePodAndNode_AndDiesWithThePod()
    {
        await Admin(HttpMethod.Post, "/api/v1/namespaces/team/serviceaccounts", """{"metadata":{"name":"web"}}""");
        var node = await Admin(HttpMethod.Post, "/api/v1/nodes", """{"metadata":{"name":"n1"}}""");
        var pod = await Admin(HttpMethod.Post, "/api/v1/namespaces/team/pods",
            """{"metadata":{"name":"web-0"},"spec":{"serviceAccountName":"web","nodeName":"n1","containers":[{"name":"app","image":"nginx"}]}}""");
        var (nodeUid, podUid) = (node["metadata"]!["uid"]!.GetValue<string>(), pod["metadata"]!["uid"]!.GetValue<string>());

        // The kubelet's request: 3607 s for the API, which kube-apiserver issues for a year and warns after 3607 s.
        var issued = await Admin(HttpMethod.Post, "/api/v1/namespaces/team/serviceaccounts/web/token",
            """{"spec":{"expirationSeconds":3607,"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"web-0"}}}""");
        var token = issued["status"]!["token"]!.GetValue<string>();
        var claims = JsonNode.Parse(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1])))!;
        var issuedAt = claims["iat"]!.GetValue<long>();
        Assert.Equal(issuedAt + 365 * 24 * 3600, claims["exp"]!.GetValue<long>());
        Assert.Equal($$$"""{"namespace":"team","node":{"name":"n1","uid":"{{{nodeUid}}}"},"pod":{"name":"web-0","uid":"{{{podUid}}}"},"serviceaccount":{"name":"web","uid":"{{{(await Admin(HttpMethod.Get, "/api/v1/namespaces/team/serviceaccounts/web", null))["metadata"]!["uid"]}}}"},"warnafter":{{{issuedAt + 3607}}}}""",
            claims["kubernetes.io"]!.ToJsonString(Relaxed));
        var expires = DateTimeOffset.Parse(issued["status"]!["expirationTimestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires.ToUnixTimeSeconds() - issuedAt, 3606, 3608);

        // Only a token for the API alone is extended (isKubeAudiences): another audience gets the 3607 s asked for.
        var shared = (await Admin(HttpMethod.Post, "/api/v1/namespaces/team/serviceaccounts/web/token",
            """{"spec":{"expirationSeconds":3607,"audiences":["API","vault"],"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"web-0"}}}""".Replace("API", ApiAudience, StringComparison.Ordinal)))["status"]!["token"]!.GetValue<string>();
        var sharedClaims = JsonNode.Parse(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(shared.Split('.')[1])))!;
        Assert.Equal(3607, sharedClaims["exp"]!.GetValue<long>() - sharedClaims["iat"]!.GetValue<long>());
        Assert.Null(sharedClaims["kubernetes.io"]!["warnafter"]);

        var review = await Review("proxy-token", "/apis/authentication.k8s.io/v1/tokenreviews", $$$"""{"spec":{"token":"{{{token}}}"}}""");
        Assert.Equal($$$"""{"authentication.kubernetes.io/credential-id":["JTI={{{claims["jti"]}}}"],"authentication.kubernetes.io/node-name":["n1"],"authentication.kubernetes.io/node-uid":["{{{nodeUid}}}"],"authentication.kubernetes.io/pod-name":["web-0"],"authentication.kubernetes.io/pod-uid":["{{{podUid}}}"]}""",
            review["status"]!["user"]!["extra"]!.ToJsonString(Relaxed));

        await Admin(HttpMethod.Delete, "/api/v1/namespaces/team/pods/web-0?gracePeriodSeconds=0", null);
        var revoked = await Eventually.Get(() => Review("proxy-token", "/apis/authentication.k8s.io/v1/tokenreviews", $$$"""{"spec":{"token":"{{{token}}}"}}"""),
            r => r["status"]!["authenticated"] is null, TimeSpan.FromSeconds(20), "the pod's deletion reaches the cache");
        Assert.Equal("[invalid bearer token, service account token has been invalidated]", revoked["status"]!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task TokenRequest_Refusals_AreUpstreams()
    {
        const string path = "/api/v1/namespaces/team/serviceaccounts/robot/token";
        await Admin(HttpMethod.Post, "/api/v1/namespaces/team/serviceaccounts", """{"metadata":{"name":"robot"}}""");
        await Admin(HttpMethod.Post, "/api/v1/namespaces/team/configmaps", """{"metadata":{"name":"settings"}}""");
        var pod = await Admin(HttpMethod.Post, "/api/v1/namespaces/team/pods", """{"metadata":{"name":"other-account"},"spec":{"containers":[{"name":"app","image":"nginx"}]}}""");

        await AssertStatus("admin-token", path, """{"spec":{"expirationSeconds":300}}""", HttpStatusCode.UnprocessableEntity,
            "TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes");
        await AssertStatus("admin-token", path, """{"metadata":{"name":"someone"},"spec":{}}""", HttpStatusCode.UnprocessableEntity,
            "TokenRequest.authentication.k8s.io \"robot\" is invalid: metadata.name: Invalid value: \"someone\": must match the service account name if specified");
        await AssertStatus("admin-token", path, """{"spec":{"boundObjectRef":{"kind":"ConfigMap","apiVersion":"v1","name":"settings"}}}""", HttpStatusCode.BadRequest,
            "cannot bind token to object of type /v1, Kind=ConfigMap");
        await AssertStatus("admin-token", path, """{"spec":{"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"nope"}}}""", HttpStatusCode.NotFound,
            "pods \"nope\" not found");
        await AssertStatus("admin-token", path, """{"spec":{"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"other-account"}}}""", HttpStatusCode.BadRequest,
            "cannot bind token for serviceaccount \"robot\" to pod running with different serviceaccount name.");
        await AssertStatus("admin-token", path, """{"spec":{"boundObjectRef":{"kind":"Secret","apiVersion":"v1","name":"nope"}}}""", HttpStatusCode.NotFound,
            "secrets \"nope\" not found");
        Assert.Equal("default", pod["spec"]!["serviceAccountName"]!.GetValue<string>());

        // A uid that is not the object's: it was deleted and recreated since the caller read it.
        await Admin(HttpMethod.Post, "/api/v1/namespaces/team/secrets", """{"metadata":{"name":"key"}}""");
        await AssertStatus("admin-token", path, """{"spec":{"boundObjectRef":{"kind":"Secret","apiVersion":"v1","name":"key","uid":"0000"}}}""", HttpStatusCode.Conflict,
            "Operation cannot be fulfilled on Secret \"key\": the UID in the bound object reference (0000) does not match the UID in record. The object might have been deleted and then recreated");
    }

    /// <summary>
    /// ServiceAccountIssuerDiscovery: a relying party outside the cluster verifies a token with the published key alone,
    /// and every ServiceAccount may read it (system:service-account-issuer-discovery), other users not.
    /// </summary>
    [Fact]
    public async Task IssuerDiscovery_PublishesTheKeyThatVerifiesTokens()
    {
        await Admin(HttpMethod.Post, "/api/v1/namespaces/team/serviceaccounts", """{"metadata":{"name":"reader"}}""");
        var token = (await Admin(HttpMethod.Post, "/api/v1/namespaces/team/serviceaccounts/reader/token", """{"spec":{"audiences":["vault"]}}"""))["status"]!["token"]!.GetValue<string>();
        var apiToken = (await Admin(HttpMethod.Post, "/api/v1/namespaces/team/serviceaccounts/reader/token", "{}"))["status"]!["token"]!.GetValue<string>();

        using var configuration = await SendAsync(HttpMethod.Get, "/.well-known/openid-configuration", apiToken, null);
        Assert.Equal(HttpStatusCode.OK, configuration.StatusCode);
        Assert.Equal("public, max-age=3600", configuration.Headers.CacheControl?.ToString());
        var document = JsonNode.Parse(await configuration.Content.ReadAsStringAsync())!;
        Assert.Equal($$$"""{"issuer":"{{{ApiAudience}}}","jwks_uri":"{{{_server.Http.BaseAddress!.ToString().TrimEnd('/')}}}/openid/v1/jwks","response_types_supported":["id_token"],"subject_types_supported":["public"],"id_token_signing_alg_values_supported":["ES256"]}""",
            document.ToJsonString(Relaxed));

        using var keySet = await SendAsync(HttpMethod.Get, "/openid/v1/jwks", apiToken, null);
        Assert.Equal("application/jwk-set+json", keySet.Content.Headers.ContentType?.MediaType);
        var key = Assert.Single(JsonNode.Parse(await keySet.Content.ReadAsStringAsync())!["keys"]!.AsArray())!;
        Assert.Equal(("sig", "EC", "P-256", "ES256"), (key["use"]!.GetValue<string>(), key["kty"]!.GetValue<string>(), key["crv"]!.GetValue<string>(), key["alg"]!.GetValue<string>()));
        using var verifier = System.Security.Cryptography.ECDsa.Create(new System.Security.Cryptography.ECParameters
        {
            Curve = System.Security.Cryptography.ECCurve.NamedCurves.nistP256,
            Q = new() { X = System.Buffers.Text.Base64Url.DecodeFromChars(key["x"]!.GetValue<string>()), Y = System.Buffers.Text.Base64Url.DecodeFromChars(key["y"]!.GetValue<string>()) },
        });
        var parts = token.Split('.');
        var header = JsonNode.Parse(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[0])))!;
        Assert.Equal(key["kid"]!.GetValue<string>(), header["kid"]!.GetValue<string>());
        Assert.True(verifier.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]), System.Security.Cryptography.HashAlgorithmName.SHA256),
            "the published key verifies the vault token's signature");

        using var forbidden = await SendAsync(HttpMethod.Get, "/openid/v1/jwks", "alice-token", null);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    /// <summary>A body whose values have the wrong JSON type is the decoder's 400, as every create's is, never a 500.</summary>
    [Fact]
    public async Task BodiesOfTheWrongShape_AreTheDecodersBadRequests()
    {
        await AssertStatus("admin-token", "/apis/authentication.k8s.io/v1/tokenreviews", """{"spec":{"token":5}}""", HttpStatusCode.BadRequest,
            "TokenReview in version \"v1\" cannot be handled as a TokenReview: json: cannot unmarshal number into Go struct field TokenReviewSpec.spec.token of type string");
        await AssertStatus("admin-token", "/apis/authorization.k8s.io/v1/subjectaccessreviews", """{"spec":{"groups":"dev"}}""", HttpStatusCode.BadRequest,
            "SubjectAccessReview in version \"v1\" cannot be handled as a SubjectAccessReview: json: cannot unmarshal string into Go struct field SubjectAccessReviewSpec.spec.groups of type []string");
        await AssertStatus("admin-token", "/apis/authorization.k8s.io/v1/namespaces/team/localsubjectaccessreviews", """{"spec":"x"}""", HttpStatusCode.BadRequest,
            "LocalSubjectAccessReview in version \"v1\" cannot be handled as a LocalSubjectAccessReview: json: cannot unmarshal string into Go struct field LocalSubjectAccessReview.spec of type v1.SubjectAccessReviewSpec");
        await AssertStatus("admin-token", "/api/v1/namespaces/default/serviceaccounts/default/token", """{"spec":{"audiences":[1]}}""", HttpStatusCode.BadRequest,
            "TokenRequest in version \"v1\" cannot be handled as a TokenRequest: json: cannot unmarshal number into Go struct field TokenRequestSpec.spec.audiences of type string");
        await AssertStatus("admin-token", "/api/v1/namespaces/default/serviceaccounts/default/token", """{"spec":{"boundObjectRef":{"kind":"Pod"}}}""", HttpStatusCode.BadRequest,
            "Name parameter required.");
        await AssertStatus("admin-token", "/apis/authentication.k8s.io/v1/tokenreviews", "[]", HttpStatusCode.BadRequest, "the request body must be a JSON object");
    }

    [Fact]
    public async Task Discovery_ListsTheReviews_CreateOnly()
    {
        var authentication = await Admin(HttpMethod.Get, "/apis/authentication.k8s.io/v1", null);
        var tokenReviews = Assert.Single(authentication["resources"]!.AsArray(), r => r!["name"]!.GetValue<string>() == "tokenreviews");
        Assert.Equal("""{"name":"tokenreviews","singularName":"tokenreview","namespaced":false,"kind":"TokenReview","verbs":["create"]}""",
            Without(tokenReviews!, "storageVersionHash").ToJsonString());
        var authorization = await Admin(HttpMethod.Get, "/apis/authorization.k8s.io/v1", null);
        var names = authorization["resources"]!.AsArray().Select(r => $"{r!["name"]}:{r["namespaced"]}").Order(StringComparer.Ordinal);
        Assert.Equal(["localsubjectaccessreviews:true", "selfsubjectaccessreviews:false", "selfsubjectrulesreviews:false", "subjectaccessreviews:false"], names);
    }

    private static JsonObject Without(JsonNode node, string property)
    {
        var copy = node.DeepClone().AsObject();
        copy.Remove(property);
        return copy;
    }

    private async Task<JsonObject> Review(string token, string path, string body)
    {
        using var resp = await SendAsync(HttpMethod.Post, path, token, body);
        var text = await resp.Content.ReadAsStringAsync();
        Assert.True(resp.StatusCode == HttpStatusCode.Created, $"{path}: {(int)resp.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private async Task<JsonObject> Admin(HttpMethod method, string path, string? body)
    {
        using var resp = await SendAsync(method, path, "admin-token", body);
        var text = await resp.Content.ReadAsStringAsync();
        Assert.True(resp.IsSuccessStatusCode, $"{method} {path}: {(int)resp.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private Task AssertInvalid(string path, string body, string message) =>
        AssertStatus("admin-token", path, body, HttpStatusCode.UnprocessableEntity, message);

    private async Task AssertStatus(string token, string path, string body, HttpStatusCode code, string message)
    {
        using var resp = await SendAsync(HttpMethod.Post, path, token, body);
        var status = JsonNode.Parse(await resp.Content.ReadAsStringAsync())!;
        Assert.Equal((code, message), (resp.StatusCode, status["message"]?.GetValue<string>()));
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal((int)code, status["code"]!.GetValue<int>());
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        return await _server.Http.SendAsync(request);
    }
}
