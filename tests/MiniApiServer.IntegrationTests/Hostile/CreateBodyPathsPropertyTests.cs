using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Hostile;

/// <summary>
/// Property: a create answers the same whichever accepted JSON content type carries it. An application/json body of a
/// typed kind is decoded straight from its bytes; a */* body goes through the JsonNode tree. Mutated manifests, valid
/// and not, are posted both ways into two namespaces, and the code, the Status message or the created object, and the
/// warnings must match.
/// </summary>
public sealed class CreateBodyPathsPropertyTests : ServerTest
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    private static readonly (string Resource, string Manifest)[] Templates =
    [
        ("/api/v1/namespaces/NS/pods", """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"NAME","labels":{"a":"b"},"annotations":{"x":"y"}},"spec":{"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80}],"env":[{"name":"E","value":"1"}],"resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}],"tolerations":[{"key":"k","operator":"Exists"}],"nodeSelector":{"disk":"ssd"}}}"""),
        ("/api/v1/namespaces/NS/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"NAME","labels":{"app":"t"}},"data":{"a":"1","b":"2"}}"""),
        ("/apis/apps/v1/namespaces/NS/daemonsets", """{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"NAME"},"spec":{"selector":{"matchLabels":{"app":"t"}},"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1}},"template":{"metadata":{"labels":{"app":"t"}},"spec":{"containers":[{"name":"c","image":"i","resources":{"limits":{"cpu":"1"}}}]}}}}"""),
    ];

    // Equal lengths: a decode error names a byte position in the body after the namespace was set in it.
    private static readonly string[] Namespaces = ["body-bytes", "body-nodes"];

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task MutatedCreates_AnswerTheSame_AsJsonBytesAndAsAJsonTree()
    {
        foreach (var ns in Namespaces)
        {
            await Server.Http.CreateAsync("/api/v1/namespaces", $$$"""{"metadata":{"name":"{{{ns}}}"}}""");
            await Eventually.Get(() => Server.Http.GetJsonAsync($"/api/v1/namespaces/{ns}/serviceaccounts/default"), sa => sa is not null, what: $"{ns}/default");
        }
        var tried = 0;
        var created = 0;
        var gen = Gen.Select(Gen.Int[0, Templates.Length - 1], Gen.Int.Array[0, 3], Gen.String[Gen.Char, 0, 12]);
        await gen.SampleAsync(async (template, ops, junk) =>
        {
            var (resource, manifest) = Templates[template];
            var name = "m" + Interlocked.Increment(ref tried).ToString(CultureInfo.InvariantCulture);
            var body = ManifestMutator.Mutate(manifest.Replace("NAME", name, StringComparison.Ordinal), ops, junk);
            var (bytesCode, bytesBody, bytesWarnings) = await PostAsync(resource.Replace("NS", Namespaces[0], StringComparison.Ordinal), "application/json", body);
            var (treeCode, treeBody, treeWarnings) = await PostAsync(resource.Replace("NS", Namespaces[1], StringComparison.Ordinal), "*/*", body);
            var what = $"{Encoding.UTF8.GetString(body)}\nas bytes: {bytesCode} {bytesBody}\nas tree: {treeCode} {treeBody}";
            Assert.True(bytesCode < 500 && treeCode < 500, what);
            Assert.True(bytesCode == treeCode, what);
            Assert.True(bytesWarnings == treeWarnings, $"warnings {bytesWarnings} vs {treeWarnings}\n{what}");
            Assert.True(JsonNode.DeepEquals(Normalize(bytesBody), Normalize(treeBody)), what);
            if (bytesCode == 201)
            {
                Interlocked.Increment(ref created);
            }
        }, time: (int)Budget.TotalSeconds, threads: 1, print: t => $"template {t.Item1} ops [{string.Join(",", t.Item2)}] junk {t.Item3}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"create body paths: {tried} bodies, {created} created both ways"));
        Assert.True(created > 10, $"only {created} of {tried} bodies were created");
        Assert.True(tried - created > 10, $"only {tried - created} of {tried} bodies were refused");
    }

    private async Task<(int Code, string Body, string Warnings)> PostAsync(string path, string contentType, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await Server.Http.PostAsync(path, content);
        var warnings = response.Headers.TryGetValues("Warning", out var w) ? string.Join(" | ", w) : "";
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), warnings);
    }

    /// <summary>The answer with what differs by request (namespace, uid, time, revision, token volume name) taken out.</summary>
    private static JsonNode? Normalize(string body)
    {
        var text = Namespaces.Aggregate(body, (t, ns) => t.Replace(ns, "NS", StringComparison.Ordinal));
        text = TokenVolumeNames.Mask(text);
        var node = JsonNode.Parse(text);
        if (node?["metadata"] is JsonObject meta && node["kind"]?.GetValue<string>() != "Status")
        {
            foreach (var field in new[] { "uid", "creationTimestamp", "resourceVersion" })
            {
                Assert.NotNull(meta[field]);
                meta.Remove(field);
            }
            // Each request's managedFields entry is stamped with its own time, as creationTimestamp is.
            foreach (var entry in meta["managedFields"]?.AsArray() ?? [])
            {
                Assert.NotNull(entry?["time"]);
                entry!.AsObject().Remove("time");
            }
        }
        return node;
    }
}
