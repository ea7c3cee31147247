using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Sqlite;

namespace MiniApiServer.IntegrationTests.Storage;

/// <summary>
/// A full disk, made real by SQLite's own page limit (the same SQLITE_FULL a full file system gives): writes
/// get a 500 naming the storage error, reads keep serving, /readyz says [-]storage, and once there is room
/// again the server takes writes without a restart.
/// </summary>
public sealed class DiskFullTests
{
    [Fact]
    public async Task DiskFull_Writes500_ReadsServe_ReadyzFails_ThenRecoversWithoutRestart()
    {
        await using var host = ApiServerHost.Start();
        var http = host.Http;
        Assert.Equal(HttpStatusCode.Created, (await Create(http, "before", "small")).StatusCode);
        var backend = (SqliteBackend)host.Services.GetRequiredService<IStorageBackend>();

        backend.SetMaxPageCount(1);
        var refused = await Create(http, "too-big", new string('x', 512 * 1024));

        Assert.Equal(HttpStatusCode.InternalServerError, refused.StatusCode);
        var status = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal("InternalError", (string?)status["reason"]);
        Assert.Contains("database or disk is full", (string?)status["message"], StringComparison.Ordinal);
        // The page limit leaves the file's free pages usable, and any commit that fits (a Lease renewal, a node
        // heartbeat) heals the health as a real full disk with a little room would: fill them first, so the
        // controllers' own writes fail too and /readyz cannot race back to ok.
        await FillFreePages(http);
        // A commit smaller than the last create may still fit a page's tail and heal the health for a moment, until
        // the next one fails: the failure is what /readyz must come to report.
        var readyz = await Eventually.Get(() => http.GetAsync("/readyz?verbose"), r => r.StatusCode == HttpStatusCode.InternalServerError,
            TimeSpan.FromSeconds(20), "/readyz reporting the full disk");
        Assert.Contains("[-]storage", await readyz.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/namespaces/default/configmaps/before")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/v1/namespaces/default/configmaps/too-big")).StatusCode);

        backend.SetMaxPageCount(1_000_000);
        await Eventually.True(async () => (await http.GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(20), "readyz after the disk has room");
        Assert.Equal(HttpStatusCode.Created, (await Create(http, "too-big", new string('x', 512 * 1024))).StatusCode);
    }

    /// <summary>Creates ever smaller objects until even the smallest is refused, so little room is left for anyone.</summary>
    private static async Task FillFreePages(HttpClient http)
    {
        foreach (var size in new[] { 2048, 256, 1 })
        {
            await FillWith(http, size);
        }
    }

    private static async Task FillWith(HttpClient http, int size)
    {
        for (var i = 0; i < 5_000; i++)
        {
            using var response = await Create(http, $"fill-{size}-{i}", new string('f', size));
            if (response.StatusCode == HttpStatusCode.InternalServerError)
            {
                return;
            }
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        Assert.Fail($"5,000 creates of {size} bytes fitted under a one-page limit");
    }

    private static Task<HttpResponseMessage> Create(HttpClient http, string name, string value) =>
        http.PostAsJsonAsync("/api/v1/namespaces/default/configmaps",
            new { apiVersion = "v1", kind = "ConfigMap", metadata = new { name }, data = new Dictionary<string, string> { ["v"] = value } });
}
