using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Watch.WatchHttp;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>
/// Watch-list (sendInitialEvents=true, resourceVersionMatch=NotOlderThan), as kube-apiserver 1.32 serves it:
/// the state as ADDED events, then a BOOKMARK annotated k8s.io/initial-events-end, then changes.
/// </summary>
public sealed class WatchListTests : ServerTest
{
    private const string WatchList = $"{ConfigMaps}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private HttpClient NewHttp() => new() { BaseAddress = Server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };

    private static bool IsInitialEventsEnd(JsonNode e) =>
        Type(e) == "BOOKMARK" && e["object"]?["metadata"]?["annotations"]?["k8s.io/initial-events-end"]?.GetValue<string>() == "true";

    [Theory]
    [InlineData("")]
    [InlineData("&resourceVersion=0")]
    [InlineData("&resourceVersion=FIRST")]
    public async Task InitialStateAsAdded_ThenAnnotatedBookmark_ThenChanges(string resourceVersion)
    {
        using var http = NewHttp();
        var first = await CreateAsync(http, "a", "1");
        var second = await CreateAsync(http, "b", "1");
        using var resp = await http.GetAsync(WatchList + resourceVersion.Replace("FIRST", first, StringComparison.Ordinal) + "&timeoutSeconds=2",
            HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, resp.StatusCode);
        await http.MergePatchAsync($"{ConfigMaps}/a", """{"data":{"v":"2"}}""");
        var events = await ReadAllAsync(resp);

        var end = events.FindIndex(IsInitialEventsEnd);
        Assert.True(end >= 0, string.Join("\n", events.Select(e => e.ToJsonString())));
        // kube-root-ca.crt is part of the state, as in every namespace of a real cluster.
        Assert.Equal(["a", "b", "kube-root-ca.crt"], events.Take(end).Select(e => Name(e)).Order(StringComparer.Ordinal));
        Assert.All(events.Take(end), e => Assert.Equal("ADDED", Type(e)));
        var bookmark = events[end]["object"]!;
        Assert.Equal("ConfigMap", bookmark["kind"]!.GetValue<string>());
        Assert.True(long.Parse(ResourceVersion(bookmark), System.Globalization.CultureInfo.InvariantCulture) >= long.Parse(second, System.Globalization.CultureInfo.InvariantCulture));
        var modified = events.Skip(end + 1).Single(e => Type(e) != "BOOKMARK");
        Assert.Equal("MODIFIED", Type(modified));
        Assert.Equal("a", Name(modified));
    }

    [Fact]
    public async Task SendInitialEventsFalse_WatchesOnlyLaterChanges()
    {
        using var http = NewHttp();
        await CreateAsync(http, "before", "1");
        using var resp = await http.GetAsync($"{ConfigMaps}?watch=true&sendInitialEvents=false&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=2",
            HttpCompletionOption.ResponseHeadersRead);
        await CreateAsync(http, "after", "1");
        var events = (await ReadAllAsync(resp)).Where(e => Type(e) != "BOOKMARK").ToList();
        var added = Assert.Single(events);
        Assert.Equal("after", Name(added));
    }

    [Theory]
    [InlineData("watch=true&sendInitialEvents=true", "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")]
    [InlineData("watch=true&resourceVersion=1&resourceVersionMatch=NotOlderThan", "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")]
    [InlineData("sendInitialEvents=true", "ListOptions.meta.k8s.io \"\" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list")]
    public async Task InvalidCombinations_Are422WithUpstreamMessage(string query, string message)
    {
        using var resp = await Server.Http.GetAsync($"{ConfigMaps}?{query}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, resp.StatusCode);
        Assert.Equal(message, JsonNode.Parse(await resp.Content.ReadAsStringAsync())!["message"]!.GetValue<string>());
    }
}
