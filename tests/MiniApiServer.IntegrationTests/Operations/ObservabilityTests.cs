using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Operations;

public sealed class ObservabilityTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start(nodes: 2);

    [Fact]
    public async Task Metrics_ExposeApiserverStorageWorkqueueAndNodeSeries()
    {
        await Server.Http.GetAsync("/api/v1/namespaces/default/pods");
        await Server.Http.GetAsync("/apis/apps/v1/namespaces/default/daemonsets/nope");
        // prometheus-net's registry is process-wide and other test servers share this process, so gauges are
        // checked for presence, not for this server's values.
        var text = await ScrapeUntil("miniapiserver_simulated_nodes ", "simulated node gauge");
        Assert.Contains("apiserver_request_total{verb=\"LIST\",resource=\"pods\",code=\"200\"}", text, StringComparison.Ordinal);
        Assert.Contains("apiserver_request_total{verb=\"GET\",resource=\"daemonsets\",code=\"404\"}", text, StringComparison.Ordinal);
        Assert.Contains("apiserver_request_duration_seconds_bucket{verb=\"LIST\",resource=\"pods\",le=", text, StringComparison.Ordinal);
        Assert.Matches("apiserver_storage_objects\\{resource=\"nodes\"\\} \\d+", text);
        Assert.Contains("apiserver_registered_watchers", text, StringComparison.Ordinal);
        Assert.Contains("workqueue_depth{name=\"daemonset\"}", text, StringComparison.Ordinal);
        Assert.Contains("workqueue_adds_total{name=\"simulated-kubelet\"}", text, StringComparison.Ordinal);
        Assert.Contains("workqueue_retries_total", text, StringComparison.Ordinal);
        Assert.Contains("controller_reconcile_duration_seconds_bucket{controller=", text, StringComparison.Ordinal);
        Assert.Contains("storage_commit_batch_size_bucket", text, StringComparison.Ordinal);
        Assert.Contains("storage_commit_duration_seconds_bucket", text, StringComparison.Ordinal);
        // Writes of every stored kind go through the generated writers; none of this server's fell back.
        Assert.Contains("apiserver_store_encode_fallbacks_total 0", text, StringComparison.Ordinal);
        // No in-process server shares its log with another writer, so none can find a hole in it and relist.
        Assert.Contains("\nstorage_relists_total 0", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_RepublishTheRuntimeMeter_ButNotAspNetCoresPerRequestInstrumentsOrEventCounters()
    {
        await Server.Http.GetAsync("/api/v1/namespaces/default/pods");
        // The meter adapter starts listening at the first scrape, so the requests it would see come after it.
        await Server.Http.GetStringAsync("/metrics");
        for (var i = 0; i < 3; i++)
        {
            await Server.Http.GetAsync("/api/v1/namespaces/default/configmaps");
        }
        var text = await ScrapeUntil("system_runtime_dotnet_gc_heap_total_allocated", "the runtime meter's allocation counter");
        Assert.Contains("apiserver_request_total{verb=\"LIST\",resource=\"configmaps\",code=\"200\"}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("http_server_request_duration", text, StringComparison.Ordinal);
        Assert.DoesNotContain("http_server_active_requests", text, StringComparison.Ordinal);
        Assert.DoesNotContain("aspnetcore_routing_match_attempts", text, StringComparison.Ordinal);
        // Nor does it listen to any EventSource's counters (it listened to 4, so Kestrel and hosting raised events per request).
        Assert.Contains("\nprometheus_net_eventcounteradapter_sources_connected_total 0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbingMadeUpPaths_AddsNoSeriesPerPath()
    {
        for (var i = 0; i < 20; i++)
        {
            await Server.Http.GetAsync($"/api/v1/namespaces/default/probe-{i}");
            await Server.Http.GetAsync($"/api/v1/namespaces/default/pods/p/probe-{i}");
            using var odd = new HttpRequestMessage(new HttpMethod($"PROBE{i}"), "/api/v1/namespaces/default/pods");
            await Server.Http.SendAsync(odd);
        }

        var text = await ScrapeUntil("apiserver_request_total{verb=\"other\",resource=\"pods\"", "the made-up methods' series");
        Assert.DoesNotContain("probe-", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PROBE", text, StringComparison.Ordinal);
        Assert.Contains("apiserver_request_total{verb=\"LIST\",resource=\"\",code=\"404\"}", text, StringComparison.Ordinal);
    }

    private async Task<string> ScrapeUntil(string series, string what) =>
        (await Eventually.Get(() => Server.Http.GetStringAsync("/metrics"), t => t.Contains(series, StringComparison.Ordinal), what: what))!;

    [Theory]
    [InlineData("/livez")]
    [InlineData("/readyz")]
    [InlineData("/healthz")]
    public async Task HealthEndpoints_AnswerOk(string path)
    {
        var resp = await Server.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, resp.StatusCode);
        Assert.Equal("ok", await resp.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReadyzVerbose_ListsNamedChecks()
    {
        var body = await Server.Http.GetStringAsync("/readyz?verbose");
        Assert.Equal("[+]ping ok\n[+]storage ok\n[+]informers-synced ok\nreadyz check passed\n", body);
    }
}
