using Microsoft.Playwright;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Ui;

/// <summary>The page outlives a server restart: its watches reconnect and resume, and later changes still show.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FleetPageRestartTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task ServerKilledAndRestarted_PageReconnects_AndShowsLaterChanges()
    {
        var db = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"), "cluster.db");
        Directory.CreateDirectory(Path.GetDirectoryName(db)!);
        using var relay = new LoopbackRelay();
        var first = await ServerProcess.StartAsync(db, nodes: 3);
        ServerProcess? second = null;
        try
        {
            relay.Target = first.BaseAddress;
            await using var page = await FleetPage.OpenAsync(browser.Browser, relay.Address);
            await Assertions.Expect(page.FleetSummary).ToHaveAttributeAsync("data-ready", "3", new() { Timeout = 20_000 });
            await Assertions.Expect(page.Page.Locator("#connection")).ToHaveTextAsync("live");
            await page.Page.EvaluateAsync("() => { window.__sameDocument = true; }");

            relay.Target = null;
            first.Kill();
            await Assertions.Expect(page.Page.Locator("#connection")).ToHaveAttributeAsync("data-state", "reconnecting", new() { Timeout = 10_000 });
            second = await ServerProcess.StartAsync(db, nodes: 3);
            relay.Target = second.BaseAddress;
            await Assertions.Expect(page.Page.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = 20_000 });

            using var http = new HttpClient { BaseAddress = second.BaseAddress };
            await FleetObjects.CreateKwokNodeAsync(http, "node-after-restart");
            await Assertions.Expect(page.FleetSummary).ToHaveAttributeAsync("data-nodes", "4", new() { Timeout = 10_000 });
            Assert.True(await page.Page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        }
        finally
        {
            first.Dispose();
            second?.Dispose();
        }
    }
}
