using Microsoft.Playwright;

namespace MiniApiServer.IntegrationTests.Ui;

/// <summary>
/// One Debian chromium for all fleet page tests. Playwright's own browser download cannot work on these machines,
/// so the browser is the packaged one; every test gets a fresh context (no shared storage or cookies).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            return;
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_playwright is null)
        {
            return;
        }
        await Browser.CloseAsync();
        _playwright.Dispose();
    }
}
