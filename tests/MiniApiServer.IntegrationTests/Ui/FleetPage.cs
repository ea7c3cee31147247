using Microsoft.Playwright;

namespace MiniApiServer.IntegrationTests.Ui;

/// <summary>The fleet page in a fresh browser context, with the locators the tests read, named as the user sees them.</summary>
public sealed class FleetPage : IAsyncDisposable
{
    /// <summary>
    /// Installed before the page's own scripts: records CSP violations, page errors and long tasks, so a test can
    /// assert the page needed no inline code and stayed responsive.
    /// </summary>
    private const string Probe = """
        window.__probe = { violations: [], longTasks: [] };
        document.addEventListener('securitypolicyviolation', e => window.__probe.violations.push(e.violatedDirective + ' ' + e.blockedURI));
        try {
          new PerformanceObserver(list => {
            for (const e of list.getEntries()) window.__probe.longTasks.push({ start: e.startTime, duration: e.duration });
          }).observe({ type: 'longtask', buffered: true });
        } catch (e) { window.__probe.noLongTasks = String(e); }
        """;

    private readonly IBrowserContext _context;

    private FleetPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.PageError += (_, e) => Errors.Add(e);
        page.Console += (_, m) =>
        {
            // Chromium logs every non-2xx response (a 404 for a node just deleted, a 403 shown to the user) as a
            // console error; those are answers the page handles, not page errors.
            if (m.Type == "error" && !m.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                Errors.Add(m.Text);
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Uncaught exceptions and console errors of the page.</summary>
    public List<string> Errors { get; } = [];

    public static async Task<FleetPage> OpenAsync(IBrowser browser, Uri server, string path = "/ui/", Func<IPage, Task>? beforeNavigation = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await context.AddInitScriptAsync(Probe);
        var page = await context.NewPageAsync();
        var fleet = new FleetPage(context, page);
        if (beforeNavigation is not null)
        {
            await beforeNavigation(page);
        }
        await page.GotoAsync(new Uri(server, path).ToString());
        return fleet;
    }

    public ILocator FleetSummary => Page.Locator("#fleet-summary");

    public ILocator FleetCanvas => Page.Locator("canvas#fleet");

    public ILocator DaemonSetRow(string name, string ns = "default") => Page.Locator($"#daemonsets tr[data-ds='{ns}/{name}']");

    public ILocator DaemonSetCell(string name, string column) => DaemonSetRow(name).Locator("td." + column);

    public ILocator Coverage(string name, string ns = "default") => Page.Locator($".coverage-row[data-ds='{ns}/{name}']");

    public ILocator Details => Page.Locator("#details");

    public ILocator Message => Page.Locator("#message");

    public async Task ShowAsync(string name)
    {
        await Page.Locator("#find").FillAsync(name);
        await Page.Locator("#find-form button").ClickAsync();
        await Assertions.Expect(Page.Locator("#details")).ToHaveAttributeAsync("data-name", name);
    }

    public async Task<string[]> CspViolationsAsync() => await Page.EvaluateAsync<string[]>("() => window.__probe.violations");

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
