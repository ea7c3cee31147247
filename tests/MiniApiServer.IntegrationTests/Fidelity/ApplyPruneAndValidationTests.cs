using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>
/// Server-side apply removes what its manager stopped applying, husks included, and every patch type's result is
/// validated as a PUT is. The Python client once failed to list pods on a stored <c>tcpSocket: {}</c>.
/// </summary>
public sealed class ApplyPruneAndValidationTests : ServerTest
{
    private const string DaemonSets = "/apis/apps/v1/namespaces/default/daemonsets";
    private const string Ds = DaemonSets + "/agent";

    private const string ExpectedInvalid =
        "DaemonSet.apps \"agent\" is invalid: spec.template.spec.containers[0].readinessProbe.tcpSocket.port: Invalid value: 0: must be between 1 and 65535, inclusive";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private static string Agent(string metadataExtra, string podSpecExtra, string containerExtra) => """
        {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent"METADATA},
         "spec":{"selector":{"matchLabels":{"app":"agent"}},
                 "template":{"metadata":{"labels":{"app":"agent"}},
                             "spec":{PODSPEC"containers":[{"name":"c","image":"busybox"CONTAINER}]}}}}
        """.Replace("METADATA", metadataExtra, StringComparison.Ordinal)
        .Replace("PODSPEC", podSpecExtra, StringComparison.Ordinal)
        .Replace("CONTAINER", containerExtra, StringComparison.Ordinal);

    private async Task<(HttpStatusCode Code, JsonObject Body)> SendAsync(HttpMethod method, string path, string contentType, string body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new(contentType);
        using var resp = await Server.Http.SendAsync(request);
        return (resp.StatusCode, JsonNode.Parse(await resp.Content.ReadAsStringAsync())!.AsObject());
    }

    private Task<(HttpStatusCode Code, JsonObject Body)> ApplyAsync(string body) =>
        SendAsync(HttpMethod.Patch, Ds + "?fieldManager=deployer", "application/apply-patch+yaml", body);

    [Fact]
    public async Task ReApply_WithoutFieldsOwnedBefore_RemovesThemAndTheirEmptyParents()
    {
        var first = await ApplyAsync(Agent(
            ""","labels":{"team":"a"}""",
            """ "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"disk","operator":"In","values":["ssd"]}]}]}}}, """,
            ""","env":[{"name":"MODE","value":"fast"}],"readinessProbe":{"tcpSocket":{"port":8080}}"""));
        Assert.True(first.Code == HttpStatusCode.Created, first.Body.ToJsonString());

        var second = await ApplyAsync(Agent("", "", ""","readinessProbe":{"httpGet":{"port":8080,"path":"/healthz"}}"""));

        Assert.True(second.Code == HttpStatusCode.OK, second.Body.ToJsonString());
        var stored = (await Server.Http.GetJsonAsync(Ds))!;
        Assert.Null(stored["metadata"]!["labels"]);
        var podSpec = stored["spec"]!["template"]!["spec"]!.AsObject();
        Assert.Null(podSpec["affinity"]);
        var container = podSpec["containers"]![0]!.AsObject();
        Assert.Null(container["env"]);
        var probe = container["readinessProbe"]!.AsObject();
        Assert.Null(probe["tcpSocket"]);
        Assert.Equal("/healthz", probe.Str("httpGet", "path"));
    }

    [Fact]
    public async Task ReApply_KeepsWhatAnotherManagerStillOwns()
    {
        var first = await ApplyAsync(Agent(""","labels":{"team":"a"}""", "", ""));
        Assert.True(first.Code == HttpStatusCode.Created, first.Body.ToJsonString());
        var patched = await SendAsync(HttpMethod.Patch, Ds + "?fieldManager=labeler", "application/merge-patch+json", """{"metadata":{"labels":{"owner":"ops"}}}""");
        Assert.True(patched.Code == HttpStatusCode.OK, patched.Body.ToJsonString());

        var second = await ApplyAsync(Agent("", "", ""));

        Assert.True(second.Code == HttpStatusCode.OK, second.Body.ToJsonString());
        var labels = (await Server.Http.GetJsonAsync(Ds))!["metadata"]!["labels"]!.AsObject();
        Assert.Equal("""{"owner":"ops"}""", labels.ToJsonString());
    }

