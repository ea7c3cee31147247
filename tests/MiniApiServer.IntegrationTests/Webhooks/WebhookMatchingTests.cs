using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Webhooks.WebhookKit;

namespace MiniApiServer.IntegrationTests.Webhooks;

/// <summary>
/// Which writes a webhook is called for, and with what: namespace and object selectors (predicates/namespace,
/// predicates/object), updates with their old object, deletes with only the old one, dry runs, writes of the
/// in-process controllers, and a webhook reached through a Service's endpoints.
/// </summary>
public sealed class WebhookMatchingTests : ServerTest
{
    // One simulated node, whose kubelet writes pods' status.
    protected override ApiServerHost StartServer() => ApiServerHost.Start(nodes: 1);

    private static Task<JsonObject?> Label(string key) =>
        Task.FromResult<JsonObject?>(WebhookServer.Patch($$"""[{"op":"add","path":"/metadata/labels/{{key}}","value":"yes"}]"""));

    [Fact]
    public async Task NamespaceAndObjectSelectors_ChooseTheWritesAWebhookSees()
    {
        await using var webhook = await WebhookServer.StartAsync((_, _) => Label("injected"));
        await Server.Http.CreateAsync("/api/v1/namespaces", """{"metadata":{"name":"on","labels":{"webhooks":"enabled"}}}""");
        await Server.Http.CreateAsync("/api/v1/namespaces", """{"metadata":{"name":"off"}}""");
        await Server.Http.CreateAsync(Mutating, Config("MutatingWebhookConfiguration", "inject", "inject.example.com", webhook.Url("/m"), webhook.CaBundle,
            extra: ""","namespaceSelector":{"matchLabels":{"webhooks":"enabled"}},"objectSelector":{"matchExpressions":[{"key":"skip","operator":"DoesNotExist"}]}"""));

        var inOn = await Server.Http.CreateAsync("/api/v1/namespaces/on/pods", Pod("a"));
        var skipped = await Server.Http.CreateAsync("/api/v1/namespaces/on/pods", Pod("b", """{"skip":"me"}"""));
        var inOff = await Server.Http.CreateAsync("/api/v1/namespaces/off/pods", Pod("c"));

        Assert.Equal(("yes", null, null), (inOn.Str("metadata", "labels", "injected"), skipped.Str("metadata", "labels", "injected"), inOff.Str("metadata", "labels", "injected")));
        Assert.Equal(["a"], webhook.Received.Select(r => r.Review["request"].Str("name")));
    }

    [Fact]
    public async Task ControllersPods_AreMutatedLikeAnyOther()
    {
        await using var webhook = await WebhookServer.StartAsync((_, _) => Label("sidecar"));
        await Server.Http.CreateAsync(Mutating, Config("MutatingWebhookConfiguration", "inject", "inject.example.com", webhook.Url("/m"), webhook.CaBundle));

        await Server.Http.CreateAsync("/apis/apps/v1/namespaces/default/deployments", """
            {"metadata":{"name":"web"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
             "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}
            """);
        var pods = await Eventually.Get(() => Server.Http.ListItemsAsync(Pods + "?labelSelector=app%3Dweb"), p => p.Count == 2, what: "the deployment's two pods");
        Assert.All(pods, p => Assert.Equal("yes", p.Str("metadata", "labels", "sidecar")));
        var reviews = webhook.Received.Select(r => r.Review["request"]!).ToList();
        Assert.Equal(2, reviews.Count);
        // A ReplicaSet's pods are created with generateName: the review names none yet.
        Assert.All(reviews, r => Assert.Equal((null, "default", "system:kube-controller-manager"), (r.Str("name"), r.Str("namespace"), r.Str("userInfo", "username"))));
    }

    [Fact]
    public async Task AStatusRule_SeesTheSimulatedKubeletsStatusWrites_AndAMainResourceRuleDoesNot()
    {
        await using var webhook = await WebhookServer.StartAsync((_, _) => Task.FromResult<JsonObject?>(null));
        await Server.Http.CreateAsync(Validating, Config("ValidatingWebhookConfiguration", "status", "status.example.com", webhook.Url("/status"), webhook.CaBundle,
            """[{"operations":["UPDATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["pods/status"]}]"""));
        await Server.Http.CreateAsync(Validating, Config("ValidatingWebhookConfiguration", "main", "main.example.com", webhook.Url("/main"), webhook.CaBundle,
            """[{"operations":["UPDATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["pods"]}]"""));

        await Server.Http.CreateAsync(Pods, Pod("runs"));
        await Eventually.True(async () => (await Server.Http.GetJsonAsync(Pods + "/runs")).Str("status", "phase") == "Running", what: "the pod running");

        var statusWrites = webhook.Received.Where(r => r.Review["request"].Str("name") == "runs").ToList();
        Assert.NotEmpty(statusWrites);
        Assert.All(statusWrites, r => Assert.Equal(("/status", "UPDATE", "status"), (r.Path, r.Review["request"].Str("operation"), r.Review["request"].Str("subResource"))));
        Assert.Contains(statusWrites, r => r.Review["request"].Str("object", "status", "phase") == "Running");
    }

