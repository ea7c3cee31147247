using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.CustomResources.CrdKit;

namespace MiniApiServer.IntegrationTests.HighAvailability;

/// <summary>
/// CRDs on PostgreSQL replicas: only the leader names and establishes, every replica serves. A CRD seen Established
/// through one replica is served by the others at once (a lookup that misses catches up with the database first, as
/// each upstream apiserver's crdHandler reads its own informer), and its instances are shared.
/// </summary>
public sealed class ReplicaCustomResourceTests(ThreeReplicas cluster) : IClassFixture<ThreeReplicas>
{
    [Fact]
    public async Task CrdEstablishedThroughOneReplica_IsServedByEveryReplica()
    {
        var refused = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var (a, b, c) = (cluster.Http[i % 3], cluster.Http[(i + 1) % 3], cluster.Http[(i + 2) % 3]);
            var n = i.ToString(CultureInfo.InvariantCulture);
            var crd = CronTabCrd().Replace("crontabs", $"replicas{n}", StringComparison.Ordinal).Replace("\"ct\"", $"\"r{n}\"", StringComparison.Ordinal)
                .Replace("\"singular\":\"crontab\"", $"\"singular\":\"replica{n}\"", StringComparison.Ordinal).Replace("\"kind\":\"CronTab\"", $"\"kind\":\"Replica{n}\"", StringComparison.Ordinal);
            await a.CreateAsync(Crds, crd);
            await Eventually.Get(() => a.GetJsonAsync($"{Crds}/replicas{n}.stable.example.com"), x => IsTrue(x, "Established"), Deadline, $"replicas{n} established");

            var path = $"/apis/stable.example.com/v1/namespaces/default/replicas{n}";
            var (code, body) = await b.SendJsonAsync(HttpMethod.Post, path,
                "{\"apiVersion\":\"stable.example.com/v1\",\"kind\":\"Replica" + n + "\",\"metadata\":{\"name\":\"a\"},\"spec\":{\"image\":\"x\"}}");
            if (code != HttpStatusCode.Created)
            {
                refused.Add($"replicas{n} on the next replica: {(int)code} {body.Str("message")}");
                continue;
            }
            var read = await c.GetJsonAsync($"{path}/a");
            if (read?["spec"]?["replicas"]?.ToJsonString() != "1")
            {
                refused.Add($"replicas{n} read through the third replica: {read?.ToJsonString()}");
            }
        }
        Assert.True(refused.Count == 0, string.Join("; ", refused));
    }
}