    [Fact]
    public async Task InvalidProbe_ThroughApplyPutAndEveryPatchType_GetsTheSame422()
    {
        var invalid = Agent("", "", ""","readinessProbe":{"tcpSocket":{}}""");
        // An applied empty map merges with the live one, so apply is refused where it would create the object.
        var (applyCode, applyBody) = await ApplyAsync(invalid);
        Assert.True(applyCode == HttpStatusCode.UnprocessableEntity, $"apply: {(int)applyCode} {applyBody.ToJsonString()}");
        Assert.Equal(ExpectedInvalid, applyBody.Str("message"));
        await Server.Http.CreateAsync(DaemonSets, Agent("", "", ""","readinessProbe":{"tcpSocket":{"port":8080}}"""));
        // Unconditional (no resourceVersion): the controller's status writes must not turn the PUT into a 409.
        var put = JsonNode.Parse(invalid)!.AsObject();

        var attempts = new (string Name, Func<Task<(HttpStatusCode Code, JsonObject Body)>> Send)[]
        {
            ("put", () => SendAsync(HttpMethod.Put, Ds, "application/json", put.ToJsonString())),
            ("merge", () => SendAsync(HttpMethod.Patch, Ds, "application/merge-patch+json",
                """{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"busybox","readinessProbe":{"tcpSocket":{}}}]}}}}""")),
            ("strategic", () => SendAsync(HttpMethod.Patch, Ds, "application/strategic-merge-patch+json",
                """{"spec":{"template":{"spec":{"containers":[{"name":"c","readinessProbe":{"tcpSocket":{"port":null}}}]}}}}""")),
            ("json", () => SendAsync(HttpMethod.Patch, Ds, "application/json-patch+json",
                """[{"op":"remove","path":"/spec/template/spec/containers/0/readinessProbe/tcpSocket/port"}]""")),
        };

        foreach (var (name, send) in attempts)
        {
            var (code, body) = await send();
            Assert.True(code == HttpStatusCode.UnprocessableEntity, $"{name}: {(int)code} {body.ToJsonString()}");
            Assert.Equal(ExpectedInvalid, body.Str("message"));
        }
        var after = (await Server.Http.GetJsonAsync(Ds))!;
        Assert.Equal(8080, after["spec"]!["template"]!["spec"]!["containers"]![0]!["readinessProbe"]!["tcpSocket"]!["port"]!.GetValue<int>());
    }

    [Fact]
    public async Task TheSameApplyLater_WithAValueTheServerNormalizes_WritesNothing()
    {
        // 1024Mi is stored as 1Gi: the re-applied object differs from the stored one only in its entry's time, which
        // IgnoreManagedFieldsTimestampsTransformer ignores, so the second apply is a no-op (no new resourceVersion).
        // A pod no scheduler takes: nothing but the applies writes it.
        const string Manifest = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"sized"},"spec":{"schedulerName":"none","containers":[{"name":"c","image":"busybox","resources":{"limits":{"memory":"1024Mi"}}}]}}""";
        const string Path = "/api/v1/namespaces/default/pods/sized?fieldManager=deployer";
        var (code, first) = await SendAsync(HttpMethod.Patch, Path, "application/apply-patch+yaml", Manifest);
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal("1Gi", first["spec"]!["containers"]![0]!["resources"]!["limits"]!["memory"]!.GetValue<string>());
        var time = first["metadata"]!["managedFields"]![0]!["time"]!.GetValue<string>();
        await Eventually.PastSecond(time!);

        var (again, second) = await SendAsync(HttpMethod.Patch, Path, "application/apply-patch+yaml", Manifest);

        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(first["metadata"]!["resourceVersion"]!.GetValue<string>(), second["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal(time, second["metadata"]!["managedFields"]![0]!["time"]!.GetValue<string>());
    }
}
