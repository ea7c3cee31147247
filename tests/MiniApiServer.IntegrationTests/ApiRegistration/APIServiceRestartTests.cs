using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.ApiRegistration;

/// <summary>An on-start APIService a user deleted is registered again by the next start, as kube-apiserver's autoregister does.</summary>
public sealed class APIServiceRestartTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apiservice-restart-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task DeletedLocalAPIService_ComesBackOnRestart()
    {
        var db = Path.Combine(_dir, "cluster.db");
        const string Apps = "/apis/apiregistration.k8s.io/v1/apiservices/v1.apps";
        await using (var first = ApiServerHost.Start(db))
        {
            await Eventually.Get(() => first.Http.GetJsonAsync(Apps), a => a is not null, TimeSpan.FromSeconds(30), "v1.apps registered");
            Assert.Equal(HttpStatusCode.OK, await first.Http.DeleteJsonAsync(Apps));
            Assert.Null(await first.Http.GetJsonAsync(Apps));
        }

        await using var second = ApiServerHost.Start(db);
        var back = await Eventually.Get(() => second.Http.GetJsonAsync(Apps), a => a is not null, TimeSpan.FromSeconds(30), "v1.apps registered again");
        Assert.Equal("onstart", back.Str("metadata", "labels", "kube-aggregator.kubernetes.io/automanaged"));
    }
}
