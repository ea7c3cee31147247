using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Watch.WatchHttp;

namespace MiniApiServer.IntegrationTests.Watch;

/// <summary>
/// timeoutSeconds on a watch as handlers/get.go reads it: 0 is no limit of the client's (the server's own, 30–60 min,
/// applies), a positive value ends the stream then. A 0 used to end the watch before it started, as a 500.
/// </summary>
public sealed class WatchTimeoutTests : IAsyncLifetime
{
    private ApiServerHost _server = null!;

    public Task InitializeAsync()
    {
        _server = ApiServerHost.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AWatchWithTimeoutSecondsZero_StaysOpen_AndDeliversLaterWrites()
    {
        using var http = new HttpClient { BaseAddress = _server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var rv = await CreateAsync(http, "before", "a");
        using var watch = await http.GetAsync($"{ConfigMaps}?watch=true&resourceVersion={rv}&timeoutSeconds=0", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, watch.StatusCode);
        await CreateAsync(http, "after", "b");

        using var reader = new StreamReader(await watch.Content.ReadAsStreamAsync());
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var line = await reader.ReadLineAsync(deadline.Token);
        var added = JsonNode.Parse(line!)!;
        Assert.Equal(("ADDED", "after"), (Type(added), Name(added)));
    }

    [Fact]
    public async Task AWatchWithTimeoutSecondsOne_EndsAfterIt()
    {
        using var http = new HttpClient { BaseAddress = _server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var rv = await CreateAsync(http, "only", "a");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var watch = await http.GetAsync($"{ConfigMaps}?watch=true&resourceVersion={rv}&timeoutSeconds=1", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, watch.StatusCode);
        Assert.Empty(await ReadAllAsync(watch).WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(20));
    }
}
