using System.Net;
using System.Text;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Events;

public sealed class EventTtlTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start(settings: new Dictionary<string, string>
    {
        ["Controllers:EventTtl"] = "00:00:05",
        ["Controllers:EventTtlCheckPeriod"] = "00:00:00.200",
    });

    [Fact]
    public async Task EventOlderThanTtl_IsDeleted_FreshOneStays()
    {
        var old = DateTime.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var fresh = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, at) in new[] { ("old.1", old), ("fresh.1", fresh) })
        {
            var body = $$$"""{"metadata":{"name":"{{{name}}}"},"involvedObject":{"kind":"Pod","name":"p","namespace":"default"},"reason":"Test","message":"m","type":"Normal","lastTimestamp":"{{{at}}}","firstTimestamp":"{{{at}}}","count":1}""";
            var resp = await Server.Http.PostAsync("/api/v1/namespaces/default/events", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, resp.StatusCode);
        }
        await Eventually.True(async () => (await Server.Http.GetAsync("/api/v1/namespaces/default/events/old.1")).StatusCode == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(10), "expired event deleted");
        Assert.Equal(HttpStatusCode.OK, (await Server.Http.GetAsync("/api/v1/namespaces/default/events/fresh.1")).StatusCode);
    }
}
