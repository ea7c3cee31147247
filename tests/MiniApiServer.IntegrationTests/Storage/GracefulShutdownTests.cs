using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Storage;

/// <summary>SIGTERM: open watches end, writes drain, SQLite checkpoints (no WAL left), exit 0, and the restart is clean.</summary>
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Sigterm_EndsWatches_CheckpointsWal_ExitsZero_RestartIsClean()
    {
        var db = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"), "cluster.db");
        using (var server = await ServerProcess.StartAsync(db))
        {
            using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
            using var watch = await http.GetAsync("/api/v1/namespaces/default/configmaps?watch=true", HttpCompletionOption.ResponseHeadersRead);
            var stream = await watch.Content.ReadAsStreamAsync();
            var writes = Enumerable.Range(0, 50).Select(i => http.PostAsync("/api/v1/namespaces/default/configmaps",
                new StringContent($$$"""{"metadata":{"name":"cm-{{{i}}}"}}""", Encoding.UTF8, "application/json"))).ToList();
            Assert.All(await Task.WhenAll(writes), r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));

            var exit = await server.TerminateAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(0, exit);
            // The watch stream ends (EOF), rather than hanging or resetting, and only after every acknowledged
            // write has gone out on it once.
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var rest = await new StreamReader(stream).ReadToEndAsync(cts.Token);
            var delivered = rest.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!)
                .Select(e => (Type: e["type"]!.GetValue<string>(), Name: e["object"]?["metadata"]?["name"]?.GetValue<string>()))
                .Where(e => e.Name?.StartsWith("cm-", StringComparison.Ordinal) == true)
                .ToList();
            Assert.All(delivered, e => Assert.Equal("ADDED", e.Type));
            Assert.Equal(Enumerable.Range(0, 50).Select(i => $"cm-{i}").Order(StringComparer.Ordinal),
                delivered.Select(e => e.Name!).Order(StringComparer.Ordinal));
        }
        var wal = db + "-wal";
        var walBytes = File.Exists(wal) ? new FileInfo(wal).Length : 0;
        Assert.True(walBytes == 0, $"WAL left behind: {walBytes} bytes");
        using var restarted = await ServerProcess.StartAsync(db);
        using var client = new HttpClient { BaseAddress = restarted.BaseAddress };
        var list = JsonNode.Parse(await client.GetStringAsync("/api/v1/namespaces/default/configmaps"))!;
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"cm-{i}").Order(StringComparer.Ordinal),
            list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).Where(n => n != "kube-root-ca.crt").Order(StringComparer.Ordinal));
    }
}
