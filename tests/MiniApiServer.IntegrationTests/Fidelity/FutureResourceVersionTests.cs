using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>
/// A LIST at a resourceVersion the server has not reached waits for it (the watch cache's waitUntilFreshAndBlock, 3 s)
/// and is then a 504 Timeout with the ResourceVersionTooLarge cause (storage.NewTooLargeResourceVersionError).
/// </summary>
public sealed class FutureResourceVersionTests : ServerTest
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task ARevisionNeverReachedIsATimeout()
    {
        var created = await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"now"}}""");
        var current = long.Parse(created.Str("metadata", "resourceVersion")!, System.Globalization.CultureInfo.InvariantCulture);
        var future = current + 1_000_000;

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Get, $"{ConfigMaps}?resourceVersion={future}");

        Assert.Equal(HttpStatusCode.GatewayTimeout, code);
        Assert.Equal("Timeout", status.Str("reason"));
        Assert.StartsWith($"Timeout: Too large resource version: {future}, current: ", status.Str("message"), StringComparison.Ordinal);
        Assert.Equal("""{"causes":[{"reason":"ResourceVersionTooLarge","message":"Too large resource version"}],"retryAfterSeconds":1}""", status["details"]!.ToJsonString());
    }

    [Fact]
    public async Task ARevisionReachedWhileWaitingIsServed()
    {
        var created = await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"first"}}""");
        var next = long.Parse(created.Str("metadata", "resourceVersion")!, System.Globalization.CultureInfo.InvariantCulture) + 1;

        var list = Server.Http.SendJsonAsync(HttpMethod.Get, $"{ConfigMaps}?resourceVersion={next}");
        var second = await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"second"}}""");
        var (code, body) = await list;

        // Another writer (a controller) may reach the revision first: the list is then served at a revision between
        // the one asked for and the create's, without it; at or after the create's, with it.
        Assert.Equal(HttpStatusCode.OK, code);
        var listed = long.Parse(body.Str("metadata", "resourceVersion")!, System.Globalization.CultureInfo.InvariantCulture);
        var secondRv = long.Parse(second.Str("metadata", "resourceVersion")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(listed >= next, $"listed at {listed}, asked for {next}");
        Assert.Equal(listed >= secondRv, body["items"]!.AsArray().Any(i => i.Str("metadata", "name") == "second"));
    }
}
