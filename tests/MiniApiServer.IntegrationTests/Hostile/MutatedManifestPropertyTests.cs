using System.Globalization;
using CsCheck;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Hostile;

/// <summary>
/// Property: mutated valid manifests, sent as creates, replaces and every patch type, never produce a 5xx;
/// any rejection is a v1 Status and leaves stored data as it was. Runs for a bounded time.
/// </summary>
public sealed class MutatedManifestPropertyTests(HostileServerFixture fixture) : IClassFixture<HostileServerFixture>
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    // Pods and DaemonSets run with dryRun=All: their controllers would otherwise write concurrently and blur the snapshot.
    private static readonly (string Collection, string Name, bool DryRun, string Manifest)[] Templates =
    [
        (HostileCorpus.ConfigMaps, "target", false, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"target","labels":{"app":"t"}},"data":{"a":"1","b":"2"}}"""),
        ("/api/v1/namespaces/default/secrets", "prop-secret", false, """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"prop-secret"},"type":"Opaque","data":{"k":"dmFsdWU="}}"""),
        ("/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles", "prop-role", false, """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"prop-role"},"rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get","list"]}]}"""),
        (HostileCorpus.Pods, "prop-pod", true, """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"prop-pod","labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80}],"resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}],"tolerations":[{"key":"k","operator":"Exists"}]}}"""),
        (HostileCorpus.DaemonSets, "target", true, """{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"target"},"spec":{"selector":{"matchLabels":{"app":"t"}},"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1}},"template":{"metadata":{"labels":{"app":"t"}},"spec":{"containers":[{"name":"c","image":"i","resources":{"limits":{"cpu":"1"}}}]}}}}"""),
    ];

    private static readonly (string Method, string? ContentType)[] Verbs =
    [
        ("POST", "application/json"), ("PUT", "application/json"), ("PATCH", "application/merge-patch+json"),
        ("PATCH", "application/strategic-merge-patch+json"), ("PATCH", "application/apply-patch+yaml"), ("POST", "application/yaml"),
    ];

    [Fact]
    public async Task MutatedManifests_NeverGet5xx_AndRejectionsChangeNothing()
    {
        var before = await fixture.SnapshotAsync(withEvents: false);
        var tried = 0;
        var rejected = 0;
        var gen = Gen.Select(Gen.Int[0, Templates.Length - 1], Gen.Int[0, Verbs.Length - 1], Gen.Int.Array[1, 4], Gen.String[Gen.Char, 0, 12]);
        await gen.SampleAsync(async (template, verb, ops, junk) =>
        {
            var (collection, name, dryRun, manifest) = Templates[template];
            var (method, contentType) = Verbs[verb];
            var query = (dryRun ? "?dryRun=All" : "?") + (contentType == "application/apply-patch+yaml" ? "&fieldManager=prop" : "");
            var path = (method == "POST" ? collection : $"{collection}/{name}") + query;
            var body = ManifestMutator.Mutate(manifest, ops, junk);
            using var response = await HostileInputTests.SendAsync(fixture.Server.Http, new HostileCase("prop", method, path, contentType, body));
            Interlocked.Increment(ref tried);
            var code = (int)response.StatusCode;
            Assert.True(code < 500, $"HTTP {code} for {method} {path}: {await response.Content.ReadAsStringAsync()}");
            // An accepted mutation can set off controllers (e.g. the GC acting on a random ownerReference), so the
            // baseline is taken only once they are done; a rejected request must leave it exactly as it was.
            var after = code >= 400 ? await fixture.SnapshotAsync(withEvents: false) : await fixture.WaitQuietAsync(withEvents: false);
            if (code >= 400)
            {
                Interlocked.Increment(ref rejected);
                Assert.Null(await StatusAssert.ProblemWith(response, method));
                Assert.True(before == after, $"rejected {method} {path} (HTTP {code}) changed stored data");
            }
            before = after;
        }, time: (int)Budget.TotalSeconds, threads: 1, print: t => $"template {t.Item1} verb {t.Item2} ops [{string.Join(",", t.Item3)}] junk {t.Item4}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mutated manifests: {tried} requests, {rejected} rejected, 0 server errors"));
        Assert.True(tried > 50, $"only {tried} requests in {Budget}");
    }
}
