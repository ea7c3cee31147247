using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using MiniApiServer.Application.Errors;
using MiniApiServer.Http;

namespace MiniApiServer.UnitTests.Http;

public sealed class RequestTimeoutMiddlewareTests
{
    private readonly FakeTimeProvider _clock = new();

    private RequestTimeoutMiddleware Middleware(RequestDelegate next, string seconds = "60", TimeProvider? clock = null) =>
        new(next, new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["request-timeout"] = seconds }).Build(), clock ?? _clock);

    /// <summary>A handler that moves the clock past <paramref name="elapsed"/>, then waits for the request to be cancelled.</summary>
    private RequestDelegate SlowerThan(TimeSpan elapsed) => c =>
    {
        _clock.Advance(elapsed);
        return Task.Delay(Timeout.Infinite, c.RequestAborted);
    };

    private static DefaultHttpContext Context(string query = "")
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static async Task<JsonNode> Body(HttpContext context)
    {
        context.Response.Body.Position = 0;
        return (await JsonNode.ParseAsync(context.Response.Body))!;
    }

    [Fact]
    public async Task HandlerSlowerThanServerTimeout_Gets504TimeoutStatus()
    {
        var context = Context();
        await Middleware(SlowerThan(TimeSpan.FromSeconds(1)), "0.5").InvokeAsync(context);
        Assert.Equal(504, context.Response.StatusCode);
        var status = await Body(context);
        Assert.Equal("Timeout", status["reason"]!.GetValue<string>());
        Assert.Equal(RequestTimeoutMiddleware.TimeoutMessage, status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ShorterTimeoutQueryParameter_Wins()
    {
        var context = Context("?timeout=50ms");
        await Middleware(SlowerThan(TimeSpan.FromMilliseconds(60))).InvokeAsync(context);
        Assert.Equal(504, context.Response.StatusCode);
    }

    [Fact]
    public async Task Watch_IsExemptFromTheTimeout()
    {
        var context = Context("?watch=true&timeout=1ms");
        Assert.False(await SeesCancellationPastTheTimeout(context));
        Assert.Equal(200, context.Response.StatusCode);
    }

    /// <summary>Runs a handler that moves the clock a second past a 10 ms timeout; whether it then saw its request cancelled.</summary>
    private async Task<bool> SeesCancellationPastTheTimeout(HttpContext context)
    {
        var sawCancellation = false;
        await Middleware(c =>
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            sawCancellation = c.RequestAborted.IsCancellationRequested;
            return Task.CompletedTask;
        }, "0.01").InvokeAsync(context);
        return sawCancellation;
    }

    [Fact]
    public async Task MalformedTimeout_IsBadRequest()
    {
        var ex = await Assert.ThrowsAsync<ApiException>(() => Middleware(_ => Task.CompletedTask).InvokeAsync(Context("?timeout=soon")));
        Assert.Equal(400, ex.Code);
    }

    /// <summary>
    /// On the system clock (a source built on another clock cannot be reset, so it is never reused): an answered
    /// request's source serves the next request, whose deadline still fires.
    /// </summary>
    [Fact]
    public async Task AnsweredRequestsSource_IsReusedAndStillTimesOut()
    {
        var (first, slowSecond, tokens) = await TwoRequestsOnTheSystemClock(firstIsSlow: false);
        Assert.Equal(200, first.Response.StatusCode);
        Assert.Equal(504, slowSecond.Response.StatusCode);
        Assert.Equal(tokens[0], tokens[1]);
    }

    [Fact]
    public async Task TimedOutRequestsSource_IsNotHandedToTheNextRequest()
    {
        var (slow, next, tokens) = await TwoRequestsOnTheSystemClock(firstIsSlow: true);
        Assert.Equal(504, slow.Response.StatusCode);
        Assert.True(tokens[0].IsCancellationRequested);
        Assert.NotEqual(tokens[0], tokens[1]);
        Assert.False(tokens[1].IsCancellationRequested);
        Assert.Equal(200, next.Response.StatusCode);
    }

    /// <summary>
    /// Two requests in turn through one middleware with a 50 ms timeout on the real clock; the slow one waits for its
    /// cancellation. The contexts, and the token each handler saw.
    /// </summary>
    private async Task<(HttpContext First, HttpContext Second, List<CancellationToken> Tokens)> TwoRequestsOnTheSystemClock(bool firstIsSlow)
    {
        var tokens = new List<CancellationToken>();
        var middleware = Middleware(c =>
        {
            tokens.Add(c.RequestAborted);
            return (tokens.Count == 1) == firstIsSlow ? Task.Delay(Timeout.Infinite, c.RequestAborted) : Task.CompletedTask;
        }, "0.05", TimeProvider.System);
        var first = Context();
        var second = Context();
        await middleware.InvokeAsync(first).WaitAsync(TimeSpan.FromSeconds(30));
        await middleware.InvokeAsync(second).WaitAsync(TimeSpan.FromSeconds(30));
        return (first, second, tokens);
    }

    [Fact]
    public async Task ClientGoingAway_CancelsTheHandlerWithoutA504()
    {
        using var client = new CancellationTokenSource();
        var context = Context();
        context.RequestAborted = client.Token;
        CancellationToken seen = default;
        var run = Middleware(c =>
        {
            seen = c.RequestAborted;
            return Task.Delay(Timeout.Infinite, c.RequestAborted);
        }).InvokeAsync(context);
        Assert.False(seen.IsCancellationRequested);
        await client.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(seen.IsCancellationRequested);
        Assert.Equal(client.Token, context.RequestAborted);
        Assert.Equal(200, context.Response.StatusCode);
    }

    /// <summary>Upstream's long-running requests (watch and proxy verbs; attach, exec, proxy, log, portforward subresources).</summary>
    [Theory]
    [InlineData("/api/v1/namespaces/default/pods/web-1/log", true)]
    [InlineData("/api/v1/namespaces/default/pods/web-1/exec", true)]
    [InlineData("/api/v1/namespaces/default/pods/web-1/attach", true)]
    [InlineData("/api/v1/namespaces/default/pods/web-1/portforward", true)]
    [InlineData("/api/v1/namespaces/default/pods/web-1/proxy/healthz", true)]
    [InlineData("/api/v1/nodes/node-1/proxy/metrics", true)]
    [InlineData("/api/v1/namespaces/default/services/web/proxy", true)]
    [InlineData("/api/v1/watch/namespaces/default/pods", true)]
    [InlineData("/api/v1/namespaces/default/pods/web-1/status", false)]
    [InlineData("/api/v1/namespaces/default/pods/web-1", false)]
    [InlineData("/api/v1/namespaces/log", false)]
    [InlineData("/apis/apps/v1/namespaces/default/deployments/log/scale", false)]
    public async Task LongRunningRequests_AreExempt(string path, bool exempt)
    {
        var context = Context();
        context.Request.Path = path;
        Assert.Equal(!exempt, await SeesCancellationPastTheTimeout(context));
    }
}
