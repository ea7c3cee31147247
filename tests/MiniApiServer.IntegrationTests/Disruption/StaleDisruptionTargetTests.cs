using System.Net;
using System.Text;
using k8s;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Disruption.DisruptionKit;

namespace MiniApiServer.IntegrationTests.Disruption;

/// <summary>
/// The disruption controller's stale DisruptionTarget reset (TestStalePodDisruption in disruption_test.go): a pod
/// marked by an eviction that never deleted it gets the mark set to False once the timeout (1 s here) has passed.
/// </summary>
public sealed class StaleDisruptionTargetTests : ServerTest
{
    protected override ApiServerHost StartServer() => DisruptionKit.Start(nodes: 1, staleDisruptionTimeout: "00:00:01");

    [Fact]
    public async Task DisruptionTargetOnAPodThatIsNotDeleting_IsResetToFalse_AfterTheTimeout()
    {
        await ReadyPodAsync(Client, "marked", new Dictionary<string, string> { ["app"] = "web" });
        var now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/namespaces/{Namespace}/pods/marked/status")
        {
            Content = new StringContent($$$"""{"status":{"conditions":[{"type":"DisruptionTarget","status":"True","reason":"EvictionByEvictionAPI","message":"Eviction API: evicting","lastTransitionTime":"{{{now}}}"}]}}""",
                Encoding.UTF8, "application/strategic-merge-patch+json"),
        };
        Assert.Equal(HttpStatusCode.OK, (await Server.Http.SendAsync(patch)).StatusCode);

        var reset = await Eventually.Get(() => Client.ReadNamespacedPodAsync("marked", Namespace),
            p => p.Status.Conditions.Any(c => c.Type == "DisruptionTarget" && c.Status == "False"), what: "DisruptionTarget reset to False");

        Assert.Contains(reset.Status.Conditions, c => c.Type == "Ready" && c.Status == "True");
        Assert.Null(reset.Metadata.DeletionTimestamp);
    }
}
