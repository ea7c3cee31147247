using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Ui;

/// <summary>A fact that drives Debian's chromium (and, when asked, kubectl); skipped with a clear message where it is absent.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute(bool needsKubectl = false)
    {
        if (!File.Exists(BrowserFixture.ChromiumPath))
        {
            Skip = $"chromium not found at {BrowserFixture.ChromiumPath}; `apt-get install -y chromium` to run the fleet page tests";
        }
        else if (needsKubectl && !File.Exists(KubectlRunner.Path))
        {
            Skip = $"kubectl not found at {KubectlRunner.Path}; install it to run the kubectl compatibility tests";
        }
    }
}
