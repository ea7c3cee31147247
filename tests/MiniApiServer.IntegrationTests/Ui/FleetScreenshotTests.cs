using Microsoft.Playwright;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Ui;

/// <summary>
/// The README's picture of the page: the walkthrough's state (three nodes, the seed's monitoring-daemon, node-4
/// joined). Always captured into the test output; with UPDATE_SCREENSHOT=1 it replaces docs/images/fleet.png.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FleetScreenshotTests(BrowserFixture browser) : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start(nodes: 3);

    [BrowserFact]
    public async Task Screenshot_OfTheWalkthroughState()
    {
        await FleetObjects.CreateMonitoringDaemonAsync(Client);
        await FleetObjects.CreateKwokNodeAsync(Server.Http, "node-4");
        await using var page = await FleetPage.OpenAsync(browser.Browser, Server.BaseAddress);
        await Assertions.Expect(page.DaemonSetCell("monitoring-daemon", "rollout")).ToHaveTextAsync("4/4 up to date", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Coverage("monitoring-daemon")).ToHaveAttributeAsync("data-ready", "4");
        await page.ShowAsync("node-4");
        await Assertions.Expect(page.Page.Locator("#details-pods li")).ToContainTextAsync("Ready");

        var output = Path.Combine(AppContext.BaseDirectory, "fleet.png");
        await page.Page.ScreenshotAsync(new PageScreenshotOptions { Path = output });
        Assert.True(new FileInfo(output).Length > 10_000);
        if (Environment.GetEnvironmentVariable("UPDATE_SCREENSHOT") == "1")
        {
            var docs = Path.Combine(RepositoryRoot(), "docs", "images");
            Directory.CreateDirectory(docs);
            File.Copy(output, Path.Combine(docs, "fleet.png"), overwrite: true);
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MiniApiServer.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("MiniApiServer.sln not found above " + AppContext.BaseDirectory);
    }
}
