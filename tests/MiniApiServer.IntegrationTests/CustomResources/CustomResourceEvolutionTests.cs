using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.CustomResources.CrdKit;

namespace MiniApiServer.IntegrationTests.CustomResources;

/// <summary>
/// What happens to custom resources as their CRD changes: a new storage version (the None conversion reads every
/// stored object as the requested version), a tightened schema (ratcheting lets unchanged values stand, /status
/// validates the status alone), and a CRD used the moment it reports Established.
/// </summary>
public sealed class CustomResourceEvolutionTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task NewStorageVersion_ServesOldObjectsAsTheRequestedVersion_AndWritesThem()
    {
        var crd = JsonNode.Parse(CronTabCrd(withBeta: true))!.AsObject();
        var versions = crd["spec"]!["versions"]!.AsArray();
        versions[0]!["storage"] = false;
        versions[1]!["storage"] = true;
        await InstallAsync(Server.Http, crd.ToJsonString());
        var group = await Server.Http.GetJsonAsync("/apis/stable.example.com");
        Assert.Equal("stable.example.com/v1", group.Str("preferredVersion", "groupVersion"));
        await Server.Http.CreateAsync(CronTabs, CronTab("old", """{"image":"x"}"""));

        var current = await Server.Http.GetJsonAsync($"{Crds}/crontabs.stable.example.com");
        current!["spec"]!["versions"]![0]!["storage"] = true;
        current["spec"]!["versions"]![1]!["storage"] = false;
        var (code, updated) = await Server.Http.SendJsonAsync(HttpMethod.Put, $"{Crds}/crontabs.stable.example.com", current.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("""["v1beta1","v1"]""", updated["status"]!["storedVersions"]!.ToJsonString());

        // The store still holds the object as v1beta1 until it is written again.
        var read = await Eventually.Get(() => Server.Http.GetJsonAsync($"{CronTabs}/old"), o => o.Str("apiVersion") == "stable.example.com/v1", Deadline, "read as v1");
        Assert.Equal("stable.example.com/v1", Assert.Single(await Server.Http.ListItemsAsync(CronTabs)).Str("apiVersion"));
        var labelled = await Server.Http.MergePatchAsync($"{CronTabs}/old", """{"metadata":{"labels":{"a":"b"}}}""");
        Assert.Equal(("stable.example.com/v1", "1", "b"), (labelled.Str("apiVersion"), labelled["metadata"]!["generation"]!.ToJsonString(), labelled.Str("metadata", "labels", "a")));
        Assert.Equal(read.Str("metadata", "uid"), labelled.Str("metadata", "uid"));
    }

    [Fact]
    public async Task TightenedSchema_RatchetsUnchangedValues_AndStatusWritesCheckTheStatusAlone()
    {
        await InstallAsync(Server.Http, CronTabCrd());
        await Server.Http.CreateAsync(CronTabs, CronTab("wide", """{"image":"x","replicas":8}""").Replace("\"name\":\"wide\"", "\"name\":\"wide\",\"finalizers\":[\"example.com/keep\"]", StringComparison.Ordinal));

        var crd = await Server.Http.GetJsonAsync($"{Crds}/crontabs.stable.example.com");
        crd!["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!["replicas"]!["maximum"] = 5;
        Assert.Equal(HttpStatusCode.OK, (await Server.Http.SendJsonAsync(HttpMethod.Put, $"{Crds}/crontabs.stable.example.com", crd.ToJsonString())).Code);
        await Eventually.True(async () => (await Server.Http.SendJsonAsync(HttpMethod.Post, CronTabs + "?dryRun=All", CronTab("probe", """{"image":"x","replicas":8}"""))).Code
            == HttpStatusCode.UnprocessableEntity, Deadline, "the new maximum served");

        var status = await Server.Http.MergePatchAsync($"{CronTabs}/wide/status", """{"status":{"ready":true}}""");
        Assert.Equal("true", status["status"]!["ready"]!.ToJsonString());
        var unfinalized = await Server.Http.MergePatchAsync($"{CronTabs}/wide", """{"metadata":{"finalizers":null,"labels":{"x":"y"}}}""");
        Assert.Null(unfinalized["metadata"]!["finalizers"]);

        var changed = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{CronTabs}/wide", """{"spec":{"replicas":9}}""", "application/merge-patch+json");
        Assert.Equal("CronTab.stable.example.com \"wide\" is invalid: spec.replicas: Invalid value: 9: spec.replicas in body should be less than or equal to 5", changed);
        var badStatus = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{CronTabs}/wide/status", """{"status":{"replicas":"many"}}""", "application/merge-patch+json");
        Assert.Equal("CronTab.stable.example.com \"wide\" is invalid: status.replicas: Invalid value: \"string\": status.replicas in body must be of type integer: \"string\"", badStatus);
    }

    [Fact]
    public async Task ResourceIsServed_AsSoonAsTheCrdIsSeenEstablished()
    {
        for (var i = 0; i < 8; i++)
        {
            var plural = $"tabs{i}";
            var crd = CronTabCrd().Replace("crontabs", plural, StringComparison.Ordinal).Replace("\"ct\"", $"\"t{i}\"", StringComparison.Ordinal)
                .Replace("\"singular\":\"crontab\"", $"\"singular\":\"tab{i}\"", StringComparison.Ordinal).Replace("\"kind\":\"CronTab\"", $"\"kind\":\"Tab{i}\"", StringComparison.Ordinal);
            await Server.Http.CreateAsync(Crds, crd);
            await Eventually.Get(() => Server.Http.GetJsonAsync($"{Crds}/{plural}.stable.example.com"), c => IsTrue(c, "Established"), Deadline, $"{plural} established");

            var (code, body) = await Server.Http.SendJsonAsync(HttpMethod.Post, $"/apis/stable.example.com/v1/namespaces/default/{plural}",
                "{\"apiVersion\":\"stable.example.com/v1\",\"kind\":\"Tab" + i + "\",\"metadata\":{\"name\":\"a\"},\"spec\":{\"image\":\"x\"}}");
            Assert.True(code == HttpStatusCode.Created, $"{plural}: {(int)code} {body.ToJsonString()}");
        }
    }

    [Fact]
    public async Task YamlBodies_MetadataFields_Scale_AndApplyOfTwoManagers()
    {
        var crd = JsonNode.Parse(CronTabCrd())!.AsObject();
        crd["spec"]!["versions"]![0]!["subresources"]!["scale"] = JsonNode.Parse("""{"specReplicasPath":".spec.replicas","statusReplicasPath":".status.replicas"}""");
        await InstallAsync(Server.Http, crd.ToJsonString());

        var (yamlCode, yamlBody) = await Server.Http.SendJsonAsync(HttpMethod.Post, CronTabs,
            "apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: from-yaml\nspec:\n  image: x\n  replicas: 3\n  ports:\n  - port: 80\n", "application/yaml");
        Assert.Equal((HttpStatusCode.Created, "3"), (yamlCode, yamlBody["spec"]!["replicas"]!.ToJsonString()));
        var tooMany = await Server.Http.InvalidMessageAsync(HttpMethod.Post, CronTabs, "apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: y2\nspec:\n  image: x\n  replicas: 30\n", "application/yaml");
        Assert.Equal("CronTab.stable.example.com \"y2\" is invalid: spec.replicas: Invalid value: 30: spec.replicas in body should be less than or equal to 10", tooMany);

        var (strictCode, strict) = await Server.Http.SendJsonAsync(HttpMethod.Post, CronTabs + "?fieldValidation=Strict",
            """{"apiVersion":"stable.example.com/v1","kind":"CronTab","metadata":{"name":"m","bogus":1},"spec":{"image":"x"}}""");
        Assert.Equal((HttpStatusCode.BadRequest, "CronTab in version \"v1\" cannot be handled as a CronTab: strict decoding error: unknown field \"metadata.bogus\""),
            (strictCode, strict.Str("message")));
        var ignored = await Server.Http.CreateAsync(CronTabs, """{"apiVersion":"stable.example.com/v1","kind":"CronTab","metadata":{"name":"m","bogus":1},"spec":{"image":"x"}}""");
        Assert.Null(ignored["metadata"]!["bogus"]);

        var (scaleCode, scaled) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{CronTabs}/from-yaml/scale", """{"spec":{"replicas":7}}""", "application/merge-patch+json");
        Assert.Equal((HttpStatusCode.OK, "7", "0"), (scaleCode, scaled["spec"]!["replicas"]!.ToJsonString(), scaled["status"]!["replicas"]!.ToJsonString()));
        var parent = await Server.Http.GetJsonAsync($"{CronTabs}/from-yaml");
        Assert.Equal(("7", "2"), (parent!["spec"]!["replicas"]!.ToJsonString(), parent["metadata"]!["generation"]!.ToJsonString()));

        foreach (var (manager, finalizer) in new[] { ("one", "a.example.com/one"), ("two", "b.example.com/two") })
        {
            var (applyCode, applied) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{CronTabs}/from-yaml?fieldManager={manager}",
                "apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: from-yaml\n  finalizers: [" + finalizer + "]\n", "application/apply-patch+yaml");
            Assert.True(applyCode == HttpStatusCode.OK, applied.ToJsonString());
        }
        var merged = await Server.Http.GetJsonAsync($"{CronTabs}/from-yaml");
        Assert.Equal("""["a.example.com/one","b.example.com/two"]""", merged!["metadata"]!["finalizers"]!.ToJsonString());
    }

    [Fact]
    public async Task Scale_IsServedThroughEveryVersion()
    {
        var crd = JsonNode.Parse(CronTabCrd(withBeta: true))!.AsObject();
        foreach (var version in crd["spec"]!["versions"]!.AsArray())
        {
            version!["subresources"]!["scale"] = JsonNode.Parse("""{"specReplicasPath":".spec.replicas","statusReplicasPath":".status.replicas"}""");
        }
        await InstallAsync(Server.Http, crd.ToJsonString(), "stable.example.com/v1beta1");
        await Server.Http.CreateAsync(CronTabs, CronTab("s", """{"image":"x"}"""));

        var (code, scaled) = await Server.Http.SendJsonAsync(HttpMethod.Patch, "/apis/stable.example.com/v1beta1/namespaces/default/crontabs/s/scale",
            """{"spec":{"replicas":4}}""", "application/merge-patch+json");

        Assert.Equal((HttpStatusCode.OK, "4"), (code, scaled["spec"]!["replicas"]!.ToJsonString()));
        Assert.Equal("4", (await Server.Http.GetJsonAsync($"{CronTabs}/s"))!["spec"]!["replicas"]!.ToJsonString());
    }

    [Fact]
    public async Task SchemaChangesUnderLoad_NeverFailAWrite()
    {
        await InstallAsync(Server.Http, CronTabCrd());
        using var stop = new CancellationTokenSource();
        var changes = Task.Run(async () =>
        {
            // Each spec change re-registers the kinds (new strategy, schema, printer) while writes are in flight.
            for (var i = 0; i < 15; i++)
            {
                var crd = await Server.Http.GetJsonAsync($"{Crds}/crontabs.stable.example.com");
                crd!["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["description"] = $"revision {i}";
                await Server.Http.SendJsonAsync(HttpMethod.Put, $"{Crds}/crontabs.stable.example.com", crd.ToJsonString());
            }
        });
        var failures = new List<string>();
        var created = 0;
        while (!changes.IsCompleted)
        {
            var name = $"load-{created}";
            var (code, body) = await Server.Http.SendJsonAsync(HttpMethod.Post, CronTabs, CronTab(name, """{"image":"x"}"""));
            var (listCode, _) = await Server.Http.SendJsonAsync(HttpMethod.Get, CronTabs);
            if (code != HttpStatusCode.Created || listCode != HttpStatusCode.OK)
            {
                failures.Add($"{name}: create {(int)code} {body.Str("message")}, list {(int)listCode}");
            }
            created++;
        }
        await changes;

        Assert.True(failures.Count == 0, string.Join("; ", failures.Take(5)));
        Assert.Equal(created, (await Server.Http.ListItemsAsync(CronTabs)).Count);
    }
}
