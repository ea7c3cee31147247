using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Watch.WatchHttp;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>
/// The deprecated /api/v1/watch/... and /apis/GROUP/VERSION/watch/... paths, which the OpenAPI documents
/// advertise and ruby-kubeclient uses, stream the same events as ?watch=true on the list path.
/// </summary>
public sealed class DeprecatedWatchPathTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private HttpClient NewHttp() => new() { BaseAddress = Server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };

    private static async Task<List<string>> NamesAsync(HttpClient http, string path)
    {
        using var resp = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, resp.StatusCode);
        // Objects other tests' controllers touch (leader-election leases) may also show up as MODIFIED.
        return (await ReadAllAsync(resp)).Where(e => Type(e) == "ADDED").Select(e => Name(e)!).Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task NamespacedCollection_ClusterCollection_AndSingleName_StreamWatchEvents()
    {
        using var http = NewHttp();
        await CreateAsync(http, "alpha", "1");
        await CreateAsync(http, "beta", "2");
        await http.CreateAsync("/api/v1/namespaces", """{"metadata":{"name":"other"}}""");
        await http.CreateAsync("/api/v1/namespaces/other/configmaps", """{"metadata":{"name":"gamma"}}""");

        // kube-root-ca.crt is in "default" before the test starts (the root CA publisher, as on a real cluster).
        Assert.Equal(["alpha", "beta", "kube-root-ca.crt"], await NamesAsync(http, "/api/v1/watch/namespaces/default/configmaps?timeoutSeconds=1"));
        Assert.Equal(["alpha", "beta", "gamma"], (await NamesAsync(http, "/api/v1/watch/configmaps?timeoutSeconds=1"))
            .Where(n => n is "alpha" or "beta" or "gamma"));
        Assert.Equal(["beta"], await NamesAsync(http, "/api/v1/watch/namespaces/default/configmaps/beta?timeoutSeconds=1"));
        Assert.Equal(["other"], await NamesAsync(http, "/api/v1/watch/namespaces/other?timeoutSeconds=1"));
    }

    [Fact]
    public async Task SingleNameWatch_SeesLaterChangesOfThatObjectOnly()
    {
        using var http = NewHttp();
        var rv = await CreateAsync(http, "watched", "1");
        await CreateAsync(http, "ignored", "1");
        await http.MergePatchAsync($"{ConfigMaps}/ignored", """{"data":{"v":"2"}}""");
        await http.MergePatchAsync($"{ConfigMaps}/watched", """{"data":{"v":"2"}}""");
        using var resp = await http.GetAsync($"/api/v1/watch/namespaces/default/configmaps/watched?resourceVersion={rv}&timeoutSeconds=1",
            HttpCompletionOption.ResponseHeadersRead);
        var events = await ReadAllAsync(resp);
        var modified = Assert.Single(events);
        Assert.Equal("MODIFIED", Type(modified));
        Assert.Equal("watched", Name(modified));
        Assert.Equal("2", modified["object"]!["data"]!["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task GroupPath_WatchesLeases()
    {
        using var http = NewHttp();
        await http.CreateAsync("/apis/coordination.k8s.io/v1/namespaces/default/leases", """{"metadata":{"name":"lock"},"spec":{"holderIdentity":"a"}}""");
        const string Watch = "/apis/coordination.k8s.io/v1/watch";
        Assert.Equal(["lock"], await NamesAsync(http, $"{Watch}/namespaces/default/leases?timeoutSeconds=1"));
        Assert.Contains("lock", await NamesAsync(http, $"{Watch}/leases?timeoutSeconds=1"));
        Assert.Equal(["lock"], await NamesAsync(http, $"{Watch}/namespaces/default/leases/lock?timeoutSeconds=1"));
    }

    [Fact]
    public async Task ConflictingFieldSelector_Subresource_AndWrites_AreRejectedLikeUpstream()
    {
        using var http = NewHttp();
        using var conflict = await http.GetAsync("/api/v1/watch/namespaces/default/configmaps/a?fieldSelector=metadata.name%3Db");
        Assert.Equal(HttpStatusCode.BadRequest, conflict.StatusCode);
        Assert.Equal("fieldSelector metadata.name doesn't match requested name",
            JsonNode.Parse(await conflict.Content.ReadAsStringAsync())!["message"]!.GetValue<string>());
        using var sub = await http.GetAsync("/api/v1/watch/namespaces/default/pods/p/status");
        Assert.Equal(HttpStatusCode.NotFound, sub.StatusCode);
        using var post = await http.PostAsync("/api/v1/watch/namespaces/default/configmaps", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }
}
