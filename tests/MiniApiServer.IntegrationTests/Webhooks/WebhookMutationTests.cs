using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Webhooks.WebhookKit;

namespace MiniApiServer.IntegrationTests.Webhooks;

/// <summary>
/// What mutating webhooks' patches do to a write: several in order with one reinvocation round (mutating/dispatcher.go,
/// reinvocationcontext.go), a patched Job still getting the selector its uid names, an update's object defaulted before
/// the webhooks see it, and failures under Ignore that let the write through.
/// </summary>
public sealed class WebhookMutationTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task MutatingWebhooks_RunInConfigurationNameOrder_AndAnIfNeededOneSeesTheLaterPatch()
    {
        await using var webhook = await WebhookServer.StartAsync((path, request) =>
        {
            var labels = request["object"]!["metadata"]!["labels"] as JsonObject;
            var key = path.TrimStart('/');
            var value = path == "/first" ? (labels?.ContainsKey("second") == true ? "after-second" : "before-second") : "yes";
            var patch = labels is null
                ? new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/metadata/labels", ["value"] = new JsonObject { [key] = value } })
                : new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/metadata/labels/" + key, ["value"] = value });
            return Task.FromResult<JsonObject?>(WebhookServer.Patch(patch.ToJsonString()));
        });
        // Named so that name order differs from creation order.
        await Server.Http.CreateAsync(Mutating, Config("MutatingWebhookConfiguration", "b-second", "second.example.com", webhook.Url("/second"), webhook.CaBundle));
        await Server.Http.CreateAsync(Mutating, Config("MutatingWebhookConfiguration", "a-first", "first.example.com", webhook.Url("/first"), webhook.CaBundle,
            extra: ""","reinvocationPolicy":"IfNeeded" """));

        var pod = await Server.Http.CreateAsync(Pods, """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}""");

        Assert.Equal(["/first", "/second", "/first"], webhook.Received.Select(r => r.Path));
        Assert.Equal(("after-second", "yes"), (pod.Str("metadata", "labels", "first"), pod.Str("metadata", "labels", "second")));
    }

    [Fact]
    public async Task AWebhooksPatch_IsCheckedByTheServiceAccountPluginAgain_AndTheWebhookSawTheTokenVolume()
    {
        await Server.Http.CreateAsync("/api/v1/namespaces/default/serviceaccounts",
            """{"metadata":{"name":"strict","annotations":{"kubernetes.io/enforce-mountable-secrets":"true"}},"secrets":[{"name":"allowed"}]}""");
        await using var webhook = await WebhookServer.StartAsync((_, _) => Task.FromResult<JsonObject?>(
            WebhookServer.Patch("""[{"op":"add","path":"/spec/volumes/-","value":{"name":"leak","secret":{"secretName":"elsewhere"}}}]""")));
        await Server.Http.CreateAsync(Mutating, Config("MutatingWebhookConfiguration", "add-secret", "secret.example.com", webhook.Url("/"), webhook.CaBundle));

        var (code, body) = await Server.Http.SendJsonAsync(HttpMethod.Post, Pods,
            """{"metadata":{"name":"p"},"spec":{"serviceAccountName":"strict","containers":[{"name":"c","image":"nginx"}]}}""");

        // ServiceAccount's Validate runs in the validating phase, after the webhook's patch (admission.go Validate).
        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Equal("pods \"p\" is forbidden: volume with secret.secretName=\"elsewhere\" is not allowed because service account strict does not reference that secret", body.Str("message"));
        // The plugin's mutation came before the webhook: it was sent the token volume.
        var sent = webhook.Received.Single().Review["request"]!["object"]!["spec"]!["volumes"]!.AsArray();
        Assert.StartsWith("kube-api-access-", sent.Single()!.Str("name"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEarlierPatch_BringsALaterWebhooksObjectSelectorIn()
    {
        await using var webhook = await WebhookServer.StartAsync((path, _) => Task.FromResult<JsonObject?>(path == "/label"
            ? WebhookServer.Patch("""[{"op":"add","path":"/metadata/labels","value":{"inject":"yes"}}]""")
            : WebhookServer.Patch("""[{"op":"add","path":"/metadata/annotations","value":{"injected":"yes"}}]""")));
        await Server.Http.CreateAsync(Mutating, Config("MutatingWebhookConfiguration", "a-label", "label.example.com", webhook.Url("/label"), webhook.CaBundle));
        await Server.Http.CreateAsync(Mutating, Config("MutatingWebhookConfiguration", "b-inject", "inject.example.com", webhook.Url("/inject"), webhook.CaBundle,
            extra: ""","objectSelector":{"matchLabels":{"inject":"yes"}}"""));

        var pod = await Server.Http.CreateAsync(Pods, """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}""");

        Assert.Equal(["/label", "/inject"], webhook.Received.Select(r => r.Path));
        Assert.Equal(("yes", "yes"), (pod.Str("metadata", "labels", "inject"), pod.Str("metadata", "annotations", "injected")));
    }

    [Fact]
    public async Task AnAddedContainer_IsDefaultedBeforeTheNextWebhookSeesIt()
    {
        await using var webhook = await WebhookServer.StartAsync((path, _) => Task.FromResult<JsonObject?>(path == "/sidecar"
            ? WebhookServer.Patch("""[{"op":"add","path":"/spec/containers/-","value":{"name":"sidecar","image":"envoy"}}]""")
            : null));
        await Server.Http.CreateAsync(Mutating, Config("MutatingWebhookConfiguration", "a-sidecar", "sidecar.example.com", webhook.Url("/sidecar"), webhook.CaBundle));
        await Server.Http.CreateAsync(Mutating, Config("MutatingWebhookConfiguration", "b-audit", "audit.example.com", webhook.Url("/audit"), webhook.CaBundle));

        var pod = await Server.Http.CreateAsync(Pods, Pod("p"));

        Assert.Equal(["c", "sidecar"], pod["spec"]!["containers"]!.AsArray().Select(c => c.Str("name")));
        var seen = webhook.Received.Single(r => r.Path == "/audit").Review["request"]!["object"]!["spec"]!["containers"]![1]!;
        // SetDefaults_Container ran on the patched pod (mutating/dispatcher.go defaults after each patch): an untagged image pulls Always.
        Assert.Equal(("/dev/termination-log", "File", "Always"),
            (seen.Str("terminationMessagePath"), seen.Str("terminationMessagePolicy"), seen.Str("imagePullPolicy")));
    }

    [Fact]
    public async Task APatchedJob_GetsTheSelectorOfItsOwnUid()
    {
        await using var webhook = await WebhookServer.StartAsync((_, _) =>
            Task.FromResult<JsonObject?>(WebhookServer.Patch("""[{"op":"add","path":"/metadata/labels","value":{"team":"batch"}}]""")));
        await Server.Http.CreateAsync(Mutating, Config("MutatingWebhookConfiguration", "label-jobs", "jobs.example.com", webhook.Url("/m"), webhook.CaBundle,
            """[{"operations":["CREATE"],"apiGroups":["batch"],"apiVersions":["v1"],"resources":["jobs"]}]"""));

        var job = await Server.Http.CreateAsync("/apis/batch/v1/namespaces/default/jobs", """
            {"metadata":{"name":"once"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}}
            """);
        var uid = job.Str("metadata", "uid");
        Assert.Equal("batch", job.Str("metadata", "labels", "team"));
        Assert.Equal(uid, job["spec"]!["selector"]!["matchLabels"]!.Str("batch.kubernetes.io/controller-uid"));
        Assert.Equal((uid, "once"), (job["spec"]!["template"]!["metadata"]!["labels"]!.Str("controller-uid"),
            job["spec"]!["template"]!["metadata"]!["labels"]!.Str("batch.kubernetes.io/job-name")));
        // The webhook saw the Job before the registry generated its selector, as upstream's handler calls it.
        var sent = Assert.Single(webhook.Received).Review["request"]!["object"]!;
        Assert.Null(sent["spec"]!["selector"]);
        Assert.Equal("Never", sent["spec"]!["template"]!["spec"].Str("restartPolicy"));
    }

    [Fact]
    public async Task AnUpdate_IsSentDefaulted_WithTheStoredObjectAsOldObject()
    {
        await using var webhook = await WebhookServer.StartAsync((_, _) =>
            Task.FromResult<JsonObject?>(WebhookServer.Patch("""[{"op":"replace","path":"/spec/sessionAffinity","value":"ClientIP"}]""")));
        var service = await Server.Http.CreateAsync("/api/v1/namespaces/default/services",
            """{"metadata":{"name":"svc"},"spec":{"selector":{"app":"a"},"ports":[{"port":80}]}}""");
        await Server.Http.CreateAsync(Mutating, Config("MutatingWebhookConfiguration", "affinity", "affinity.example.com", webhook.Url("/m"), webhook.CaBundle,
            """[{"operations":["UPDATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["services"]}]"""));

        // A PUT that leaves out a defaulted field: the webhook's replace finds it there, as on upstream.
        var body = service.DeepClone().AsObject();
        body["spec"]!.AsObject().Remove("sessionAffinity");
        body["metadata"]!["labels"] = new JsonObject { ["tier"] = "web" };
        var (code, updated) = await Server.Http.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/default/services/svc", body.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(("ClientIP", "web"), (updated.Str("spec", "sessionAffinity"), updated.Str("metadata", "labels", "tier")));
        var request = Assert.Single(webhook.Received).Review["request"]!;
        Assert.Equal(("UPDATE", "None", "None"), (request.Str("operation"), request.Str("object", "spec", "sessionAffinity"), request.Str("oldObject", "spec", "sessionAffinity")));
        Assert.Null(request["oldObject"]!["metadata"]!["labels"]);
    }

    [Fact]
    public async Task AScaleWrite_IsSentAsAnAutoscalingV1Scale_AndItsPatchScalesTheParent()
    {
        await using var webhook = await WebhookServer.StartAsync((_, request) => Task.FromResult<JsonObject?>(
            request["object"]!["spec"]!["replicas"]!.GetValue<int>() > 3 ? WebhookServer.Patch("""[{"op":"replace","path":"/spec/replicas","value":3}]""") : null));
        await Server.Http.CreateAsync("/apis/apps/v1/namespaces/default/deployments", """
            {"metadata":{"name":"web"},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
             "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}
            """);
        await Server.Http.CreateAsync(Mutating, Config("MutatingWebhookConfiguration", "cap", "cap.example.com", webhook.Url("/m"), webhook.CaBundle,
            """[{"operations":["UPDATE"],"apiGroups":["apps"],"apiVersions":["v1"],"resources":["deployments/scale"]}]"""));

        var (code, scale) = await Server.Http.SendJsonAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/default/deployments/web/scale",
            """{"spec":{"replicas":10}}""", "application/merge-patch+json");
        Assert.Equal((HttpStatusCode.OK, "3"), (code, scale["spec"]!["replicas"]!.ToJsonString()));
        Assert.Equal("3", (await Server.Http.GetJsonAsync("/apis/apps/v1/namespaces/default/deployments/web"))!["spec"]!["replicas"]!.ToJsonString());

        // A retry after the controller's status write wins the race calls the webhook again, as upstream's transformers are.
        var request = webhook.Received.First().Review["request"]!;
        Assert.Equal(("autoscaling", "v1", "Scale", "deployments", "scale"),
            (request.Str("kind", "group"), request.Str("kind", "version"), request.Str("kind", "kind"), request.Str("resource", "resource"), request.Str("subResource")));
        Assert.Equal(("Scale", "10", "1"),
            (request.Str("object", "kind"), request["object"]!["spec"]!["replicas"]!.ToJsonString(), request["oldObject"]!["spec"]!["replicas"]!.ToJsonString()));
    }

    [Fact]
    public async Task FailuresUnderIgnore_LetTheWriteThrough_AndAreCounted()
    {
        await using var webhook = await WebhookServer.StartAsync((_, _) => Task.FromResult<JsonObject?>(new JsonObject { ["allowed"] = true, ["uid"] = "not-the-one-sent" }));
        await using var other = await WebhookServer.StartAsync((_, _) => Task.FromResult<JsonObject?>(null));
        await Server.Http.CreateAsync(Mutating, Config("MutatingWebhookConfiguration", "untrusted", "untrusted.example.com", webhook.Url("/m"), other.CaBundle,
            extra: ""","failurePolicy":"Ignore" """));
        await Server.Http.CreateAsync(Validating, Config("ValidatingWebhookConfiguration", "confused", "confused.example.com", webhook.Url("/v"), webhook.CaBundle,
            extra: ""","failurePolicy":"Ignore" """));

        var pod = await Server.Http.CreateAsync(Pods, Pod("through"));
        Assert.Equal("through", pod.Str("metadata", "name"));
        var metrics = await Server.Http.GetStringAsync("/metrics");
        Assert.Contains("apiserver_admission_webhook_fail_open_count{name=\"untrusted.example.com\",type=\"admit\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("apiserver_admission_webhook_fail_open_count{name=\"confused.example.com\",type=\"validating\"} 1", metrics, StringComparison.Ordinal);

        // The same answer under Fail: upstream's words for a response to another request.
        var patched = await Server.Http.SendJsonAsync(HttpMethod.Patch, Validating + "/confused",
            """[{"op":"replace","path":"/webhooks/0/failurePolicy","value":"Fail"}]""", "application/json-patch+json");
        Assert.Equal(HttpStatusCode.OK, patched.Code);
        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, Pods, Pod("refused"));
        Assert.Equal(HttpStatusCode.InternalServerError, code);
        Assert.StartsWith("Internal error occurred: failed calling webhook \"confused.example.com\": received invalid webhook response: expected response.uid=\"", status.Str("message"), StringComparison.Ordinal);
        Assert.EndsWith("\", got \"not-the-one-sent\"", status.Str("message"), StringComparison.Ordinal);
    }
}
