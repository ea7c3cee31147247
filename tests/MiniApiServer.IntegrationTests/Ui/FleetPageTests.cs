using System.Diagnostics;
using System.Net;
using k8s;
using Microsoft.Playwright;
using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.IntegrationTests.Kubectl;

namespace MiniApiServer.IntegrationTests.Ui;

/// <summary>The fleet page at /ui/ in a real chromium, against a server with the README's three simulated nodes.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FleetPageTests(BrowserFixture browser) : ServerTest
{
    private const string Daemon = "monitoring-daemon";

    protected override ApiServerHost StartServer() => ApiServerHost.Start(nodes: 3);

    private Task CreateMonitoringDaemonAsync() => FleetObjects.CreateMonitoringDaemonAsync(Client);

    private static async Task ExpectDaemonSetNumbersAsync(FleetPage page, string expected, float timeoutMs = 20_000)
    {
        foreach (var column in new[] { "desired", "current", "ready", "up-to-date", "available" })
        {
            await Assertions.Expect(page.DaemonSetCell(Daemon, column)).ToHaveTextAsync(expected, new() { Timeout = timeoutMs });
        }
    }

    [BrowserFact]
    public async Task ShowsThreeNodes_AndMonitoringDaemonThreeOfThreeReady()
    {
        await CreateMonitoringDaemonAsync();
        await using var page = await FleetPage.OpenAsync(browser.Browser, Server.BaseAddress);

        await Assertions.Expect(page.FleetSummary).ToHaveAttributeAsync("data-nodes", "3");
        await Assertions.Expect(page.FleetSummary).ToHaveAttributeAsync("data-ready", "3");
        await ExpectDaemonSetNumbersAsync(page, "3");
        await Assertions.Expect(page.Coverage(Daemon)).ToHaveAttributeAsync("data-ready", "3");
        await Assertions.Expect(page.Coverage(Daemon)).ToHaveAttributeAsync("data-missing", "0");
        await Assertions.Expect(page.Page.Locator("#connection")).ToHaveTextAsync("live");
        Assert.Empty(await page.CspViolationsAsync());
        Assert.Empty(page.Errors);
    }

    [BrowserFact]
    public async Task KwokNodeCreatedThroughApi_AppearsWithItsDaemonPod_WithinTwoSeconds_WithoutReload()
    {
        await CreateMonitoringDaemonAsync();
        await using var page = await FleetPage.OpenAsync(browser.Browser, Server.BaseAddress);
        await Assertions.Expect(page.Coverage(Daemon)).ToHaveAttributeAsync("data-ready", "3", new() { Timeout = 20_000 });
        await page.Page.EvaluateAsync("() => { window.__sameDocument = true; }");

        await FleetObjects.CreateKwokNodeAsync(Server.Http, "node-4");
        var clock = Stopwatch.StartNew();
        await Assertions.Expect(page.FleetSummary).ToHaveAttributeAsync("data-nodes", "4", new() { Timeout = 2_000 });
        // A daemon pod on every one of the four nodes, in whatever state it has reached.
        await page.Page.WaitForFunctionAsync("""
            () => {
              const c = document.querySelector(".coverage-row[data-ds='default/monitoring-daemon']").dataset;
              return Number(c.ready) + Number(c.running) + Number(c.pending) === 4 && c.missing === '0';
            }
            """, null, new() { Timeout = 2_000 });
        clock.Stop();
        Assert.True(clock.Elapsed <= TimeSpan.FromSeconds(2), $"node-4 and its pod took {clock.Elapsed.TotalMilliseconds:F0} ms to appear");
        Assert.True(await page.Page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");

        await page.ShowAsync("node-4");
        await Assertions.Expect(page.Page.Locator("#details-pods li")).ToContainTextAsync("default/monitoring-daemon-");
    }

    [BrowserFact(needsKubectl: true)]
    public async Task KubectlSetImage_ShowsRolloutProgress_ThenThreeOfThreeUpToDate()
    {
        Assert.Equal("daemonset.apps/monitoring-daemon created\n",
            await Kubectl.OkAsync("create", "-f", Kubectl.WriteFile("daemon-set-definition.yaml", Manifests.MonitoringDaemon)));
        await using var page = await FleetPage.OpenAsync(browser.Browser, Server.BaseAddress);
        var rollout = page.DaemonSetCell(Daemon, "rollout");
        await Assertions.Expect(rollout).ToHaveTextAsync("3/3 up to date", new() { Timeout = 20_000 });
        // Every state the rollout cell and the coverage row pass through, recorded in the page as it happens.
        await page.Page.EvaluateAsync("""
            () => {
              window.__seen = { states: [], outdated: 0 };
              const cell = document.querySelector("tr[data-ds='default/monitoring-daemon'] td.rollout");
              const coverage = document.querySelector(".coverage-row[data-ds='default/monitoring-daemon']");
              new MutationObserver(() => {
                window.__seen.states.push(cell.dataset.state + ': ' + cell.textContent);
                window.__seen.outdated = Math.max(window.__seen.outdated, Number(coverage.dataset.outdated));
              }).observe(document.getElementById('main'), { attributes: true, childList: true, subtree: true, characterData: true });
            }
            """);

        await Kubectl.OkAsync("set", "image", "daemonset/monitoring-daemon", "monitoring-agent=monitoring-agent:v2");

        await page.Page.WaitForFunctionAsync("() => window.__seen.states.some(s => s.startsWith('progress'))", null, new() { Timeout = 10_000 });
        await Assertions.Expect(rollout).ToHaveAttributeAsync("data-state", "done", new() { Timeout = 30_000 });
        await Assertions.Expect(rollout).ToHaveTextAsync("3/3 up to date");
        await ExpectDaemonSetNumbersAsync(page, "3");
        var outdatedSeen = await page.Page.EvaluateAsync<int>("() => window.__seen.outdated");
        Assert.True(outdatedSeen > 0, "the coverage row never showed a pod of the old revision");
        await Assertions.Expect(page.Coverage(Daemon)).ToHaveAttributeAsync("data-outdated", "0");
        await Assertions.Expect(page.DaemonSetRow(Daemon).Locator("input")).ToHaveValueAsync("monitoring-agent:v2");
    }

    [BrowserFact]
    public async Task CordonFromPage_SetsSpecUnschedulable_AndUncordonClearsIt()
    {
        await using var page = await FleetPage.OpenAsync(browser.Browser, Server.BaseAddress);
        await Assertions.Expect(page.FleetSummary).ToHaveAttributeAsync("data-nodes", "3");
        // The first cell of the grid is node-1 (nodes are laid out in name order).
        await page.FleetCanvas.ClickAsync(new() { Position = new Position { X = 3, Y = 3 } });
        await Assertions.Expect(page.Details).ToHaveAttributeAsync("data-name", "node-1");

        await page.ShowAsync("node-2");
        await page.Details.Locator("button.cordon").ClickAsync();
        await Eventually.True(async () => (await Client.ReadNodeAsync("node-2")).Spec.Unschedulable == true, what: "node-2 unschedulable");
        await Assertions.Expect(page.FleetSummary).ToHaveAttributeAsync("data-cordoned", "1");
        await Assertions.Expect(page.Details.Locator("button.cordon")).ToHaveTextAsync("Uncordon");

        await page.Details.Locator("button.cordon").ClickAsync();
        await Eventually.True(async () => (await Client.ReadNodeAsync("node-2")).Spec.Unschedulable is null or false, what: "node-2 schedulable again");
        await Assertions.Expect(page.FleetSummary).ToHaveAttributeAsync("data-cordoned", "0");
        Assert.Empty(page.Errors);
    }

    [BrowserFact]
    public async Task NodeAndDaemonSetActions_FromPage_ChangeTheObjectsInTheApi()
    {
        await CreateMonitoringDaemonAsync();
        await using var page = await FleetPage.OpenAsync(browser.Browser, Server.BaseAddress);
        await ExpectDaemonSetNumbersAsync(page, "3");

        await page.Page.Locator("#add-nodes-count").FillAsync("2");
        await page.Page.Locator("#add-nodes-form button").ClickAsync();
        await Assertions.Expect(page.FleetSummary).ToHaveAttributeAsync("data-ready", "5", new() { Timeout = 20_000 });
        var added = await Client.ReadNodeAsync("node-5");
        Assert.Equal("fake", added.Metadata.Annotations["kwok.x-k8s.io/node"]);
        await ExpectDaemonSetNumbersAsync(page, "5");

        await page.ShowAsync("node-1");
        await page.Details.Locator("input[aria-label='Taint']").FillAsync("dedicated=ui:NoSchedule");
        await page.Details.Locator("button.taint").ClickAsync();
        await Eventually.True(async () => (await Client.ReadNodeAsync("node-1")).Spec.Taints?.Any(t => t.Key == "dedicated" && t.Value == "ui" && t.Effect == "NoSchedule") == true,
            what: "node-1 tainted");
        await Assertions.Expect(page.FleetSummary).ToHaveAttributeAsync("data-tainted", "1");
        await page.Details.Locator("button.untaint", new() { HasText = "dedicated:NoSchedule" }).ClickAsync();
        await Eventually.True(async () => (await Client.ReadNodeAsync("node-1")).Spec.Taints?.Any(t => t.Key == "dedicated") != true, what: "node-1 untainted");

        await page.ShowAsync("node-5");
        await page.Details.Locator("button.delete").ClickAsync();
        await page.Details.Locator("button.delete").ClickAsync();
        await Eventually.True(async () => (await Server.Http.GetAsync("/api/v1/nodes/node-5")).StatusCode == HttpStatusCode.NotFound, what: "node-5 deleted");
        await Assertions.Expect(page.FleetSummary).ToHaveAttributeAsync("data-nodes", "4");

        await page.DaemonSetRow(Daemon).Locator("button.restart").ClickAsync();
        await Eventually.True(async () => (await Client.ReadNamespacedDaemonSetAsync(Daemon, "default")).Spec.Template.Metadata.Annotations?
            .ContainsKey("kubectl.kubernetes.io/restartedAt") == true, what: "restartedAt annotation");

        await page.DaemonSetRow(Daemon).Locator("input").FillAsync("monitoring-agent:v3");
        await page.DaemonSetRow(Daemon).Locator("button.set-image").ClickAsync();
        await Eventually.True(async () => (await Client.ReadNamespacedDaemonSetAsync(Daemon, "default")).Spec.Template.Spec.Containers[0].Image == "monitoring-agent:v3",
            what: "image changed");
        await Assertions.Expect(page.DaemonSetCell(Daemon, "rollout")).ToHaveTextAsync("4/4 up to date", new() { Timeout = 30_000 });
        Assert.Empty(page.Errors);
    }

    [BrowserFact]
    public async Task EventMessageWithScriptTag_RendersAsText()
    {
        const string message = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\"> & done";
        await using var page = await FleetPage.OpenAsync(browser.Browser, Server.BaseAddress);
        await Assertions.Expect(page.FleetSummary).ToHaveAttributeAsync("data-nodes", "3");

        await Server.Http.CreateAsync("/api/v1/namespaces/default/events", System.Text.Json.JsonSerializer.Serialize(new
        {
            apiVersion = "v1",
            kind = "Event",
            metadata = new { name = "node-1.hostile" },
            involvedObject = new { kind = "Node", name = "node-1" },
            reason = "<b>Hostile</b>",
            message,
            type = "Warning",
        }));

        var item = page.Page.Locator("#events li", new() { HasText = "Hostile" });
        await Assertions.Expect(item.Locator(".message")).ToHaveTextAsync(message);
        await Assertions.Expect(item.Locator(".reason")).ToHaveTextAsync("<b>Hostile</b> ");
        Assert.Equal(0, await page.Page.Locator("#events script, #events img, #events b").CountAsync());
        Assert.Null(await page.Page.EvaluateAsync<int?>("() => window.__pwned ?? null"));

        await page.Page.Locator("#events-filter").FillAsync("Node/node-1");
        await Assertions.Expect(page.Page.Locator("#events li")).Not.ToHaveCountAsync(0);
        Assert.Equal(0, await page.Page.Locator("#events li:not([data-object='Node/node-1'])").CountAsync());
        await page.ShowAsync("node-1");
        await Assertions.Expect(page.Page.Locator("#details-events li .message", new() { HasText = "window.__pwned" })).ToHaveTextAsync(message);
    }

    [Fact]
    public async Task Root_RedirectsBrowsers_ApiClientsStillGetRootPaths_AndThePageCarriesAStrictCsp()
    {
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Server.BaseAddress };
        using var browserRequest = new HttpRequestMessage(HttpMethod.Get, "/");
        browserRequest.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        using var redirect = await noRedirects.SendAsync(browserRequest);
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.Equal("/ui/", redirect.Headers.Location!.OriginalString);

        foreach (var accept in new[] { null, "application/json", "application/json, */*" })
        {
            using var apiRequest = new HttpRequestMessage(HttpMethod.Get, "/");
            if (accept is not null)
            {
                apiRequest.Headers.Accept.ParseAdd(accept);
            }
            using var root = await noRedirects.SendAsync(apiRequest);
            Assert.Equal(HttpStatusCode.OK, root.StatusCode);
            var paths = System.Text.Json.Nodes.JsonNode.Parse(await root.Content.ReadAsStringAsync())!["paths"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
            Assert.Contains("/api/v1", paths);
            Assert.Contains("/apis/apps/v1", paths);
            Assert.Contains("/version", paths);
        }

        foreach (var asset in new[] { "/ui/", "/ui/js/main.js", "/ui/app.css" })
        {
            using var response = await noRedirects.GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("style-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("connect-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        }
        using var missing = await noRedirects.GetAsync("/ui/nope.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("Status", System.Text.Json.Nodes.JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["kind"]!.GetValue<string>());
    }
}
