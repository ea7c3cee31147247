using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.CustomResources.CrdKit;

namespace MiniApiServer.IntegrationTests.CustomResources;

/// <summary>A restarted server serves its CRDs' resources from the first request, as every replica's crdHandler does from its informer.</summary>
public sealed class CrdRestartTests
{
    [Fact]
    public async Task CustomResources_AreServedAsSoonAsTheServerIsUp()
    {
        var db = Path.Combine(Path.GetTempPath(), $"crd-{Guid.NewGuid():N}.db");
        await using (var first = ApiServerHost.Start(db))
        {
            await InstallAsync(first.Http, CronTabCrd());
            await first.Http.CreateAsync(CronTabs, CronTab("kept", """{"cronSpec":"* * * * *","image":"x"}"""));
        }
        await using var second = ApiServerHost.Start(db);
        var response = await second.Http.GetAsync($"{CronTabs}/kept");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var openApi = await second.Http.GetStringAsync("/openapi/v3");
        Assert.Contains("apis/stable.example.com/v1", openApi, StringComparison.Ordinal);
        var invalid = await second.Http.InvalidMessageAsync(HttpMethod.Post, CronTabs, CronTab("bad", """{"image":"x","replicas":0}"""));
        Assert.Equal("CronTab.stable.example.com \"bad\" is invalid: spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1", invalid);
    }
}
