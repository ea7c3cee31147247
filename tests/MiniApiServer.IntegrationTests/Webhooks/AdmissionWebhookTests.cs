using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Webhooks.WebhookKit;

namespace MiniApiServer.IntegrationTests.Webhooks;

/// <summary>
/// Admission webhooks as kube-apiserver 1.32 calls them (apiserver admission/plugin/webhook): a real HTTPS webhook on
/// loopback, registered through the API, patching and refusing writes over HTTP. Expected reviews, messages and codes
/// are upstream's (webhook/request/admissionreview.go, errors/statuserror.go, util/webhook/error.go).
/// </summary>
public sealed class AdmissionWebhookTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task MutatingWebhook_PatchesACreatedPod_AndIsSentTheDefaultedObjectBeforeTheRegistryFillsItIn()
    {
        await using var webhook = await WebhookServer.StartAsync((_, _) =>
            Task.FromResult<JsonObject?>(WebhookServer.Patch("""[{"op":"add","path":"/metadata/labels/injected","value":"yes"}]""")));
        await Server.Http.CreateAsync(Mutating, Config("MutatingWebhookConfiguration", "inject", "inject.example.com", webhook.Url("/mutate"), webhook.CaBundle));

        var created = await Server.Http.CreateAsync(Pods, Pod("web", """{"app":"web"}"""));
        Assert.Equal("yes", created.Str("metadata", "labels", "injected"));
        Assert.Equal("yes", (await Server.Http.GetJsonAsync(Pods + "/web")).Str("metadata", "labels", "injected"));

        var (path, query, review) = Assert.Single(webhook.Received);
        Assert.Equal(("/mutate", "?timeout=10s"), (path, query));
        Assert.Equal(("admission.k8s.io/v1", "AdmissionReview"), (review.Str("apiVersion"), review.Str("kind")));
        var request = review["request"]!.AsObject();
        Assert.Equal("""{"group":"","version":"v1","kind":"Pod"}""", request["kind"]!.ToJsonString());
        Assert.Equal("""{"group":"","version":"v1","resource":"pods"}""", request["resource"]!.ToJsonString());
        Assert.Equal(request["kind"]!.ToJsonString(), request["requestKind"]!.ToJsonString());
        Assert.Equal(("CREATE", "web", "default", "false"), (request.Str("operation"), request.Str("name"), request.Str("namespace"), request["dryRun"]!.ToJsonString()));
        Assert.Equal(("CreateOptions", "meta.k8s.io/v1"), (request.Str("options", "kind"), request.Str("options", "apiVersion")));
        Assert.Null(request["oldObject"]);
        Assert.Equal(36, request.Str("uid")!.Length);
        Assert.NotEqual(created.Str("metadata", "uid"), request.Str("uid"));
        Assert.False(string.IsNullOrEmpty(request.Str("userInfo", "username")));
        // Decoded and defaulted (SetDefaults_Pod, SetDefaults_Container), but before rest.BeforeCreate: no uid, no creation time.
        var sent = request["object"]!.AsObject();
        Assert.Equal(("ClusterFirst", "Always", "/dev/termination-log"),
            (sent.Str("spec", "dnsPolicy"), sent.Str("spec", "restartPolicy"), sent["spec"]!["containers"]![0].Str("terminationMessagePath")));
        Assert.Null(sent["metadata"]!["uid"]);
        Assert.Null(sent["metadata"]!["creationTimestamp"]);
        Assert.Equal("""{"app":"web"}""", sent["metadata"]!["labels"]!.ToJsonString());
    }

    [Fact]
    public async Task ValidatingWebhook_RefusesWithItsOwnStatus_AndSeesTheAdmittedObject()
    {
        await using var webhook = await WebhookServer.StartAsync((_, request) =>
        {
            var name = request.Str("object", "metadata", "name");
            return Task.FromResult<JsonObject?>(name switch
            {
                "forbidden" => new JsonObject { ["allowed"] = false, ["status"] = new JsonObject { ["code"] = 403, ["reason"] = "Forbidden", ["message"] = "forbidden pods are not allowed" } },
                "silent" => new JsonObject { ["allowed"] = false },
                _ => new JsonObject { ["allowed"] = true, ["warnings"] = new JsonArray("pods are watched") },
            });
        });
        await Server.Http.CreateAsync(Validating, Config("ValidatingWebhookConfiguration", "policy", "policy.example.com", webhook.Url("/validate"), webhook.CaBundle));

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, Pods, Pod("forbidden"));
        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Equal(("admission webhook \"policy.example.com\" denied the request: forbidden pods are not allowed", "Forbidden", "403"),
            (status.Str("message"), status.Str("reason"), status["code"]!.ToJsonString()));

        (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, Pods, Pod("silent"));
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("admission webhook \"policy.example.com\" denied the request without explanation", status.Str("message"));

        using var allowed = await Server.Http.PostAsync(Pods, new StringContent(Pod("fine"), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        Assert.Contains("299 - \"pods are watched\"", allowed.Headers.GetValues("Warning"));
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Http.SendJsonAsync(HttpMethod.Get, Pods + "/forbidden")).Code);

        // Validating webhooks run after rest.BeforeCreate: the object has its uid and creation time.
        var fine = webhook.Received.Select(r => r.Review["request"]!).Single(r => r.Str("object", "metadata", "name") == "fine");
        Assert.False(string.IsNullOrEmpty(fine.Str("object", "metadata", "uid")));
        Assert.False(string.IsNullOrEmpty(fine.Str("object", "metadata", "creationTimestamp")));
    }

    [Fact]
    public async Task AServicesWebhook_SeesItsClusterIp_AndARefusalGivesTheIpBack()
    {
        await using var webhook = await WebhookServer.StartAsync((_, request) => Task.FromResult<JsonObject?>(
            request.Str("object", "metadata", "name") == "refused" ? new JsonObject { ["allowed"] = false } : null));
        await Server.Http.CreateAsync(Validating, Config("ValidatingWebhookConfiguration", "svc", "svc.example.com", webhook.Url("/v"), webhook.CaBundle,
            """[{"operations":["CREATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["services"]}]"""));
        const string services = "/api/v1/namespaces/default/services";

        var (code, _) = await Server.Http.SendJsonAsync(HttpMethod.Post, services,
            """{"metadata":{"name":"refused"},"spec":{"clusterIP":"10.96.0.77","ports":[{"port":80}]}}""");
        Assert.Equal(HttpStatusCode.BadRequest, code);
        var seen = Assert.Single(webhook.Received).Review["request"]!;
        Assert.Equal("10.96.0.77", seen.Str("object", "spec", "clusterIP"));

        // beginCreate's claim was given back: another Service may take the address at once.
        var taken = await Server.Http.CreateAsync(services, """{"metadata":{"name":"taker"},"spec":{"clusterIP":"10.96.0.77","ports":[{"port":80}]}}""");
        Assert.Equal("10.96.0.77", taken.Str("spec", "clusterIP"));
        Assert.Matches(@"^10\.96\.\d+\.\d+$", webhook.Received.Last().Review["request"].Str("object", "spec", "clusterIP"));
    }

    [Fact]
    public async Task AWebhookThatCannotBeCalled_FailsTheWriteUnderFail_IsSkippedUnderIgnore_AndNeverGuardsItsOwnConfiguration()
    {
        // A loopback port bound, then let go: nothing listens on it.
        var port = ServerCli.FreePort();
        var url = $"https://127.0.0.1:{port}/x";
        await using var webhook = await WebhookServer.StartAsync((_, _) => Task.FromResult<JsonObject?>(null));
        var everything = """[{"operations":["*"],"apiGroups":["*"],"apiVersions":["*"],"resources":["*/*"]}]""";
        await Server.Http.CreateAsync(Validating, Config("ValidatingWebhookConfiguration", "dead", "dead.example.com", url, webhook.CaBundle, everything));

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, Pods, Pod("a"));
        Assert.Equal(HttpStatusCode.InternalServerError, code);
        var error = $"failed calling webhook \"dead.example.com\": failed to call webhook: Post \"{url}?timeout=10s\": dial tcp 127.0.0.1:{port}: connect: connection refused";
        Assert.Equal(("InternalError", "Internal error occurred: " + error), (status.Str("reason"), status.Str("message")));
        Assert.Equal(error, status["details"]!["causes"]![0].Str("message"));

        // Configurations are exempt, so a broken webhook can always be fixed or removed (IsExemptAdmissionConfigurationResource).
        var patched = await Server.Http.SendJsonAsync(HttpMethod.Patch, Validating + "/dead",
            """[{"op":"replace","path":"/webhooks/0/failurePolicy","value":"Ignore"}]""", "application/json-patch+json");
        Assert.Equal((HttpStatusCode.OK, "Ignore"), (patched.Code, patched.Body["webhooks"]![0].Str("failurePolicy")));
        Assert.Equal(HttpStatusCode.Created, (await Server.Http.SendJsonAsync(HttpMethod.Post, Pods, Pod("b"))).Code);
        Assert.Equal(HttpStatusCode.OK, await Server.Http.DeleteJsonAsync(Validating + "/dead"));
    }

    [Fact]
    public async Task TheCaBundleDecidesTrust_AndASlowWebhookTimesOut()
    {
        await using var slow = await WebhookServer.StartAsync(async (_, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            return null;
        });
        await using var other = await WebhookServer.StartAsync((_, _) => Task.FromResult<JsonObject?>(null));
        await Server.Http.CreateAsync(Validating, Config("ValidatingWebhookConfiguration", "untrusted", "untrusted.example.com", slow.Url("/v"), other.CaBundle));
        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, Pods, Pod("a"));
        Assert.Equal(HttpStatusCode.InternalServerError, code);
        Assert.Equal($"Internal error occurred: failed calling webhook \"untrusted.example.com\": failed to call webhook: Post \"{slow.Url("/v")}?timeout=10s\": "
            + "tls: failed to verify certificate: x509: certificate signed by unknown authority", status.Str("message"));
        Assert.Empty(slow.Received);

        await Server.Http.DeleteJsonAsync(Validating + "/untrusted");
        await Server.Http.CreateAsync(Validating, Config("ValidatingWebhookConfiguration", "slow", "slow.example.com", slow.Url("/v"), slow.CaBundle, extra: ""","timeoutSeconds":1"""));
        (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, Pods, Pod("b"));
        Assert.Equal(HttpStatusCode.InternalServerError, code);
        Assert.Equal($"Internal error occurred: failed calling webhook \"slow.example.com\": failed to call webhook: Post \"{slow.Url("/v")}?timeout=1s\": context deadline exceeded",
            status.Str("message"));
    }
}