    [Fact]
    public async Task AnEphemeralContainersRule_SeesKubectlDebugsWrite_AsThePod_WhoseMutationsCountOnlyForEphemeralContainers()
    {
        await using var webhook = await WebhookServer.StartAsync((_, _) => Task.FromResult<JsonObject?>(WebhookServer.Patch(
            """[{"op":"add","path":"/spec/ephemeralContainers/0/env","value":[{"name":"FROM_HOOK","value":"1"}]},{"op":"add","path":"/metadata/labels","value":{"hooked":"yes"}}]""")));
        await Server.Http.CreateAsync(Mutating, Config("MutatingWebhookConfiguration", "debug", "debug.example.com", webhook.Url("/m"), webhook.CaBundle,
            """[{"operations":["UPDATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["pods/ephemeralcontainers"]}]"""));
        await Server.Http.CreateAsync(Pods, Pod("debugged"));

        var (code, pod) = await Server.Http.SendJsonAsync(HttpMethod.Patch, Pods + "/debugged/ephemeralcontainers",
            """{"spec":{"ephemeralContainers":[{"name":"dbg","image":"busybox"}]}}""", "application/strategic-merge-patch+json");

        Assert.True(code == HttpStatusCode.OK, pod.ToJsonString());
        // Once, or again for each retry after a lost race with the kubelet's status writes (handlers/update.go's transformer).
        var requests = webhook.Received.Select(r => r.Review["request"]!).ToList();
        Assert.NotEmpty(requests);
        Assert.All(requests, request => Assert.Equal(("debugged", "UPDATE", "ephemeralcontainers", "Pod", "dbg"),
            (request.Str("name"), request.Str("operation"), request.Str("subResource"), request.Str("kind", "kind"), request["object"]!["spec"]!["ephemeralContainers"]![0].Str("name"))));
        // The strategy keeps only the ephemeral containers of what the webhook returned (dropNonEphemeralContainerUpdates).
        Assert.Equal("FROM_HOOK", pod["spec"]!["ephemeralContainers"]![0]!["env"]![0].Str("name"));
        Assert.Null(pod["metadata"]!["labels"]?["hooked"]);
    }

    [Fact]
    public async Task EvictionsAndBindings_AreSentAsTheirOwnObjects_AndAnEvictionsDeleteIsNotSentAgain()
    {
        await using var webhook = await WebhookServer.StartAsync((_, _) => Task.FromResult<JsonObject?>(null));
        await Server.Http.CreateAsync(Validating, Config("ValidatingWebhookConfiguration", "pods", "pods.example.com", webhook.Url("/v"), webhook.CaBundle,
            """[{"operations":["CREATE","DELETE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["pods/eviction","pods/binding","pods"]}]"""));

        await Server.Http.CreateAsync(Pods, Pod("evicted"));
        await Eventually.True(async () => (await Server.Http.GetJsonAsync(Pods + "/evicted")).Str("spec", "nodeName") is not null, what: "the pod bound");
        var (code, _) = await Server.Http.SendJsonAsync(HttpMethod.Post, Pods + "/evicted/eviction",
            """{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"evicted","namespace":"default"}}""");
        Assert.Equal(HttpStatusCode.Created, code);

        var requests = webhook.Received.Select(r => r.Review["request"]!).Where(r => r.Str("name") == "evicted").ToList();
        Assert.Equal(
            [("CREATE", null, "Pod"), ("CREATE", "binding", "Binding"), ("CREATE", "eviction", "Eviction")],
            requests.Select(r => (r.Str("operation"), r.Str("subResource"), r.Str("kind", "kind"))));
        var eviction = requests[2];
        Assert.Equal(("policy", "v1", "pods", "Eviction"), (eviction.Str("kind", "group"), eviction.Str("kind", "version"), eviction.Str("resource", "resource"), eviction.Str("object", "kind")));
        Assert.Equal("v1", requests[1].Str("object", "apiVersion"));
    }

