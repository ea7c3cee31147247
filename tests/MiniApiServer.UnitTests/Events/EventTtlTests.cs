using System.Text;
using MiniApiServer.Controllers.Events;

namespace MiniApiServer.UnitTests.Events;

public sealed class EventTtlTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("""{"lastTimestamp":"2026-01-01T10:59:00Z","metadata":{"creationTimestamp":"2026-01-01T09:00:00Z"}}""", true)]
    [InlineData("""{"lastTimestamp":"2026-01-01T11:30:00Z","metadata":{"creationTimestamp":"2026-01-01T09:00:00Z"}}""", false)]
    [InlineData("""{"eventTime":"2026-01-01T10:00:00.000000Z","metadata":{}}""", true)]
    [InlineData("""{"metadata":{"creationTimestamp":"2026-01-01T11:59:00Z"}}""", false)]
    [InlineData("""{"metadata":{}}""", false)]
    public void Expired_UsesLastSighting(string json, bool expired) =>
        Assert.Equal(expired, EventTtl.Expired(Encoding.UTF8.GetBytes(json), Now, TimeSpan.FromHours(1)));
}
