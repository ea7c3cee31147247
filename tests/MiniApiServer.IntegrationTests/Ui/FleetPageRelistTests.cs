using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Playwright;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Watch.WatchHttp;

namespace MiniApiServer.IntegrationTests.Ui;

/// <summary>
/// The page is cut off while the server keeps running and compacts the change log past what the page last saw; its
/// watches come back to 410 Expired and it must list again (client-go's reflector relists on 410) to show what
/// changed meanwhile, a deletion included, without reloading.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FleetPageRelistTests(BrowserFixture browser) : ServerTest
{
    // A window of a few dozen changes, compacted five times a second, so a short outage outlives it.
    protected override ApiServerHost StartServer() => ApiServerHost.Start(nodes: 3, settings: new Dictionary<string, string>
    {
        ["Storage:WatchWindowMinEvents"] = "10",
        ["Storage:WatchWindowMaxEvents"] = "40",
        ["Storage:WatchWindow"] = "00:00:01",
        ["Storage:CompactionInterval"] = "00:00:00.200",
    });

    [BrowserFact]
    public async Task WatchResumedFromACompactedResourceVersion_Gets410_AndThePageListsAgain()
    {
        using var relay = new LoopbackRelay { Target = Server.BaseAddress };
        await FleetObjects.CreateKwokNodeAsync(Server.Http, "node-gone");
        await using var page = await FleetPage.OpenAsync(browser.Browser, relay.Address);
        await Assertions.Expect(page.FleetSummary).ToHaveAttributeAsync("data-nodes", "4", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Page.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = 20_000 });
        await page.Page.EvaluateAsync("() => { window.__sameDocument = true; }");

        relay.Target = null;
        relay.Sever();
        await Assertions.Expect(page.Page.Locator("#connection")).ToHaveAttributeAsync("data-state", "reconnecting", new() { Timeout = 10_000 });
        // No event after this revision can have reached the page, so what it last saw is at or before it.
        var cutOff = ResourceVersion((await Server.Http.GetJsonAsync("/api/v1/nodes?limit=1"))!);

        await Client.DeleteNodeAsync("node-gone");
        await FleetObjects.CreateKwokNodeAsync(Server.Http, "node-during-outage");
        await Client.PatchNodeAsync(new V1Patch("""{"spec":{"unschedulable":true}}""", V1Patch.PatchType.MergePatch), "node-2");
        for (var i = 0; i < 60; i++)
        {
            await CreateAsync(Server.Http, $"churn-{i}", "v");
        }
        await Eventually.True(async () => await WatchFromAsync(cutOff) is { } status && status["code"]?.GetValue<int>() == 410,
            TimeSpan.FromSeconds(20), $"a watch from resourceVersion {cutOff} answered 410 Expired");

        relay.Target = Server.BaseAddress;
        await Assertions.Expect(page.Page.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = 20_000 });
        await Assertions.Expect(page.FleetSummary).ToHaveAttributeAsync("data-cordoned", "1", new() { Timeout = 10_000 });
        await Assertions.Expect(page.FleetSummary).ToHaveAttributeAsync("data-nodes", "4");
        await page.ShowAsync("node-during-outage");
        await page.Page.Locator("#find").FillAsync("node-gone");
        await page.Page.Locator("#find-form button").ClickAsync();
        await Assertions.Expect(page.Message).ToHaveTextAsync("no node, pod or DaemonSet named node-gone");
        Assert.True(await page.Page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        Assert.Empty(page.Errors);
    }

    /// <summary>The Status of a watch's ERROR event from <paramref name="resourceVersion"/>, or null if it streamed.</summary>
    private async Task<JsonNode?> WatchFromAsync(string resourceVersion)
    {
        using var response = await Server.Http.GetAsync($"/api/v1/nodes?watch=true&timeoutSeconds=1&resourceVersion={resourceVersion}",
            HttpCompletionOption.ResponseHeadersRead);
        var events = await ReadAllAsync(response);
        return events.Count > 0 && Type(events[0]) == "ERROR" ? events[0]["object"] : null;
    }
}