    [Fact]
    public async Task Updates_CarryTheOldObject_DeletesOnlyTheOldObject_AndDryRunsSaySo()
    {
        var rules = """[{"operations":["UPDATE","DELETE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["configmaps"]}]""";
        await using var webhook = await WebhookServer.StartAsync((_, request) => Task.FromResult<JsonObject?>(
            request.Str("operation") == "DELETE" && request.Str("oldObject", "data", "locked") == "true"
                ? new JsonObject { ["allowed"] = false, ["status"] = new JsonObject { ["message"] = "locked" } }
                : null));
        await Server.Http.CreateAsync(Validating, Config("ValidatingWebhookConfiguration", "guard", "guard.example.com", webhook.Url("/v"), webhook.CaBundle, rules));
        await Server.Http.CreateAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"cm"},"data":{"locked":"false"}}""");
        Assert.Empty(webhook.Received);

        await Server.Http.MergePatchAsync("/api/v1/namespaces/default/configmaps/cm", """{"data":{"locked":"true"}}""");
        var update = Assert.Single(webhook.Received).Review["request"]!;
        Assert.Equal(("UPDATE", "true", "false", "UpdateOptions"),
            (update.Str("operation"), update.Str("object", "data", "locked"), update.Str("oldObject", "data", "locked"), update.Str("options", "kind")));

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/cm?dryRun=All");
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("admission webhook \"guard.example.com\" denied the request: locked", status.Str("message"));
        var delete = webhook.Received.Last().Review["request"]!;
        Assert.Equal(("DELETE", null, "true", "DeleteOptions", "true"),
            (delete.Str("operation"), delete["object"]?.ToJsonString(), delete.Str("oldObject", "data", "locked"), delete.Str("options", "kind"), delete["dryRun"]!.ToJsonString()));
        Assert.Equal(HttpStatusCode.BadRequest, await Server.Http.DeleteJsonAsync("/api/v1/namespaces/default/configmaps/cm"));
        Assert.NotNull(await Server.Http.GetJsonAsync("/api/v1/namespaces/default/configmaps/cm"));
    }

    [Fact]
    public async Task DryRun_IsSentAsOne_AndAConfigurationMayNotClaimSideEffects()
    {
        await using var webhook = await WebhookServer.StartAsync((_, _) => Label("seen"));
        await Server.Http.CreateAsync(Mutating, Config("MutatingWebhookConfiguration", "inject", "inject.example.com", webhook.Url("/m"), webhook.CaBundle));

        var (code, dry) = await Server.Http.SendJsonAsync(HttpMethod.Post, Pods + "?dryRun=All", Pod("dry"));
        Assert.Equal((HttpStatusCode.Created, "yes"), (code, dry.Str("metadata", "labels", "seen")));
        var request = Assert.Single(webhook.Received).Review["request"]!;
        Assert.Equal(("true", """["All"]"""), (request["dryRun"]!.ToJsonString(), request["options"]!["dryRun"]!.ToJsonString()));
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Http.SendJsonAsync(HttpMethod.Get, Pods + "/dry")).Code);

        // v1 accepts only None and NoneOnDryRun on create; Some survives only on objects that already had it (validationOptions).
        var invalid = await Server.Http.InvalidMessageAsync(HttpMethod.Put, Mutating + "/inject",
            Config("MutatingWebhookConfiguration", "inject", "inject.example.com", webhook.Url("/m"), webhook.CaBundle).Replace("\"None\"", "\"Some\"", StringComparison.Ordinal));
        Assert.Equal("MutatingWebhookConfiguration.admissionregistration.k8s.io \"inject\" is invalid: webhooks[0].sideEffects: Unsupported value: \"Some\": supported values: \"None\", \"NoneOnDryRun\"", invalid);
    }

    [Fact]
    public async Task AServiceReference_IsDialledAtTheServicesReadyEndpoint_UnderTheServiceName()
    {
        await using var webhook = await WebhookServer.StartAsync((_, _) => Label("via-service"), dnsName: "hooks.default.svc");
        var config = $$$"""
            {"metadata":{"name":"svc"},"webhooks":[{"name":"svc.example.com","sideEffects":"None","admissionReviewVersions":["v1"],
              "clientConfig":{"service":{"namespace":"default","name":"hooks","path":"/mutate"},"caBundle":"{{{webhook.CaBundle}}}"},
              "rules":{{{PodRules}}} }]}
            """;
        var created = await Server.Http.CreateAsync(Mutating, config);
        Assert.Equal("443", created["webhooks"]![0]!["clientConfig"]!["service"]!["port"]!.ToJsonString());

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, Pods, Pod("a"));
        Assert.Equal(HttpStatusCode.InternalServerError, code);
        Assert.Equal("Internal error occurred: failed calling webhook \"svc.example.com\": failed to call webhook: Post \"https://hooks.default.svc:443/mutate?timeout=10s\": service \"hooks\" not found",
            status.Str("message"));

        // A Service without a selector, and an EndpointSlice of its own that points at the webhook on loopback.
        await Server.Http.CreateAsync("/api/v1/namespaces/default/services",
            """{"metadata":{"name":"hooks"},"spec":{"ports":[{"name":"https","port":443,"targetPort":8443}]}}""");
        await Server.Http.CreateAsync("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices", $$$"""
            {"metadata":{"name":"hooks-1","labels":{"kubernetes.io/service-name":"hooks"}},"addressType":"IPv4",
             "endpoints":[{"addresses":["127.0.0.1"],"conditions":{"ready":true}}],"ports":[{"name":"https","port":{{{webhook.Port}}},"protocol":"TCP"}]}
            """);
        var pod = await Server.Http.CreateAsync(Pods, Pod("b"));
        Assert.Equal("yes", pod.Str("metadata", "labels", "via-service"));
        Assert.Equal("/mutate", Assert.Single(webhook.Received).Path);
    }

    [Fact]
    public async Task Configurations_AreValidatedInUpstreamsWords()
    {
        var invalid = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Validating, """
            {"metadata":{"name":"bad"},"webhooks":[
              {"name":"short.io","clientConfig":{"url":"http://127.0.0.1/x"},"sideEffects":"None","admissionReviewVersions":["v2"],"timeoutSeconds":31,
               "rules":[{"operations":["GET"],"apiGroups":[""],"apiVersions":["v1"],"resources":["pods"],"scope":"Everywhere"}]},
              {"name":"a.example.com","clientConfig":{},"admissionReviewVersions":["v1"],"rules":[]},
              {"name":"a.example.com","clientConfig":{"url":"https://h/x"},"sideEffects":"None","admissionReviewVersions":["v1"]}]}
            """);
        Assert.Equal("ValidatingWebhookConfiguration.admissionregistration.k8s.io \"bad\" is invalid: ["
            + "webhooks[0].name: Invalid value: \"short.io\": should be a domain with at least three segments separated by dots, "
            + "webhooks[0].rules[0].operations[0]: Unsupported value: \"GET\": supported values: \"*\", \"CONNECT\", \"CREATE\", \"DELETE\", \"UPDATE\", "
            + "webhooks[0].rules[0].scope: Unsupported value: \"Everywhere\": supported values: \"*\", \"Cluster\", \"Namespaced\", "
            + "webhooks[0].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds, "
            + "webhooks[0].clientConfig.url: Invalid value: \"http\": 'https' is the only allowed URL scheme; desired format: https://host[/path], "
            + "webhooks[0].admissionReviewVersions: Invalid value: []string{\"v2\"}: must include at least one of v1, v1beta1, "
            + "webhooks[1].sideEffects: Required value: must specify one of None, NoneOnDryRun, "
            + "webhooks[1].clientConfig: Required value: exactly one of url or service is required, "
            + "webhooks[2].name: Duplicate value: \"a.example.com\"]", invalid);

        var created = await Server.Http.CreateAsync(Validating, """
            {"metadata":{"name":"ok"},"webhooks":[{"name":"ok.example.com","clientConfig":{"url":"https://127.0.0.1/x"},"sideEffects":"None",
              "admissionReviewVersions":["v1"],"rules":[{"operations":["CREATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["pods"]}]}]}
            """);
        var hook = created["webhooks"]![0]!;
        Assert.Equal(("Fail", "Equivalent", "10", "{}", "{}", "*", "1"),
            (hook.Str("failurePolicy"), hook.Str("matchPolicy"), hook["timeoutSeconds"]!.ToJsonString(), hook["namespaceSelector"]!.ToJsonString(),
             hook["objectSelector"]!.ToJsonString(), hook["rules"]![0].Str("scope"), created["metadata"]!["generation"]!.ToJsonString()));
    }
}
