using System.Text;
using System.Text.RegularExpressions;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.FirstUse;

/// <summary>The "try:" command a --tls-self-signed server prints must work when pasted into a shell, with the real kubectl.</summary>
public sealed partial class TlsBannerHintTests
{
    [KubectlFact]
    public async Task SelfSignedBannerHint_PastedIntoAShell_ListsTheNodes()
    {
        var serverDir = ServerCli.NewDirectory();
        var url = $"https://127.0.0.1:{ServerCli.FreePort()}";
        var output = new StringBuilder();
        var server = ServerCli.StartCollecting("dotnet", serverDir, output, ServerCli.ServerDll, "--urls", url, "--tls-self-signed", "--nodes", "1");
        try
        {
            var hint = await Eventually.Get(() =>
            {
                lock (output)
                {
                    return Task.FromResult(Hint().Match(output.ToString()));
                }
            }, m => m.Success, TimeSpan.FromSeconds(120), "the startup banner");

            var userDir = ServerCli.NewDirectory();
            var (exit, stdout, stderr) = await ServerCli.RunAsync("bash", userDir, new Dictionary<string, string> { ["HOME"] = userDir },
                "-c", hint.Groups["command"].Value);

            Assert.True(exit == 0, $"`{hint.Groups["command"].Value}` exited {exit}: {stderr}");
            Assert.StartsWith("NAME ", stdout, StringComparison.Ordinal);
        }
        finally
        {
            ServerCli.Stop(server);
        }
    }

    [GeneratedRegex(@"ready at \S+ \| .* \| try: (?<command>.*?) \| Swagger UI")]
    private static partial Regex Hint();
}
