using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.CustomResources.CrdKit;

namespace MiniApiServer.IntegrationTests.CustomResources;

/// <summary>
/// A CRD's life: validated and defaulted on create, named and established by the naming and establishing controllers,
/// marked on delete (pkg/registry/customresourcedefinition/etcd.go), its instances deleted by the finalizer controller
/// before it goes, and served again after a restart before any controller has run.
/// </summary>
public sealed class CrdLifecycleTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task Create_DefaultsNames_RecordsTheStoredVersion_AndEstablishes()
    {
        var established = await InstallAsync(Server.Http, CronTabCrd());

        Assert.Equal(("crontab", "CronTabList", "None"), (established.Str("spec", "names", "singular"), established.Str("spec", "names", "listKind"),
            established.Str("spec", "conversion", "strategy")));
        Assert.Equal("""["v1"]""", established["status"]!["storedVersions"]!.ToJsonString());
        Assert.Equal("""{"kind":"CronTab","listKind":"CronTabList","plural":"crontabs","shortNames":["ct"],"singular":"crontab"}""",
            established["status"]!["acceptedNames"]!.ToJsonString());
        Assert.Equal(("True", "NoConflicts", "no conflicts found"), (Condition(established, "NamesAccepted").Str("status"),
            Condition(established, "NamesAccepted").Str("reason"), Condition(established, "NamesAccepted").Str("message")));
        Assert.Equal(("InitialNamesAccepted", "the initial names have been accepted"),
            (Condition(established, "Established").Str("reason"), Condition(established, "Established").Str("message")));

        var resources = await Server.Http.GetJsonAsync("/apis/stable.example.com/v1");
        Assert.Equal(["crontabs", "crontabs/status"], resources!["resources"]!.AsArray().Select(r => r.Str("name")));
        Assert.Equal(("crontab", "CronTab", "ct"), (resources["resources"]![0].Str("singularName"), resources["resources"]![0].Str("kind"),
            resources["resources"]![0]!["shortNames"]![0]!.GetValue<string>()));
    }

    [Fact]
    public async Task InvalidDefinitions_AreRefusedWithUpstreamsMessages()
    {
        var misnamed = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Crds, CronTabCrd().Replace("\"name\":\"crontabs.stable.example.com\"", "\"name\":\"tabs.stable.example.com\"", StringComparison.Ordinal));
        Assert.Equal("CustomResourceDefinition.apiextensions.k8s.io \"tabs.stable.example.com\" is invalid: metadata.name: Invalid value: \"tabs.stable.example.com\": must be spec.names.plural+\".\"+spec.group", misnamed);

        var noSchema = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Crds, """
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"things.example"},
             "spec":{"group":"example","scope":"Everywhere","names":{"plural":"things","kind":"Thing"},"versions":[{"name":"v1","served":true,"storage":false}]}}
            """);
        Assert.Equal("CustomResourceDefinition.apiextensions.k8s.io \"things.example\" is invalid: [spec.group: Invalid value: \"example\": should be a domain with at least one dot, "
            + "spec.scope: Unsupported value: \"Everywhere\": supported values: \"Cluster\", \"Namespaced\", "
            + "spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required, "
            + "spec.versions: Invalid value: \"\": must have exactly one version marked as storage version]", noSchema);

        var notStructural = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Crds, """
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"things.example.com"},
             "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"things","kind":"Thing"},"versions":[{"name":"v1","served":true,"storage":true,
               "schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"properties":{"list":{"type":"array"},"port":{"type":"int"}}}}}}}]}}
            """);
        Assert.Equal("CustomResourceDefinition.apiextensions.k8s.io \"things.example.com\" is invalid: ["
            + "spec.validation.openAPIV3Schema.properties[spec].properties[list].items: Required value: must be specified, "
            + "spec.validation.openAPIV3Schema.properties[spec].properties[port].type: Unsupported value: \"int\": supported values: \"array\", \"boolean\", \"integer\", \"number\", \"object\", \"string\", "
            + "spec.validation.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields]", notStructural);

        var protectedGroup = CronTabCrd().Replace("stable.example.com", "widgets.k8s.io", StringComparison.Ordinal);
        var unapproved = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Crds, protectedGroup);
        Assert.Equal("CustomResourceDefinition.apiextensions.k8s.io \"crontabs.widgets.k8s.io\" is invalid: metadata.annotations[api-approved.kubernetes.io]: Required value: "
            + "protected groups must have approval annotation \"api-approved.kubernetes.io\", see https://github.com/kubernetes/enhancements/pull/1111", unapproved);
        await Server.Http.CreateAsync(Crds, protectedGroup.Replace("\"name\":\"crontabs.widgets.k8s.io\"",
            "\"name\":\"crontabs.widgets.k8s.io\",\"annotations\":{\"api-approved.kubernetes.io\":\"https://github.com/kubernetes/enhancements/pull/1111\"}", StringComparison.Ordinal));

        var webhook = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Crds, CronTabCrd().Replace("\"scope\":", "\"conversion\":{\"strategy\":\"Webhook\"},\"scope\":", StringComparison.Ordinal));
        Assert.Equal("CustomResourceDefinition.apiextensions.k8s.io \"crontabs.stable.example.com\" is invalid: [spec.conversion.webhookClientConfig: Required value: required when strategy is set to Webhook, "
            + "spec.conversion.conversionReviewVersions: Required value]", webhook);
    }

    [Fact]
    public async Task Delete_WaitsForTheInstances_AndRefusesNewOnesMeanwhile()
    {
        await InstallAsync(Server.Http, CronTabCrd());
        await Server.Http.CreateAsync(CronTabs, CronTab("held", """{"image":"x"}""").Replace("\"name\":\"held\"", "\"name\":\"held\",\"finalizers\":[\"example.com/hold\"]", StringComparison.Ordinal));
        await Server.Http.CreateAsync(CronTabs, CronTab("free", """{"image":"x"}"""));

        var (code, marked) = await Server.Http.SendJsonAsync(HttpMethod.Delete, $"{Crds}/crontabs.stable.example.com");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(["customresourcecleanup.apiextensions.k8s.io"], marked["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.NotNull(marked.Str("metadata", "deletionTimestamp"));
        Assert.Equal(("True", "InstanceDeletionPending", "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon"),
            (Condition(marked, "Terminating").Str("status"), Condition(marked, "Terminating").Str("reason"), Condition(marked, "Terminating").Str("message")));

        await Eventually.True(async () => (await Server.Http.GetAsync($"{CronTabs}/free")).StatusCode == HttpStatusCode.NotFound, Deadline, "free deleted");
        var progress = await Eventually.Get(() => Server.Http.GetJsonAsync($"{Crds}/crontabs.stable.example.com"),
            c => Condition(c, "Terminating").Str("reason") == "InstanceDeletionInProgress", Deadline, "deletion in progress");
        Assert.Equal("CustomResource deletion is in progress", Condition(progress, "Terminating").Str("message"));

        var (refusedCode, refused) = await Server.Http.SendJsonAsync(HttpMethod.Post, CronTabs, CronTab("late", """{"image":"x"}"""));
        Assert.Equal((HttpStatusCode.MethodNotAllowed, "create not allowed while custom resource definition is terminating"), (refusedCode, refused.Str("message")));
        Assert.Equal(HttpStatusCode.OK, (await Server.Http.GetAsync($"{Crds}/crontabs.stable.example.com")).StatusCode);

        await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{CronTabs}/held", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
        await Eventually.True(async () => (await Server.Http.GetAsync($"{Crds}/crontabs.stable.example.com")).StatusCode == HttpStatusCode.NotFound, Deadline, "CRD gone");
        await Eventually.True(async () => (await Server.Http.GetAsync("/apis/stable.example.com/v1")).StatusCode == HttpStatusCode.NotFound, Deadline, "group-version gone");
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Http.GetAsync(CronTabs)).StatusCode);
    }

    [Fact]
    public async Task SecondDefinitionWithATakenKind_IsNotAccepted()
    {
        await InstallAsync(Server.Http, CronTabCrd());
        await Server.Http.CreateAsync(Crds, CronTabCrd().Replace("crontabs", "cronjobs", StringComparison.Ordinal).Replace("\"ct\"", "\"cj\"", StringComparison.Ordinal)
            .Replace("\"singular\":\"crontab\"", "\"singular\":\"cronjob\"", StringComparison.Ordinal));

        var rejected = await Eventually.Get(() => Server.Http.GetJsonAsync($"{Crds}/cronjobs.stable.example.com"),
            c => Condition(c, "NamesAccepted") is not null, Deadline, "names decided");
        Assert.Equal(("False", "ListKindConflict", "\"CronTabList\" is already in use"), (Condition(rejected, "NamesAccepted").Str("status"),
            Condition(rejected, "NamesAccepted").Str("reason"), Condition(rejected, "NamesAccepted").Str("message")));
        Assert.Equal(("False", "NotAccepted"), (Condition(rejected, "Established").Str("status"), Condition(rejected, "Established").Str("reason")));
        Assert.Equal(["crontabs", "crontabs/status"], (await Server.Http.GetJsonAsync("/apis/stable.example.com/v1"))!["resources"]!.AsArray().Select(r => r.Str("name")));
    }

    [Fact]
    public async Task NamespaceDeletion_TakesItsCustomResources_AndTheCollectorTheirDependents()
    {
        await InstallAsync(Server.Http, CronTabCrd());
        await Server.Http.CreateAsync("/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team"}}""");
        const string teamTabs = "/apis/stable.example.com/v1/namespaces/team/crontabs";
        var owner = await Server.Http.CreateAsync(teamTabs, CronTab("owner", """{"image":"x"}"""));
        await Server.Http.CreateAsync(CronTabs, CronTab("owner", """{"image":"x"}"""));
        var defaultOwner = await Server.Http.GetJsonAsync($"{CronTabs}/owner");
        await Server.Http.CreateAsync("/api/v1/namespaces/default/configmaps", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"dependent\",\"ownerReferences\":"
            + "[{\"apiVersion\":\"stable.example.com/v1\",\"kind\":\"CronTab\",\"name\":\"owner\",\"uid\":\"" + defaultOwner.Str("metadata", "uid") + "\"}]}}");

        // Foreground: the collector writes the owner's foregroundDeletion finalizer, deletes the dependent, then lets the owner go.
        await Server.Http.SendJsonAsync(HttpMethod.Delete, $"{CronTabs}/owner", """{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Foreground"}""");
        await Eventually.True(async () => (await Server.Http.GetAsync("/api/v1/namespaces/default/configmaps/dependent")).StatusCode == HttpStatusCode.NotFound, Deadline, "dependent collected");
        await Eventually.True(async () => (await Server.Http.GetAsync($"{CronTabs}/owner")).StatusCode == HttpStatusCode.NotFound, Deadline, "owner gone");

        Assert.Equal("team", owner.Str("metadata", "namespace"));
        await Server.Http.DeleteJsonAsync("/api/v1/namespaces/team");
        await Eventually.True(async () => (await Server.Http.GetAsync("/api/v1/namespaces/team")).StatusCode == HttpStatusCode.NotFound, Deadline, "namespace gone");
        Assert.Empty(await Server.Http.ListItemsAsync("/apis/stable.example.com/v1/crontabs"));
    }

    [Fact]
    public async Task DeletingTheCrd_EndsWatchesOfItsResources()
    {
        await InstallAsync(Server.Http, CronTabCrd());
        await Server.Http.CreateAsync(CronTabs, CronTab("watched", """{"image":"x"}"""));
        using var http = NewStreamingHttp();
        using var cts = new CancellationTokenSource(Deadline);
        using var response = await http.GetAsync($"{CronTabs}?watch=true&resourceVersion=0", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        Assert.Equal("ADDED", JsonNode.Parse((await reader.ReadLineAsync(cts.Token))!).Str("type"));

        await Server.Http.SendJsonAsync(HttpMethod.Delete, $"{Crds}/crontabs.stable.example.com");

        var types = new List<string>();
        while (await reader.ReadLineAsync(cts.Token) is { } line)
        {
            types.Add(JsonNode.Parse(line).Str("type")!);
        }
        // The instance's deletion is seen, then the stream ends (a client re-lists and finds the resource gone).
        Assert.Equal(["DELETED"], types);
    }

    [Fact]
    public async Task ListTypes_RefuseRepeatedKeys()
    {
        var crd = JsonNode.Parse(CronTabCrd())!.AsObject();
        var ports = crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!["ports"]!.AsObject();
        ports["x-kubernetes-list-type"] = "map";
        ports["x-kubernetes-list-map-keys"] = new JsonArray("name");
        ports["items"]!["required"] = new JsonArray("name");
        await InstallAsync(Server.Http, crd.ToJsonString());

        var invalid = await Server.Http.InvalidMessageAsync(HttpMethod.Post, CronTabs, CronTab("dup", """{"image":"x","ports":[{"name":"http","port":80},{"name":"http","port":81}]}"""));
        Assert.Equal("CronTab.stable.example.com \"dup\" is invalid: spec.ports[1]: Duplicate value: map[string]interface {}{\"name\":\"http\"}", invalid);
    }
}
