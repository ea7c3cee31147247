using System.Net;
using System.Net.Http.Json;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Storage;

/// <summary>Two servers on one SQLite file would each assign revisions behind the other's back; the second must refuse.</summary>
public sealed class SingleOwnerTests
{
    [Fact]
    public async Task SecondServerOnTheSameFile_ExitsWithOneLine_AndTheFirstKeepsServing()
    {
        var db = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"), "cluster.db");
        using var first = await ServerProcess.StartAsync(db);
        using var http = new HttpClient { BaseAddress = first.BaseAddress };

        var (exit, _, stderr) = await ServerProcess.RunSubcommandAsync("--urls", "http://127.0.0.1:0", "--db", db, "--nodes", "0");

        Assert.Equal(1, exit);
        Assert.Equal($"database {db} is in use by another MiniApiServer process (pid {first.Pid})", stderr.TrimEnd('\n'));
        var created = await http.PostAsJsonAsync("/api/v1/namespaces/default/configmaps",
            new { apiVersion = "v1", kind = "ConfigMap", metadata = new { name = "after-refusal" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/namespaces/default/configmaps/after-refusal")).StatusCode);
    }
}
