using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using MiniApiServer.Controllers.Events;

namespace MiniApiServer.UnitTests.Events;

/// <summary>client-go tools/record/events_cache_test.go's rules: aggregation at 10 similar events, spam burst 25, refill 1 per 5 minutes.</summary>
public sealed class EventCorrelatorTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-12-02T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private static RecordedEvent Created(string pod, string ds = "agent", string uid = "uid-1") => new(
        new V1ObjectReference { Kind = "DaemonSet", ApiVersion = "apps/v1", NamespaceProperty = "default", Name = ds, Uid = uid },
        "default", ds, "Normal", "SuccessfulCreate", $"Created pod: {pod}", "daemonset-controller");

    [Fact]
    public void NineDistinctMessages_StayApart_TheTenthIsCombined_AndLaterOnesShareItsKey()
    {
        var correlator = new EventCorrelator(_clock);
        var results = Enumerable.Range(1, 12).Select(i => correlator.Correlate(Created($"p{i}"))).ToList();

        Assert.All(results.Take(9), (r, i) => Assert.Equal($"Created pod: p{i + 1}", r.Message));
        Assert.Equal(9, results.Take(9).Select(r => r.Key).Distinct().Count());
        Assert.Equal("(combined from similar events): Created pod: p10", results[9].Message);
        Assert.Equal("(combined from similar events): Created pod: p12", results[11].Message);
        Assert.Single(results.Skip(9).Select(r => r.Key).Distinct());
        Assert.DoesNotContain(results[9].Key, results.Take(9).Select(r => r.Key));
    }

    [Fact]
    public void TheSameMessageAgain_KeepsItsOwnKey_SoTheStoredEventsCountGrows()
    {
        var correlator = new EventCorrelator(_clock);
        var first = correlator.Correlate(Created("p1"));
        var again = correlator.Correlate(Created("p1"));
        Assert.Equal(first.Key, again.Key);
        Assert.Equal("Created pod: p1", again.Message);
    }

    [Fact]
    public void SpamFilter_AllowsABurstOf25PerObject_ThenOnePerFiveMinutes()
    {
        var correlator = new EventCorrelator(_clock);
        var skipped = Enumerable.Range(1, 30).Select(i => correlator.Correlate(Created($"p{i}")).Skip).ToList();
        Assert.Equal(Enumerable.Repeat(false, 25).Concat(Enumerable.Repeat(true, 5)), skipped);

        // Another object from the same source has its own bucket.
        Assert.False(correlator.Correlate(Created("q1", ds: "other", uid: "uid-2")).Skip);

        _clock.Advance(TimeSpan.FromSeconds(299));
        Assert.True(correlator.Correlate(Created("p31")).Skip);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(correlator.Correlate(Created("p32")).Skip);
        Assert.True(correlator.Correlate(Created("p33")).Skip);
    }

    [Fact]
    public void AggregationStartsOver_AfterTenQuietMinutes()
    {
        var correlator = new EventCorrelator(_clock);
        for (var i = 1; i <= 10; i++)
        {
            correlator.Correlate(Created($"p{i}"));
        }
        _clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal("Created pod: p11", correlator.Correlate(Created("p11")).Message);
    }
}
