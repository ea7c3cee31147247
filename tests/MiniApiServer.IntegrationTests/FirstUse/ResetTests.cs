using System.Net;
using System.Net.Http.Json;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.FirstUse;

/// <summary>--reset starts the walkthrough again on an empty database, and refuses while another server owns it.</summary>
public sealed class ResetTests
{
    [Fact]
    public async Task Reset_RefusedWhileTheDatabaseIsServed_ThenStartsEmpty()
    {
        var cwd = ServerCli.NewDirectory();
        var db = Path.Combine(cwd, "data", "cluster.db");
        using (var first = await ServerProcess.StartAsync(db))
        {
            using var http = new HttpClient { BaseAddress = first.BaseAddress };
            var created = await http.PostAsJsonAsync("/api/v1/namespaces/default/configmaps",
                new { apiVersion = "v1", kind = "ConfigMap", metadata = new { name = "from-the-first-run" } });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

            var (exit, _, stderr) = await ServerCli.ServerAsync(cwd, "--urls", "http://127.0.0.1:0", "--db", db, "--nodes", "0", "--reset");

            Assert.Equal(1, exit);
            Assert.Equal($"database {db} is in use by another MiniApiServer process (pid {first.Pid})\n", stderr);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/namespaces/default/configmaps/from-the-first-run")).StatusCode);
        }

        using var again = await ServerProcess.StartAsync(db, 0, "--reset");
        using var client = new HttpClient { BaseAddress = again.BaseAddress };
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/namespaces/default/configmaps/from-the-first-run")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/namespaces/default")).StatusCode);
    }
}
