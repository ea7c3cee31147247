using System.Net.Http.Headers;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Watch.WatchHttp;

namespace MiniApiServer.IntegrationTests.Watch;

/// <summary>
/// Each watch event is one JSON line whatever its size, and a Table watch (what `kubectl get -w` asks for) frames
/// its rows the same way: an object larger than the server's output buffers arrives whole, between small ones.
/// </summary>
public sealed class WatchEventFramingTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task AnObjectLargerThanTheOutputBuffers_ArrivesWhole_BetweenSmallOnes()
    {
        using var http = NewStreamingHttp();
        var from = await CreateAsync(http, "first", "1");
        using var resp = await http.GetAsync($"{ConfigMaps}?watch=true&resourceVersion={from}&timeoutSeconds=2", HttpCompletionOption.ResponseHeadersRead);
        var reading = ReadAllAsync(resp);
        var big = string.Concat(Enumerable.Range(0, 30_000).Select(i => (char)('a' + i % 26))) + "é☃\u2028";
        await CreateAsync(http, "small-1", "1");
        await CreateAsync(http, "big", big);
        await CreateAsync(http, "small-2", "2");

        var events = await reading;

        Assert.Equal(["small-1", "big", "small-2"], events.Select(e => Name(e)));
        Assert.All(events, e => Assert.Equal("ADDED", Type(e)));
        Assert.Equal(big, events[1]["object"]!["data"]!["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task TableWatch_FramesEachRowAsOneEvent()
    {
        using var http = NewStreamingHttp();
        var from = await CreateAsync(http, "before", "1");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{ConfigMaps}?watch=true&resourceVersion={from}&timeoutSeconds=2");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/json;as=Table;g=meta.k8s.io;v=v1"));
        using var resp = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var reading = ReadAllAsync(resp);
        await CreateAsync(http, "row-1", "1");
        await http.DeleteAsync($"{ConfigMaps}/row-1");

        var events = await reading;

        Assert.Equal(["ADDED", "DELETED"], events.Select(Type));
        Assert.All(events, e => Assert.Equal("Table", e["object"]!["kind"]!.GetValue<string>()));
        Assert.Equal("row-1", events[0]["object"]!["rows"]![0]!["cells"]![0]!.GetValue<string>());
        Assert.NotNull(events[0]["object"]!["columnDefinitions"]);
    }
}
